"""Masked autoencoder (MAE): hide most patches, encode the rest, reconstruct the hidden ones.

The asymmetry is the point. The encoder (``helpers.vision.vit.ViTEncoder``) runs on the visible
25% of patches only, so it does about a quarter of the work; a smaller decoder gets the encoded
visible tokens plus one shared, learned mask token for every removed patch, put back in the
original order with ``ids_restore``, and predicts the pixels of every patch. The loss counts the
removed patches only, optionally against per-patch normalised pixels (``norm_pix_loss``).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .patches import patchify, restore_order
from .vit import Block, TinyViTConfig, ViTEncoder, sincos_position_table


@dataclass(frozen=True)
class TinyMAEConfig:
    """An MAE: the encoder's shape, and a decoder that is shallower and narrower."""

    encoder: TinyViTConfig = TinyViTConfig(learned_positions=False)
    decoder_width: int = 32
    decoder_depth: int = 2
    decoder_heads: int = 4
    mask_ratio: float = 0.75
    norm_pix_loss: bool = False


DIGITS_MAE = TinyMAEConfig()
"""Lesson 03's tiny MAE: the tiny ViT's encoder shape (fixed sine-cosine positions, as in MAE), a 2-block, 32-wide decoder."""


def _check_mae_loss(prediction, target, mask) -> None:
    if prediction.shape != target.shape:
        raise ValueError(f"prediction {tuple(prediction.shape)} and target {tuple(target.shape)} must have one shape")
    if mask.shape != target.shape[:2]:
        raise ValueError(f"mask must be (batch, patches) = {tuple(target.shape[:2])}, got {tuple(mask.shape)}")


def mae_loss(prediction, target, mask, norm_pix_loss: bool = False):
    """Mean squared error over the removed patches only.

    ``prediction`` and ``target`` ``(B, N, patch_dim)``; ``mask`` ``(B, N)`` with 1 for removed.
    With ``norm_pix_loss`` each target patch is standardised by its own mean and variance first.
    """
    _check_mae_loss(prediction, target, mask)
    if norm_pix_loss:
        target = normalise_patches(target)
    per_patch = ((prediction - target) ** 2).mean(dim=-1)
    return (per_patch * mask).sum() / mask.sum().clamp(min=1)


def normalise_patches(patches, eps: float = 1e-6):
    """Each patch ``(..., patch_dim)`` minus its mean, divided by its standard deviation (MAE's normalised-pixel target)."""
    from ..core import checks

    checks.real(eps, "eps", 0, open_minimum=True)
    mean = patches.mean(dim=-1, keepdim=True)
    var = patches.var(dim=-1, keepdim=True)
    return (patches - mean) / (var + eps) ** 0.5


@dataclass
class MAEOutput:
    """``loss`` (scalar); ``prediction`` ``(B, N, patch_dim)`` for every patch; ``mask`` ``(B, N)`` 1 = removed."""

    loss: torch.Tensor
    prediction: torch.Tensor
    mask: torch.Tensor


class TinyMAE(nn.Module):
    """Asymmetric encoder–decoder. ``forward(images, mask_ratio)`` → ``MAEOutput``."""

    def __init__(self, config: TinyMAEConfig = TinyMAEConfig()):
        super().__init__()
        self.config = config
        enc = config.encoder
        self.encoder = ViTEncoder(enc)
        self.decoder_embed = nn.Linear(enc.width, config.decoder_width)
        self.mask_token = nn.Parameter(torch.randn(1, 1, config.decoder_width) * 0.02)
        # fixed sine-cosine positions, as in MAE: every mask token knows from the start where it sits
        side = enc.image_size // enc.patch_size
        self.register_buffer("decoder_pos_embed", sincos_position_table(side, config.decoder_width)[None],
                             persistent=False)
        self.decoder_blocks = nn.ModuleList(Block(config.decoder_width, config.decoder_heads, 2.0)
                                            for _ in range(config.decoder_depth))
        self.decoder_norm = nn.LayerNorm(config.decoder_width)
        self.decoder_pred = nn.Linear(config.decoder_width, enc.patch_dim)

    def decode(self, hidden, ids_restore):
        """Encoded ``(B, 1 + N_keep, width)`` → predicted pixels ``(B, N, patch_dim)`` for every patch."""
        x = self.decoder_embed(hidden)
        cls, visible = x[:, :1], x[:, 1:]
        patches = restore_order(visible, ids_restore, self.mask_token)  # mask tokens where patches were removed
        x = torch.cat([cls, patches], dim=1) + self.decoder_pos_embed
        for block in self.decoder_blocks:
            x, _ = block(x)
        return self.decoder_pred(self.decoder_norm(x))[:, 1:]

    def forward(self, images, mask_ratio: float | None = None, generator=None) -> MAEOutput:
        ratio = self.config.mask_ratio if mask_ratio is None else mask_ratio
        encoded = self.encoder(images, mask_ratio=ratio, generator=generator)
        prediction = self.decode(encoded.hidden, encoded.ids_restore)
        target = patchify(images, self.config.encoder.patch_size)
        loss = mae_loss(prediction, target, encoded.mask, self.config.norm_pix_loss)
        return MAEOutput(loss, prediction, encoded.mask)
