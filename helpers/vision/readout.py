"""Reading a trained ViT: its predictions, where its class token looks, and its frozen features.

Everything runs without gradients on one CPU thread (fastest for models this small).
"""

from __future__ import annotations

import torch

from ..core import checks
from ..core.runtime import cpu_threads
from .patches import _as_tensor
from .vit import TinyViT, ViTEncoder

POOLS = {"cls": "class token", "mean": "mean of patch tokens"}
"""The two ways ``encoder_features`` reads one vector per image out of the encoder's tokens."""


@cpu_threads(1)
@torch.no_grad()
def predict(model: TinyViT, images, batch_size: int = 512):
    """Class predictions ``(n,)`` for images ``(n, C, H, W)``."""
    images, batch_size = _as_tensor(images, "images"), checks.positive_int(batch_size, "batch_size")
    model.eval()
    return torch.cat([model(images[i:i + batch_size]).argmax(-1) for i in range(0, len(images), batch_size)])


def accuracy(model: TinyViT, images, labels) -> float:
    """Fraction of ``images`` classified as ``labels``."""
    if len(labels) != len(images):
        raise ValueError(f"labels must hold one label per image ({len(images)}), got {len(labels)}")
    return float((predict(model, images) == labels).float().mean())


@cpu_threads(1)
@torch.no_grad()
def attention_maps(encoder: ViTEncoder, images):
    """Every layer's attention ``(layers, B, heads, T, T)`` with T = 1 + patches (token 0 is the class token)."""
    encoder.eval()
    return torch.stack(encoder(images, return_attention=True).attentions)


def class_token_attention(encoder: ViTEncoder, images, layer: int = -1, head: int | None = None):
    """How much the class token attends to each patch: ``(B, rows, cols)``.

    ``head=None`` averages the heads. Weights over the patches are renormalised to sum to 1
    (the class token's attention to itself is left out).
    """
    return select_class_token_attention(attention_maps(encoder, images), layer, head)


def _check_layer_head(maps, layer, head) -> None:
    layers, heads = maps.shape[0], maps.shape[2]
    if not -layers <= checks.integer(layer, "layer") < layers:
        raise ValueError(f"layer must be in [0, {layers}), got {layer}")
    if head is not None and not 0 <= checks.integer(head, "head") < heads:
        raise ValueError(f"head must be in [0, {heads}) or None for the mean, got {head}")


def select_class_token_attention(maps, layer: int = -1, head: int | None = None):
    """``class_token_attention`` from precomputed ``attention_maps`` ``(layers, B, heads, T, T)``."""
    _check_layer_head(maps, layer, head)
    weights = maps[layer, :, :, 0, 1:]  # (B, heads, N): row 0 is the class token's attention
    weights = weights.mean(1) if head is None else weights[:, head]
    weights = weights / weights.sum(-1, keepdim=True)
    side = round(weights.shape[-1] ** 0.5)
    return weights.reshape(-1, side, side)


@cpu_threads(1)
@torch.no_grad()
def encoder_features(encoder: ViTEncoder, images, pool: str = "cls", batch_size: int = 512):
    """Frozen features ``(n, width)``: the class token (``pool="cls"``) or the mean of the patch tokens (``"mean"``)."""
    checks.choice(pool, "pool", POOLS)
    encoder.eval()
    out = []
    for i in range(0, len(images), batch_size):
        hidden = encoder(images[i:i + batch_size]).hidden
        out.append(hidden[:, 0] if pool == "cls" else hidden[:, 1:].mean(1))
    return torch.cat(out)
