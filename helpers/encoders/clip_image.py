"""CLIP's image tower as a modality encoder: patch tokens for a language model, a pooled vector for text.

Works with an open_clip ``CLIP`` model, the format lesson 01 loads too (one download serves both lessons):
``helpers.core.pretrained.open_clip_model("ViT-B-32", "openai")`` when weights are reachable, or the same
architecture with random weights (``clip_vit_b32_random``), whose shapes are real and values meaningless.
Without weights a lesson needs only the shapes: ``meta_clip_image_tokens`` runs the same ViT-B/32 on PyTorch's
``meta`` device (transformers' CLIP vision tower, no values, no memory, no open_clip import).
"""

from __future__ import annotations

import contextlib
import functools
import logging

from ..core import checks


def clip_image_tokens(model, images):
    """An open_clip CLIP image tower on ``images`` ``(B, 3, H, W)`` in [0, 1] (CLIP-normalised here).

    Anything ``helpers.vision.to_rgb`` reads works too: one image, channels-last ``(B, H, W, 3)``,
    grayscale, ``uint8``, a NumPy array.

    Returns ``(pooled, tokens)``: the projected image embedding ``(B, embed_dim)`` (what CLIP compares with
    text) and the patch tokens ``(B, patches, width)`` after the final layer norm, without the class token
    (what LLaVA-style models hand on).
    """
    import torch

    with torch.no_grad(), _returning_tokens(model.visual):
        pooled, tokens = model.visual(_normalise(model, images))
    return pooled, tokens


def clip_prompt_probabilities(model, tokenizer, images, prompts):
    """CLIP zero-shot: softmax over ``prompts`` of the scaled cosine between each image and each prompt.

    ``model`` is an open_clip ``CLIP``, ``tokenizer`` its tokenizer (texts → ``(N, 77)`` ids); ``images``
    ``(B, 3, H, W)`` in [0, 1]. Returns ``(B, len(prompts))`` rows summing to 1. Meaningful only with
    pretrained weights.
    """
    import torch

    prompts = [checks.clean_text(p, f"prompts[{i}]") for i, p in enumerate(checks.texts(prompts, "prompts"))]
    pooled, _ = clip_image_tokens(model, images)
    with torch.no_grad():
        text = model.encode_text(tokenizer(list(prompts)))
        pooled = torch.nn.functional.normalize(pooled, dim=-1)
        text = torch.nn.functional.normalize(text, dim=-1)
        return torch.softmax(model.logit_scale.exp() * pooled @ text.T, dim=-1)


def clip_vit_b32_random(seed: int = 0):
    """open_clip's ViT-B-32 with RANDOM weights: the architecture ``open_clip_model("ViT-B-32", "openai")``
    builds (QuickGELU included), for shapes only."""
    import open_clip
    import torch

    # open_clip warns that no weights were loaded; the caller says RANDOM itself, where the learner reads it.
    logging.disable(logging.WARNING)
    try:
        with torch.random.fork_rng():
            torch.manual_seed(checks.integer(seed, "seed", 0))
            model = open_clip.create_model("ViT-B-32", pretrained=None, force_quick_gelu=True)
    finally:
        logging.disable(logging.NOTSET)
    return model.eval()


# OpenAI's CLIP ViT-B/32 image tower in transformers' terms: 224 px, 32 px patches, 12 layers of width 768, QuickGELU,
# projected to 512; a test checks it has exactly open_clip's ViT-B-32 parameter count.
CLIP_B32_VISION = {"image_size": 224, "patch_size": 32, "hidden_size": 768, "intermediate_size": 3072,
                   "num_hidden_layers": 12, "num_attention_heads": 12, "projection_dim": 512, "hidden_act": "quick_gelu"}


@functools.lru_cache(maxsize=1)
def meta_clip_vit_b32():
    """CLIP ViT-B/32's image tower built on ``torch.device("meta")`` (transformers' ``CLIPVisionModelWithProjection``)."""
    import torch
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    with torch.device("meta"):
        return CLIPVisionModelWithProjection(CLIPVisionConfig(**CLIP_B32_VISION)).eval()


def meta_clip_image_tokens(images):
    """``clip_image_tokens`` for CLIP ViT-B/32 without weights: the same ``(pooled, tokens)``, ``(B, 512)`` and
    ``(B, 49, 768)`` for ``(B, 3, 224, 224)`` images, as meta tensors (shapes only, no values)."""
    import torch

    from ..vision.photos import to_rgb

    tower, images = meta_clip_vit_b32(), _check_side(to_rgb(images), CLIP_B32_VISION["image_size"])
    with torch.no_grad():
        out = tower(pixel_values=images.to("meta"))
        tokens = tower.vision_model.post_layernorm(out.last_hidden_state[:, 1:])  # open_clip's ln_post, no class token
    return out.image_embeds, tokens


def _check_side(images, side: int):
    if tuple(images.shape[-2:]) != (side, side):
        raise ValueError(f"images must be {side} × {side} for CLIP ViT-B/32, got {tuple(images.shape[-2:])}")
    return images


def _normalise(model, images):
    """Scale ``images`` in [0, 1] by the mean and std the model was trained with (open_clip's preprocess does the same)."""
    import open_clip
    import torch

    from ..vision.photos import to_rgb

    images = to_rgb(images)       # (B, 3, H, W) float from whatever layout came (channels-last is read as such)

    cfg = open_clip.get_model_preprocess_cfg(model)
    mean = torch.tensor(cfg["mean"], dtype=images.dtype).view(1, 3, 1, 1)
    std = torch.tensor(cfg["std"], dtype=images.dtype).view(1, 3, 1, 1)
    return (images - mean) / std


@contextlib.contextmanager
def _returning_tokens(visual):
    """Make open_clip's ``VisionTransformer`` return ``(pooled, tokens)`` for one call, then put it back."""
    before = visual.output_tokens
    visual.output_tokens = True
    try:
        yield visual
    finally:
        visual.output_tokens = before
