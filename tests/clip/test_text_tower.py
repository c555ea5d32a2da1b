"""helpers.clip.text_tower: the real ViT-B/32 text tower's shapes, mask and end-token pooling."""

import json

import open_clip
import pytest
import torch

from helpers import clip
from helpers.clip import text_tower


@pytest.fixture(scope="module")
def untrained():
    return text_tower.untrained_clip("ViT-B-32")


def test_untrained_clip_is_a_whole_clip_model(untrained):
    assert isinstance(untrained, open_clip.CLIP) and not untrained.training
    assert hasattr(untrained, "visual") and untrained.positional_embedding.shape == (77, 512)
    assert text_tower.untrained_clip("ViT-B-32") is untrained  # built once per architecture


def test_facts_of_vit_b_32(untrained):
    facts = text_tower.text_tower_facts(untrained)
    assert (facts.context_length, facts.width, facts.layers, facts.heads, facts.embed_dim) == (77, 512, 12, 8, 512)
    assert facts.positional_embedding == (77, 512) and facts.attn_mask == (77, 77)
    assert facts.pool_type == "argmax" and facts.vocab_size == 49408
    assert 60e6 < facts.parameters < 66e6
    text_only = sum(p.numel() for name, p in untrained.named_parameters() if not name.startswith("visual"))
    assert facts.parameters == text_only


def test_mask_is_causal(untrained):
    allowed = text_tower.causal_mask_allowed(untrained)
    assert torch.equal(allowed, torch.ones(77, 77, dtype=torch.bool).tril())


def test_end_token_positions():
    ids = clip.tokenize(["a cat", "a quick brown fox jumps over the lazy dog."])
    assert text_tower.end_token_positions(ids).tolist() == [3, 11]


def test_padding_cannot_change_the_embedding(untrained):
    ids = clip.tokenize(["a photo of a cat", "a dog"])
    assert text_tower.padding_effect(untrained, ids) < 1e-6


def test_padding_effect_detects_a_model_that_reads_everything(untrained):
    """The check can fail: with mean pooling and no mask, padding does change the embedding."""
    import copy

    leaky = copy.deepcopy(untrained)
    leaky.text_pool_type = "last"  # read the last slot, which sits in the padding
    ids = clip.tokenize(["a photo of a cat"])
    assert text_tower.padding_effect(leaky, ids) > 1e-4


def test_word_prefixes_and_drift_shapes(tmp_path):
    cfg = {"embed_dim": 8, "vision_cfg": {"image_size": 32, "layers": 1, "width": 16, "patch_size": 16, "head_width": 8},
           "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 16, "heads": 2, "layers": 1}}
    (tmp_path / "FiveQ-Drift.json").write_text(json.dumps(cfg))
    open_clip.add_model_config(tmp_path)
    model = open_clip.create_model("FiveQ-Drift", pretrained=None).eval()
    text = "a photo of a red bus parked beside a brick building"
    counts, cos_full, steps = text_tower.embedding_drift(model, open_clip.get_tokenizer("FiveQ-Drift"), text)
    assert counts == [clip.count_tokens(" ".join(text.split()[:k])) for k in range(1, 12)]
    assert len(cos_full) == len(steps) == 11 and steps[0] == 0.0
    assert cos_full[-1] == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError, match="no words"):
        text_tower.word_prefixes("")


def test_unknown_arch():
    with pytest.raises(ValueError, match="unknown open_clip architecture"):
        text_tower.untrained_clip("ViT-Z-1")
