"""A Vision Transformer small enough to train on a CPU in seconds, written out in full.

The pieces are the paper's: ``patchify`` → one linear projection per patch → a learned class
token in front → learned position embeddings → pre-norm Transformer blocks → a linear head that
reads the class token only. ``ViTEncoder`` is shared with the MAE of ``helpers.mae``: called
with ``mask_ratio > 0`` it runs on the visible patches only.

``train_tiny_vit(digits_split(), ...)`` trains it supervised on scikit-learn's handwritten digits
(8×8 grayscale, 10 classes); notebook 04 reuses the trained model and its features.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from ..core.runtime import cpu_threads
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
DIGITS_VIT_TRAINING = dict(epochs=12, batch_size=32, lr=5e-3, weight_decay=0.05, augment=False, seed=0)
"""The schedule lesson 03 trains it with (also ``train_tiny_vit``'s defaults)."""

VIT_B16 = TinyViTConfig(image_size=224, patch_size=16, channels=3, width=768, depth=12, heads=12, mlp_ratio=4.0,
                        num_classes=1000, learned_positions=True)
"""ViT-B/16's shape in this module's terms (for measuring compute, not for training here)."""


def sincos_position_table(side: int, width: int, temperature: float = 10000.0):
    """Fixed 2-D position embeddings ``(1 + side*side, width)``: row zero for the class token, then
    half the channels encode the patch's row and half its column with sines and cosines of
    geometrically spaced frequencies (MAE's table)."""
    if width % 4:
        raise ValueError(f"width must be divisible by 4 for 2-D sine-cosine positions, got {width}")
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


def parameter_count(model: nn.Module) -> int:
    """Number of parameters (each weight counted once)."""
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------- data


@dataclass
class DigitsSplit:
    """scikit-learn's 1,797 handwritten digits, split once: images ``(n, 1, 8, 8)`` float in [0, 1], labels ``(n,)``."""

    train_images: torch.Tensor
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor

    def __repr__(self) -> str:
        return (f"DigitsSplit(train={len(self.train_labels)}, test={len(self.test_labels)}, "
                f"image={tuple(self.train_images.shape[1:])})")


def digits_split(test_fraction: float = 0.25, seed: int = 0) -> DigitsSplit:
    """The digits data set, stratified into train and test with ``seed`` (the same split every run)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0
    labels = torch.tensor(digits.target, dtype=torch.long)
    train_idx, test_idx = train_test_split(range(len(labels)), test_size=test_fraction, random_state=seed,
                                           stratify=digits.target)
    return DigitsSplit(images[train_idx], labels[train_idx], images[test_idx], labels[test_idx])


def random_shift(images, generator, max_shift: int = 1):
    """Move each image ``(B, C, H, W)`` by up to ``max_shift`` pixels in x and y (zero fill): cheap augmentation."""
    b, _, h, w = images.shape
    padded = F.pad(images, (max_shift,) * 4)
    dy = torch.randint(0, 2 * max_shift + 1, (b,), generator=generator)
    dx = torch.randint(0, 2 * max_shift + 1, (b,), generator=generator)
    rows = (dy[:, None] + torch.arange(h)[None]).to(images.device)  # (B, H)
    cols = (dx[:, None] + torch.arange(w)[None]).to(images.device)  # (B, W)
    batch = torch.arange(b, device=images.device)[:, None, None]
    out = padded.permute(0, 2, 3, 1)[batch, rows[:, :, None], cols[:, None, :]]  # (B, H, W, C)
    return out.permute(0, 3, 1, 2)


# ---------------------------------------------------------------- training


@dataclass
class TrainingLog:
    """What a training run did: per-epoch mean loss (and test accuracy where measured), wall time."""

    losses: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    seconds: float = 0.0
    epochs: int = 0
    steps: int = 0


def warmup_cosine(step: int, total: int, warmup: int) -> float:
    """Learning-rate multiplier: linear warm-up over ``warmup`` steps, then cosine decay to 0 at ``total``."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


@cpu_threads(1)
@torch.no_grad()
def predict(model: TinyViT, images, batch_size: int = 512):
    """Class predictions ``(n,)`` for images ``(n, C, H, W)``."""
    model.eval()
    return torch.cat([model(images[i:i + batch_size]).argmax(-1) for i in range(0, len(images), batch_size)])


def accuracy(model: TinyViT, images, labels) -> float:
    """Fraction of ``images`` classified as ``labels``."""
    return float((predict(model, images) == labels).float().mean())


def train_tiny_vit(data: DigitsSplit, config: TinyViTConfig = DIGITS_VIT, epochs: int = 12,
                   batch_size: int = 32, lr: float = 5e-3, weight_decay: float = 0.05, seed: int = 0,
                   encoder: ViTEncoder | None = None, augment: bool = False, progress: bool = True,
                   description: str = "tiny ViT"):
    """Train a ``TinyViT`` supervised (cross-entropy on the class-token head); returns ``(model, TrainingLog)``.

    The defaults are lesson 03's recipe (``DIGITS_VIT``, ``DIGITS_VIT_TRAINING``): about 97% test
    accuracy in 516 steps. Seeded: the same arguments give the same model. ``encoder`` starts from an
    existing encoder (a copy is trained; e.g. MAE fine-tuning); ``augment`` shifts images by up to
    one pixel. Test accuracy is measured after every epoch, one thread (fastest for a model this small).
    """
    import copy

    from tqdm.auto import tqdm

    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = TinyViT(config, copy.deepcopy(encoder) if encoder is not None else None)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    n = len(data.train_labels)
    steps_per_epoch = math.ceil(n / batch_size)
    total = epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: warmup_cosine(s, total, steps_per_epoch))
    log = TrainingLog()
    with cpu_threads(1):
        _train_epochs(model, data, optimizer, schedule, generator, log, epochs, batch_size, augment,
                      tqdm(range(epochs), desc=description, disable=not progress))
    return model.eval(), log


