"""Masked autoencoder (MAE): hide most patches, encode the rest, reconstruct the hidden ones.

The asymmetry is the point. The encoder (``helpers.tiny_vit.ViTEncoder``) runs on the visible
25% of patches only, so it does about a quarter of the work; a smaller decoder gets the encoded
visible tokens plus one shared, learned mask token for every removed patch, put back in the
original order with ``ids_restore``, and predicts the pixels of every patch. The loss counts the
removed patches only, optionally against per-patch normalised pixels (``norm_pix_loss``).

``reconstruct_pretrained`` does the same with ``facebook/vit-mae-base`` from ``transformers``
when those weights can be loaded.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import torch
from torch import nn

from .tiny_vit import (Block, DigitsSplit, TinyViTConfig, TrainingLog, ViTEncoder, sincos_position_table,
                       warmup_cosine)
from ..core.runtime import cpu_threads
from .patches import keep_count, patchify, restore_order, unpatchify


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
DIGITS_MAE_TRAINING = dict(epochs=20, batch_size=16, lr=2e-3, weight_decay=0.05, seed=0)
"""The schedule lesson 03 trains it with (also ``train_tiny_mae``'s defaults). Measured: with 12 epochs of
batches of 32 (516 steps) it stayed on the average-digit plateau; 1,700 smaller steps get it off."""


def mae_loss(prediction, target, mask, norm_pix_loss: bool = False):
    """Mean squared error over the removed patches only.

    ``prediction`` and ``target`` ``(B, N, patch_dim)``; ``mask`` ``(B, N)`` with 1 for removed.
    With ``norm_pix_loss`` each target patch is standardised by its own mean and variance first.
    """
    if prediction.shape != target.shape:
        raise ValueError(f"prediction {tuple(prediction.shape)} and target {tuple(target.shape)} must have one shape")
    if mask.shape != target.shape[:2]:
        raise ValueError(f"mask must be (batch, patches) = {tuple(target.shape[:2])}, got {tuple(mask.shape)}")
    if norm_pix_loss:
        target = normalise_patches(target)
    per_patch = ((prediction - target) ** 2).mean(dim=-1)
    return (per_patch * mask).sum() / mask.sum().clamp(min=1)


def normalise_patches(patches, eps: float = 1e-6):
    """Each patch ``(..., patch_dim)`` minus its mean, divided by its standard deviation (MAE's normalised-pixel target)."""
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


def train_tiny_mae(data: DigitsSplit, config: TinyMAEConfig = DIGITS_MAE, epochs: int = 20,
                   batch_size: int = 16, lr: float = 2e-3, weight_decay: float = 0.05, seed: int = 0,
                   progress: bool = True, description: str = "tiny MAE"):
    """Pre-train a ``TinyMAE`` on the training images (labels unused); returns ``(model, TrainingLog)``.

    A fresh random mask for every image at every step, as in MAE. Seeded. ``log.test_accuracy``
    stays empty: the held-out number here is ``log.test_loss`` (masked-patch MSE on the test images,
    one fixed mask).
    """
    from tqdm.auto import tqdm

    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = TinyMAE(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay, betas=(0.9, 0.95))
    n = len(data.train_images)
    steps_per_epoch = math.ceil(n / batch_size)
    total = epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: warmup_cosine(s, total, steps_per_epoch))
    log = TrainingLog()
    log.test_loss = []
    start = time.perf_counter()
    with cpu_threads(1):
        bar = tqdm(range(epochs), desc=description, disable=not progress)
        for _ in bar:
            model.train()
            order = torch.randperm(n, generator=generator)
            running = 0.0
            for i in range(0, n, batch_size):
                images = data.train_images[order[i:i + batch_size]]
                loss = model(images, generator=generator).loss
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                running += loss.item() * len(images)
                log.steps += 1
            log.losses.append(running / n)
            log.test_loss.append(held_out_loss(model, data.test_images))
            bar.set_postfix(loss=f"{log.losses[-1]:.4f}", test_loss=f"{log.test_loss[-1]:.4f}")
    log.epochs = epochs
    log.seconds = time.perf_counter() - start
    return model.eval(), log


HELD_OUT_SEED = 1234
"""The seed of the one fixed mask ``held_out_loss`` uses (``reconstruct(..., seed=HELD_OUT_SEED)`` draws the same)."""


@torch.no_grad()
def held_out_loss(model: TinyMAE, images, mask_ratio: float | None = None, seed: int = HELD_OUT_SEED) -> float:
    """Masked-patch loss on ``images`` with one fixed random mask (so epochs can be compared)."""
    model.eval()
    return float(model(images, mask_ratio, torch.Generator().manual_seed(seed)).loss)


@dataclass
class Reconstruction:
    """Images ``(B, C, H, W)``: the ``original``; the ``masked`` input (removed patches grey); the
    ``reconstruction`` (visible patches as given, removed ones predicted); the raw ``prediction``
    for every patch; ``mask`` ``(B, N)``; ``error``: mean squared error on the removed patches."""

    original: torch.Tensor
    masked: torch.Tensor
    reconstruction: torch.Tensor
    prediction: torch.Tensor
    mask: torch.Tensor
    error: float = 0.0
    extra: dict = field(default_factory=dict)


def _paste(original_patches, predicted_patches, mask):
    m = mask.unsqueeze(-1)
    return original_patches * (1 - m) + predicted_patches * m


def _denormalise_like(prediction, target):
    """Undo ``normalise_patches`` with the true patches' statistics (for display only: it peeks at them)."""
    mean = target.mean(dim=-1, keepdim=True)
    std = (target.var(dim=-1, keepdim=True) + 1e-6) ** 0.5
    return prediction * std + mean


@torch.no_grad()
def reconstruct(model: TinyMAE, images, mask_ratio: float = 0.75, seed: int = 0, fill: float = 0.5) -> Reconstruction:
    """Mask ``images`` ``(B, C, H, W)`` at ``mask_ratio`` (a different subset per image, seeded) and reconstruct them."""
    model.eval()
    p, c = model.config.encoder.patch_size, model.config.encoder.channels
    with cpu_threads(1):
        out = model(images, mask_ratio, torch.Generator().manual_seed(seed))
    target = patchify(images, p)
    prediction = out.prediction
    if model.config.norm_pix_loss:
        prediction = _denormalise_like(prediction, target)
    masked = _paste(target, torch.full_like(target, fill), out.mask)
    pasted = _paste(target, prediction, out.mask)
    error = float((((prediction - target) ** 2).mean(-1) * out.mask).sum() / out.mask.sum().clamp(min=1))
    return Reconstruction(images, unpatchify(masked, p, c), unpatchify(pasted, p, c).clamp(0, 1),
                          unpatchify(prediction, p, c), out.mask, error)


def average_image_error(train_images, reconstruction: Reconstruction, patch_size: int) -> float:
    """The baseline a reconstruction must beat: MSE on the same hidden patches when every hidden pixel is
    guessed as the training set's mean at that pixel (the "average image": no model, sees nothing)."""
    average = train_images.mean(0, keepdim=True).expand_as(reconstruction.original)
    squared = ((patchify(average, patch_size) - patchify(reconstruction.original, patch_size)) ** 2).mean(-1)
    return float((squared * reconstruction.mask).sum() / reconstruction.mask.sum().clamp(min=1))


# ---------------------------------------------------------------- the encoder's compute saving


@dataclass
class EncoderCost:
    """One encoder forward pass at one mask ratio: tokens in, FLOPs counted by torch, fastest time."""

    mask_ratio: float
    tokens: int
    flops: int
    seconds: float


def encoder_cost(config: TinyViTConfig, mask_ratio: float, batch_size: int = 1, repeats: int = 3,
                 threads: int = 1, seed: int = 0, encoder: ViTEncoder | None = None) -> EncoderCost:
    """FLOPs and time of one encoder forward pass at ``mask_ratio``.

    FLOPs are counted by ``torch.utils.flop_counter`` on the meta device (shapes only, no arithmetic,
    so even ViT-B costs nothing to count). Time is the fastest of ``repeats`` passes with random
    weights on ``threads`` CPU threads (compute does not depend on the weights' values); pass
    ``encoder`` to time one already built (building ViT-B takes seconds).
    """
    from torch.utils.flop_counter import FlopCounterMode

    with torch.device("meta"):
        meta_encoder = ViTEncoder(config).eval()
        meta_images = torch.empty(batch_size, config.channels, config.image_size, config.image_size)
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        meta_encoder(meta_images, mask_ratio, torch.Generator().manual_seed(seed))
    times = []
    if repeats > 0:
        torch.manual_seed(seed)
        if encoder is None:
            encoder = ViTEncoder(config)
        encoder.eval()
        images = torch.rand(batch_size, config.channels, config.image_size, config.image_size)
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad(), cpu_threads(threads):
            for _ in range(repeats):
                t0 = time.perf_counter()
                encoder(images, mask_ratio, generator)
                times.append(time.perf_counter() - t0)
    tokens = 1 + keep_count(config.num_patches, mask_ratio)
    seconds = min(times) if times else float("nan")  # the run least disturbed by anything else on the machine
    return EncoderCost(mask_ratio, tokens, int(counter.get_total_flops()), seconds)


# ---------------------------------------------------------------- facebook/vit-mae-base

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@torch.no_grad()
def reconstruct_pretrained(model, images, mask_ratio: float = 0.75, seed: int = 0, fill: float = 0.5) -> Reconstruction:
    """The same as ``reconstruct`` with a ``transformers`` ``ViTMAEForPreTraining`` (e.g. ``facebook/vit-mae-base``).

    ``images`` ``(B, 3, S, S)`` float in [0, 1] with S the model's ``image_size``; they are normalised
    with ImageNet's mean and std as the model expects, and the output is mapped back to [0, 1].
    The mask comes from seeded noise passed to the model; ``mask_ratio`` is set on its config for this call.
    """
    config = model.config
    size = config.image_size
    if images.dim() != 4 or images.shape[1] != config.num_channels or images.shape[-1] != size or images.shape[-2] != size:
        raise ValueError(f"expected images (batch, {config.num_channels}, {size}, {size}), got {tuple(images.shape)}")
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    pixels = (images - mean) / std
    n = (size // config.patch_size) ** 2
    noise = torch.rand(images.shape[0], n, generator=torch.Generator().manual_seed(seed))
    previous = config.mask_ratio
    config.mask_ratio = float(mask_ratio)
    try:
        out = model(pixel_values=pixels, noise=noise)
    finally:
        config.mask_ratio = previous
    target = model.patchify(pixels)
    prediction = out.logits
    if config.norm_pix_loss:
        prediction = _denormalise_like(prediction, target)
    error = float((((prediction - target) ** 2).mean(-1) * out.mask).sum() / out.mask.sum().clamp(min=1))
    p = config.patch_size
    to_unit = lambda patches: (unpatchify(patches, p, 3) * std + mean).clamp(0, 1)  # noqa: E731
    masked = _paste(patchify(images, p), torch.full_like(target, fill), out.mask)
    return Reconstruction(images, unpatchify(masked, p, 3), to_unit(_paste(target, prediction, out.mask)),
                          to_unit(prediction), out.mask, error)
