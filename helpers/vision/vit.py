"""A Vision Transformer small enough to train on a CPU in seconds, written out in full (nanoGPT's style).

The pieces are the paper's: ``patchify`` → one linear projection per patch → a learned class
token in front → position embeddings → pre-norm Transformer blocks → a linear head that reads the
class token only. ``ViTEncoder`` is shared with the MAE of ``helpers.vision.mae``: called with
``mask_ratio > 0`` it runs on the visible patches only.

``helpers.vision.training.train_tiny_vit`` trains it on scikit-learn's handwritten digits; lesson 05
reuses the trained model and its features.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from .patches import patchify, random_masking


@dataclass(frozen=True)
class TinyViTConfig:
    """Shape of a ViT. The defaults fit 8×8 digits: 2×2 patches → 16 patch tokens + 1 class token.

    Images come in as [0, 1]; the encoder first maps them to ``(x - pixel_mean) / pixel_std``
    ([-1, 1] with the defaults, the preprocessing of Google's ViT checkpoints): centred inputs
    spare the model a long plateau at the start of training.
    """

    image_size: int = 8
    patch_size: int = 2
    channels: int = 1
    width: int = 64
    depth: int = 3
    heads: int = 4
    mlp_ratio: float = 2.0
    num_classes: int = 10
    pixel_mean: float = 0.5
    pixel_std: float = 0.5
    learned_positions: bool = True

    def __post_init__(self):
        from ..core import checks

        for name in ("image_size", "patch_size", "channels", "width", "depth", "heads", "num_classes"):
            object.__setattr__(self, name, checks.positive_int(getattr(self, name), name))   # np/torch ints → int
        for name in ("mlp_ratio", "pixel_std"):
            object.__setattr__(self, name, checks.real(getattr(self, name), name, 0, open_minimum=True))
        object.__setattr__(self, "pixel_mean", checks.real(self.pixel_mean, "pixel_mean"))
        if self.image_size % self.patch_size:
            raise ValueError(f"image_size {self.image_size} is not divisible by patch_size {self.patch_size}")
        if self.width % self.heads:
            raise ValueError(f"width {self.width} is not divisible by heads {self.heads}")

    @property
    def num_patches(self) -> int:
        return (self.image_size // self.patch_size) ** 2

    @property
    def patch_dim(self) -> int:
        return self.patch_size * self.patch_size * self.channels


DIGITS_VIT = TinyViTConfig()
"""Lesson 03's tiny ViT: 8×8 digits, 2×2 patches, width 64, 3 blocks, 4 heads, learned positions (~105k parameters)."""

VIT_B16 = TinyViTConfig(image_size=224, patch_size=16, channels=3, width=768, depth=12, heads=12, mlp_ratio=4.0,
                        num_classes=1000, learned_positions=True)
"""ViT-B/16's shape in this module's terms (for measuring compute, not for training here)."""


def _check_sincos(side, width, temperature):
    from ..core import checks

    side, width = checks.positive_int(side, "side"), checks.positive_int(width, "width")
    if width % 4:
        raise ValueError(f"width must be divisible by 4 for 2-D sine-cosine positions, got {width}")
    return side, width, checks.real(temperature, "temperature", 0, open_minimum=True)


def sincos_position_table(side: int, width: int, temperature: float = 10000.0):
    """Fixed 2-D position embeddings ``(1 + side*side, width)``: row zero for the class token, then
    half the channels encode the patch's row and half its column with sines and cosines of
    geometrically spaced frequencies (MAE's table)."""
    side, width, temperature = _check_sincos(side, width, temperature)
    quarter = width // 4
    frequencies = 1.0 / temperature ** (torch.arange(quarter, dtype=torch.float64) / quarter)
    rows, cols = torch.meshgrid(torch.arange(side, dtype=torch.float64), torch.arange(side, dtype=torch.float64),
                                indexing="ij")

    def encode(positions):
        angles = positions.reshape(-1, 1) * frequencies[None]
        return torch.cat([angles.sin(), angles.cos()], dim=1)

    table = torch.cat([encode(rows), encode(cols)], dim=1)
    return torch.cat([torch.zeros(1, width, dtype=torch.float64), table]).float()


class Attention(nn.Module):
    """Multi-head self-attention; returns the attention weights ``(B, heads, T, T)`` when asked."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)

    def forward(self, x, return_attention: bool = False):
        b, t, c = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        if return_attention:
            weights = (q @ k.transpose(-2, -1) / math.sqrt(c // self.heads)).softmax(dim=-1)
            y = weights @ v
        else:  # the fused kernel is faster but does not expose the weights
            weights, y = None, F.scaled_dot_product_attention(q, k, v)
        return self.proj(y.transpose(1, 2).reshape(b, t, c)), weights


class Block(nn.Module):
    """Pre-norm Transformer block: ``x + attn(norm(x))`` then ``x + mlp(norm(x))``."""

    def __init__(self, width: int, heads: int, mlp_ratio: float):
        super().__init__()
        hidden = int(width * mlp_ratio)
        self.norm1 = nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, hidden), nn.GELU(), nn.Linear(hidden, width))

    def forward(self, x, return_attention: bool = False):
        y, weights = self.attn(self.norm1(x), return_attention)
        x = x + y
        return x + self.mlp(self.norm2(x)), weights


@dataclass
class EncoderOutput:
    """``hidden`` ``(B, 1 + N_visible, width)`` (class token first); ``mask`` ``(B, N)`` 1 = removed;
    ``ids_restore`` ``(B, N)``; ``attentions``: one ``(B, heads, T, T)`` per layer when asked."""

    hidden: torch.Tensor
    mask: torch.Tensor
    ids_restore: torch.Tensor
    attentions: list = field(default_factory=list)


class ViTEncoder(nn.Module):
    """Images ``(B, C, H, W)`` → tokens ``(B, 1 + N_visible, width)``: the ViT (and MAE) encoder."""

    def __init__(self, config: TinyViTConfig):
        super().__init__()
        self.config = config
        self.patch_embed = nn.Linear(config.patch_dim, config.width)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, config.width))
        side = config.image_size // config.patch_size
        if config.learned_positions:
            self.pos_embed = nn.Parameter(torch.randn(1, config.num_patches + 1, config.width) * 0.02)
        else:  # fixed 2-D sine-cosine table, as in MAE: the grid's geometry is given, not learned
            self.register_buffer("pos_embed", sincos_position_table(side, config.width)[None], persistent=False)
        self.blocks = nn.ModuleList(Block(config.width, config.heads, config.mlp_ratio) for _ in range(config.depth))
        self.norm = nn.LayerNorm(config.width)

    def forward(self, images, mask_ratio: float = 0.0, generator=None, return_attention: bool = False) -> EncoderOutput:
        pixels = (images - self.config.pixel_mean) / self.config.pixel_std
        tokens = self.patch_embed(patchify(pixels, self.config.patch_size)) + self.pos_embed[:, 1:]
        b, n, _ = tokens.shape
        if mask_ratio > 0:
            tokens, mask, ids_restore = random_masking(tokens, mask_ratio, generator)
        else:
            mask = tokens.new_zeros(b, n)
            ids_restore = torch.arange(n, device=tokens.device).expand(b, n)
        cls = (self.cls_token + self.pos_embed[:, :1]).expand(b, -1, -1)
        x = torch.cat([cls, tokens], dim=1)
        attentions = []
        for block in self.blocks:
            x, weights = block(x, return_attention)
            if return_attention:
                attentions.append(weights)
        return EncoderOutput(self.norm(x), mask, ids_restore, attentions)


class TinyViT(nn.Module):
    """``ViTEncoder`` + a linear head on the class token: images ``(B, C, H, W)`` → logits ``(B, classes)``."""

    def __init__(self, config: TinyViTConfig = TinyViTConfig(), encoder: ViTEncoder | None = None):
        super().__init__()
        self.config = config
        self.encoder = encoder if encoder is not None else ViTEncoder(config)
        self.head = nn.Linear(config.width, config.num_classes)

    def forward(self, images):
        return self.head(self.encoder(images).hidden[:, 0])
