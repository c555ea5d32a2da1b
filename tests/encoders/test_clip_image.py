"""CLIP's image tower: patch tokens, the pooled vector, and the pretrained path's prompt ranking."""

import pytest
import torch

from helpers import encoders
from helpers.encoders import clip_image


def _tiny_clip():
    from transformers import CLIPConfig, CLIPModel

    config = CLIPConfig(text_config=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                                         vocab_size=100, max_position_embeddings=16, bos_token_id=0, eos_token_id=2,
                                         pad_token_id=1),
                        vision_config=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                           num_attention_heads=2, image_size=64, patch_size=16), projection_dim=24)
    return CLIPModel(config).eval()


def _toy_tokenizer(texts, padding=True, return_tensors="pt"):
    ids = [[0] + [3 + (ord(c) % 90) for c in t[:10]] + [2] for t in texts]
    width = max(len(i) for i in ids)
    return {"input_ids": torch.tensor([i + [1] * (width - len(i)) for i in ids]),
            "attention_mask": torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i in ids])}


def test_clip_image_tokens_shapes_on_the_b32_architecture():
    model = clip_image.clip_vit_b32_random()
    pooled, tokens = clip_image.clip_image_tokens(model, torch.rand(2, 3, 224, 224))
    assert pooled.shape == (2, 512)
    assert tokens.shape == (2, encoders.visual_token_count(224, 32), 768)


def test_pretrained_path_loads_a_local_clip_checkpoint_and_ranks_prompts(tmp_path):
    from helpers.core import pretrained

    _tiny_clip().save_pretrained(tmp_path / "clip")
    weights = pretrained.try_load(pretrained.hf_model, str(tmp_path / "clip"), "CLIPModel")
    assert weights.available
    pooled, tokens = clip_image.clip_image_tokens(weights.model, torch.rand(3, 3, 64, 64))
    assert pooled.shape == (3, 24) and tokens.shape == (3, encoders.visual_token_count(64, 16), 32)
    probs = clip_image.clip_prompt_probabilities(weights.model, _toy_tokenizer, torch.rand(3, 3, 64, 64),
                                            ["a photo of a cat", "a rocket", "a man"])
    assert probs.shape == (3, 3)
    assert torch.allclose(probs.sum(1), torch.ones(3))
    with pytest.raises(ValueError, match="prompts"):
        clip_image.clip_prompt_probabilities(weights.model, _toy_tokenizer, torch.rand(1, 3, 64, 64), [])
