"""helpers.clip.pooling: under the causal mask only the end token (and the padding after it) has seen every word."""

import pytest
import torch

from helpers import clip
from helpers.clip import pooling, text_tower


@pytest.fixture(scope="module")
def untrained():
    return text_tower.untrained_clip("ViT-B-32")


def test_content_seen_counts_up_to_the_end_token():
    ids = clip.tokenize("a photo of a cat")[0]
    allowed = torch.ones(77, 77, dtype=torch.bool).tril()
    seen = pooling.content_seen(allowed, ids)
    end = int(ids.argmax())
    assert end == 6 and seen[:end].tolist() == [0, 1, 2, 3, 4, 5]
    assert (seen[end - 1:] == 5).all()  # the last word, the end token and the padding have seen them all


def test_content_seen_ignores_end_id_padding():
    ids = clip.tokenize("a photo of a cat")[0]
    hf_style = ids.clone()
    hf_style[7:] = clip.END_ID
    allowed = torch.ones(77, 77, dtype=torch.bool).tril()
    assert torch.equal(pooling.content_seen(allowed, ids), pooling.content_seen(allowed, hf_style))
    with pytest.raises(ValueError, match="mask"):
        pooling.content_seen(allowed[:5, :5], ids)


def test_changing_the_last_word_changes_only_later_slots(untrained):
    cat, dog = clip.tokenize(["a photo of a cat", "a photo of a dog"])
    changed = pooling.slots_changed(untrained, cat, dog)
    assert not changed[:5].any() and changed[5:].all()
    assert pooling.slot_states(untrained, cat[None]).shape == (1, 77, 512)
    with pytest.raises(ValueError, match="single rows"):
        pooling.slots_changed(untrained, cat[None], dog[None])


def test_random_windows_have_one_start_and_a_first_end():
    for pad in (clip.PAD_ID, clip.END_ID):
        ids = pooling.random_windows(32, seed=1, pad_id=pad)
        assert ids.shape == (32, 77) and (ids[:, 0] == clip.START_ID).all()
        ends = clip.end_token_positions(ids)
        assert all(int((row[: e] == clip.END_ID).sum()) == 0 for row, e in zip(ids, ends))
        assert (ids[torch.arange(32), ends] == clip.END_ID).all()