def _train_epochs(model, data, optimizer, schedule, generator, log, epochs, batch_size, augment, bar):
    n = len(data.train_labels)
    start = time.perf_counter()
    for _ in bar:
        model.train()
        order = torch.randperm(n, generator=generator)
        running = 0.0
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            images = data.train_images[idx]
            if augment:
                images = random_shift(images, generator)
            loss = F.cross_entropy(model(images), data.train_labels[idx], label_smoothing=0.1)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            running += loss.item() * len(idx)
            log.steps += 1
        log.losses.append(running / n)
        log.test_accuracy.append(accuracy(model, data.test_images, data.test_labels))
        bar.set_postfix(loss=f"{log.losses[-1]:.3f}", test_acc=f"{log.test_accuracy[-1]:.3f}")
    log.epochs = epochs
    log.seconds = time.perf_counter() - start


# ---------------------------------------------------------------- looking inside


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


def select_class_token_attention(maps, layer: int = -1, head: int | None = None):
    """``class_token_attention`` from precomputed ``attention_maps`` ``(layers, B, heads, T, T)``."""
    layers, heads = maps.shape[0], maps.shape[2]
    if not -layers <= layer < layers:
        raise ValueError(f"layer must be in [0, {layers}), got {layer}")
    if head is not None and not 0 <= head < heads:
        raise ValueError(f"head must be in [0, {heads}) or None for the mean, got {head}")
    weights = maps[layer, :, :, 0, 1:]  # (B, heads, N)
    weights = weights.mean(1) if head is None else weights[:, head]
    weights = weights / weights.sum(-1, keepdim=True)
    side = int(round(weights.shape[-1] ** 0.5))
    return weights.reshape(-1, side, side)


@cpu_threads(1)
@torch.no_grad()
def encoder_features(encoder: ViTEncoder, images, pool: str = "cls", batch_size: int = 512):
    """Frozen features ``(n, width)``: the class token (``pool="cls"``) or the mean of the patch tokens (``"mean"``)."""
    if pool not in ("cls", "mean"):
        raise ValueError(f"pool must be 'cls' or 'mean', got {pool!r}")
    encoder.eval()
    out = []
    for i in range(0, len(images), batch_size):
        hidden = encoder(images[i:i + batch_size]).hidden
        out.append(hidden[:, 0] if pool == "cls" else hidden[:, 1:].mean(1))
    return torch.cat(out)
