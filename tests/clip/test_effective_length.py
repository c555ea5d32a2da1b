"""helpers.clip.effective_length: one swap placed early or late in a caption of fixed length."""

import pytest

from helpers import clip
from helpers.clip import effective_length, text_tower
from helpers.core import corpora


def test_place_detail_and_its_start_slot():
    clauses = ["a photo of a dog", "on a beach"]
    assert effective_length.place_detail(clauses, "x y", 1) == "a photo of a dog, x y, on a beach"
    for index in range(3):
        caption = effective_length.place_detail(clauses, "a red balloon", index)
        ids = clip.tokenize(caption)[0].tolist()
        start = effective_length.detail_start_token(clauses, index)
        assert clip.decode(ids[start:start + 3]) == "a red balloon"
    with pytest.raises(ValueError, match="index"):
        effective_length.place_detail(clauses, "x", 5)


def test_position_effect_with_random_weights():
    model = text_tower.untrained_clip("ViT-B-32")
    caption = corpora.read_lines("clip/detailed_caption.txt")[0]
    result = effective_length.position_effect(model, clip.tokenize, caption)
    assert result.early_slot < 20 < result.late_slot and result.caption_tokens <= 75
    assert len(result.early) == len(result.late) == len(effective_length.SWAPS)
    assert all(v > 0 for v in result.early + result.late) and result.late_over_early > 0
    with pytest.raises(ValueError, match="must fit in 75"):
        effective_length.position_effect(model, clip.tokenize, ", ".join([caption] * 2))
