"""CLIP's image tower as a modality encoder: patch tokens for a language model, a pooled vector for text.

Works with a transformers ``CLIPModel`` (pretrained, when the hub is reachable) or the ViT-B/32 image
tower with random weights (``clip_vit_b32_random``), whose shapes are real and values meaningless.
"""

from __future__ import annotations

from ..core import checks

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


def clip_image_tokens(model, images):
    """A transformers CLIP image tower on ``images`` ``(B, 3, H, W)`` in [0, 1] (CLIP-normalised here).

    ``model`` is a ``CLIPModel`` or ``CLIPVisionModelWithProjection``. Returns ``(pooled, tokens)``: the
    projected image embedding ``(B, projection_dim)`` (what CLIP compares with text) and the patch tokens
    ``(B, patches, width)`` without the class token (what LLaVA-style models hand on).
    """
    import torch

    mean = torch.tensor(CLIP_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(CLIP_STD).view(1, 3, 1, 1)
    with torch.no_grad():
        out = model.vision_model(pixel_values=(images - mean) / std)
        pooled = model.visual_projection(out.pooler_output)
    return pooled, out.last_hidden_state[:, 1:]


def clip_prompt_probabilities(model, tokenizer, images, prompts):
    """CLIP zero-shot: softmax over ``prompts`` of the scaled cosine between each image and each prompt.

    ``model`` is a transformers ``CLIPModel``, ``tokenizer`` its tokenizer; ``images`` ``(B, 3, H, W)`` in
    [0, 1]. Returns ``(B, len(prompts))`` rows summing to 1. Meaningful only with pretrained weights.
    """
    import torch

    prompts = checks.texts(prompts, "prompts")
    pooled, _ = clip_image_tokens(model, images)
    batch = tokenizer(list(prompts), padding=True, return_tensors="pt")
    with torch.no_grad():
        text = model.text_projection(model.text_model(input_ids=batch["input_ids"],
                                                      attention_mask=batch["attention_mask"]).pooler_output)
    pooled = torch.nn.functional.normalize(pooled, dim=-1)
    text = torch.nn.functional.normalize(text, dim=-1)
    return torch.softmax(model.logit_scale.exp() * pooled @ text.T, dim=-1)


def clip_vit_b32_random():
    """CLIP ViT-B/32's image tower (transformers' default CLIP vision config) with RANDOM weights: shapes only."""
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    config = CLIPVisionConfig(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                              image_size=224, patch_size=32, projection_dim=512)
    return CLIPVisionModelWithProjection(config).eval()
