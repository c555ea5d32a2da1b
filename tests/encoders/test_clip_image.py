"""CLIP's image tower in open_clip's format (lesson 01's): patch tokens, the pooled vector, prompt ranking."""

import pytest
import torch

from helpers import encoders
from helpers.core import pretrained
from helpers.encoders import clip_image

open_clip = pytest.importorskip("open_clip")


@pytest.fixture(scope="module")
def b32():
    return clip_image.clip_vit_b32_random()


def test_b32_shapes_are_the_ones_the_lesson_prints(b32):
    pooled, tokens = clip_image.clip_image_tokens(b32, torch.rand(2, 3, 224, 224))
    assert pooled.shape == (2, 512)
    assert tokens.shape == (2, encoders.visual_token_count(224, 32), 768) == (2, 49, 768)
    assert b32.visual.conv1.out_channels == 768 and b32.visual.positional_embedding.shape == (50, 768)  # 49 + class


def test_tokens_and_pooled_agree_with_open_clips_own_forward(b32):
    images = torch.rand(2, 3, 224, 224)
    pooled, tokens = clip_image.clip_image_tokens(b32, images)
    assert b32.visual.output_tokens is False  # put back: encode_image still returns one tensor
    normalised = clip_image._normalise(b32, images)
    with torch.no_grad():
        assert torch.allclose(pooled, b32.encode_image(normalised), atol=1e-5)
        b32.visual.output_tokens = True
        try:
            theirs_pooled, theirs_tokens = b32.visual(normalised)
        finally:
            b32.visual.output_tokens = False
    assert torch.equal(pooled, theirs_pooled) and torch.equal(tokens, theirs_tokens)


def test_meta_b32_is_open_clips_vit_b32_and_gives_the_same_shapes_without_values(b32):
    from helpers.core.probes import parameter_count

    assert parameter_count(clip_image.meta_clip_vit_b32()) == parameter_count(b32.visual) == 87_849_216
    images = torch.rand(3, 3, 224, 224)
    pooled, tokens = clip_image.meta_clip_image_tokens(images)
    theirs_pooled, theirs_tokens = clip_image.clip_image_tokens(b32, images)
    assert pooled.shape == theirs_pooled.shape == (3, 512) and tokens.shape == theirs_tokens.shape == (3, 49, 768)
    assert pooled.is_meta and tokens.is_meta
    _, channels_last = clip_image.meta_clip_image_tokens(images.permute(0, 2, 3, 1).numpy())
    assert channels_last.shape == (3, 49, 768)


def test_random_b32_is_the_openai_architecture_and_leaves_the_global_seed_alone(b32):
    from open_clip.transformer import QuickGELU

    assert isinstance(b32.visual.transformer.resblocks[0].mlp.gelu, QuickGELU)
    assert isinstance(b32.transformer.resblocks[0].mlp.gelu, QuickGELU)
    torch.manual_seed(1)
    expected = torch.rand(3)
    torch.manual_seed(1)
    clip_image.clip_vit_b32_random()
    assert torch.equal(torch.rand(3), expected)


def test_pretrained_branch_loads_a_local_open_clip_checkpoint_and_ranks_prompts(tiny_open_clip, tmp_path):
    torch.manual_seed(0)
    original = open_clip.create_model(tiny_open_clip, pretrained=None)
    torch.save(original.state_dict(), tmp_path / "tiny.pt")
    weights = pretrained.try_load(pretrained.open_clip_model, tiny_open_clip, str(tmp_path / "tiny.pt"))
    assert weights.available, weights.reason
    model, preprocess, tokenizer = weights.model
    images = torch.rand(3, 3, 64, 64)

    pooled, tokens = clip_image.clip_image_tokens(model, images)
    assert pooled.shape == (3, 16) and tokens.shape == (3, encoders.visual_token_count(64, 16), 32)

    prompts = ["a photo of a cat", "a rocket", "a man"]
    probs = clip_image.clip_prompt_probabilities(model, tokenizer, images, prompts)
    assert probs.shape == (3, 3) and torch.allclose(probs.sum(1), torch.ones(3))
    with torch.no_grad():
        image_features, text_features, scale = model(clip_image._normalise(model, images), tokenizer(prompts))
    assert torch.allclose(probs, torch.softmax(scale * image_features @ text_features.T, dim=-1), atol=1e-5)
    with pytest.raises(ValueError, match="prompts"):
        clip_image.clip_prompt_probabilities(model, tokenizer, images[:1], [])


def test_normalise_uses_the_mean_and_std_of_open_clips_preprocess(b32):
    from open_clip.constants import OPENAI_DATASET_MEAN, OPENAI_DATASET_STD

    grey = torch.full((1, 3, 4, 4), 0.5)
    expected = (0.5 - torch.tensor(OPENAI_DATASET_MEAN)) / torch.tensor(OPENAI_DATASET_STD)
    assert torch.allclose(clip_image._normalise(b32, grey)[0, :, 0, 0], expected)
