"""Training the tiny ViT and the tiny MAE on real handwritten digits, with one training loop for both.

``digits_split`` loads scikit-learn's 1,797 digits (8×8 grayscale, 10 classes) and splits them once.
``fit`` is the loop: AdamW, linear warm-up over the first epoch then cosine decay, a fresh batch
order every epoch, and one seeded generator for everything random during training (batch order,
MAE masks, shifts), drawn in the order the steps need it, so the same arguments give the same model.
``train_tiny_vit`` (cross-entropy on the class-token head) and ``train_tiny_mae`` (masked-patch MSE,
no labels) only say what a batch's loss is and what to measure after each epoch. Their recipes
(``VIT_RECIPE``, ``MAE_RECIPE``) are read from ``data/vision/recipes.json``.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from ..core import checks
from ..core.corpora import read_json
from ..core.runtime import cpu_threads
from .mae import DIGITS_MAE, TinyMAE, TinyMAEConfig
from .readout import accuracy
from .reconstruction import held_out_loss
from .vit import DIGITS_VIT, TinyViT, TinyViTConfig, ViTEncoder


@dataclass(frozen=True)
class Recipe:
    """How a model is trained: the schedule and the optimiser's settings."""

    epochs: int
    batch_size: int
    lr: float
    weight_decay: float = 0.05
    betas: tuple[float, float] = (0.9, 0.999)
    augment: bool = False
    seed: int = 0


def _recipe(name: str) -> Recipe:
    entry = read_json("vision/recipes.json")[name]
    entry.pop("why", None)
    return Recipe(**{**entry, "betas": tuple(entry["betas"])})


VIT_RECIPE = _recipe("tiny_vit")
"""Lesson 03's schedule for the tiny ViT: 12 epochs of 32 (516 steps), about 98% test accuracy."""
MAE_RECIPE = _recipe("tiny_mae")
"""Lesson 03's schedule for the tiny MAE: 20 epochs of 16 (1,700 steps); fewer, larger steps stay on the plateau."""


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

    seed = checks.integer(seed, "seed", 0)
    if not 0 < checks.real(test_fraction, "test_fraction") < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0
    labels = torch.tensor(digits.target, dtype=torch.long)
    train_idx, test_idx = train_test_split(range(len(labels)), test_size=test_fraction, random_state=seed,
                                           stratify=digits.target)
    return DigitsSplit(images[train_idx], labels[train_idx], images[test_idx], labels[test_idx])


def validation_split(data: DigitsSplit, fraction: float = 0.25, seed: int = 0) -> DigitsSplit:
    """A validation split carved from ``data``'s training images (stratified), in the test slots: recipes
    are chosen on it, so the real test images are measured once, at the end."""
    from sklearn.model_selection import train_test_split

    train_idx, val_idx = train_test_split(range(len(data.train_labels)), test_size=fraction, random_state=seed,
                                          stratify=data.train_labels.numpy())
    return DigitsSplit(data.train_images[train_idx], data.train_labels[train_idx],
                       data.train_images[val_idx], data.train_labels[val_idx])


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


@dataclass
class TrainingLog:
    """What a training run did: per-epoch mean loss, the held-out measure (test accuracy for the ViT,
    masked-patch loss on test images for the MAE), steps and wall time."""

    losses: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    seconds: float = 0.0
    epochs: int = 0
    steps: int = 0


def warmup_cosine(step: int, total: int, warmup: int) -> float:
    """Learning-rate multiplier: linear warm-up over ``warmup`` steps, then cosine decay to 0 at ``total``."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def fit(build, batch_loss, evaluate, data: DigitsSplit, recipe: Recipe, progress: bool = True,
        description: str = "training"):
    """The one training loop. Returns ``(model, TrainingLog)``.

    ``build()`` makes the model (after ``torch.manual_seed(recipe.seed)``, so its initial weights are
    seeded); ``batch_loss(model, images, labels, generator)`` is one batch's scalar loss;
    ``evaluate(model, data)`` returns ``{log field: value}`` to append after every epoch.
    """
    from tqdm.auto import tqdm

    torch.manual_seed(recipe.seed)
    generator = torch.Generator().manual_seed(recipe.seed)
    model = build()
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay,
                                  betas=recipe.betas)
    n = len(data.train_images)
    steps_per_epoch = math.ceil(n / recipe.batch_size)
    total = recipe.epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: warmup_cosine(s, total, steps_per_epoch))
    log = TrainingLog(epochs=recipe.epochs)
    start = time.perf_counter()
    with cpu_threads(1):  # one thread is fastest for models this small
        bar = tqdm(range(recipe.epochs), desc=description, disable=not progress)
        for _ in bar:
            model.train()
            order = torch.randperm(n, generator=generator)
            running = 0.0
            for i in range(0, n, recipe.batch_size):
                idx = order[i:i + recipe.batch_size]
                loss = batch_loss(model, data.train_images[idx], data.train_labels[idx], generator)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                running += loss.item() * len(idx)
                log.steps += 1
            log.losses.append(running / n)
            measured = evaluate(model, data)
            for name, value in measured.items():
                getattr(log, name).append(value)
            bar.set_postfix(loss=f"{log.losses[-1]:.4f}", **{name: f"{v:.4f}" for name, v in measured.items()})
    log.seconds = time.perf_counter() - start
    return model.eval(), log


def train_tiny_vit(data: DigitsSplit, config: TinyViTConfig = DIGITS_VIT, recipe: Recipe = VIT_RECIPE, *,
                   encoder: ViTEncoder | None = None, progress: bool = True, description: str = "tiny ViT",
                   **changes):
    """Train a ``TinyViT`` supervised (cross-entropy on the class-token head); returns ``(model, TrainingLog)``.

    ``changes`` override fields of ``recipe`` (``epochs=4``). ``encoder`` starts from an existing
    encoder (a copy is trained; e.g. MAE fine-tuning); ``recipe.augment`` shifts images by up to one
    pixel. Test accuracy is measured after every epoch.
    """
    recipe = dataclasses.replace(recipe, **changes)

    def batch_loss(model, images, labels, generator):
        if recipe.augment:
            images = random_shift(images, generator)
        return F.cross_entropy(model(images), labels, label_smoothing=0.1)

    return fit(lambda: TinyViT(config, copy.deepcopy(encoder) if encoder is not None else None), batch_loss,
               lambda model, d: {"test_accuracy": accuracy(model, d.test_images, d.test_labels)},
               data, recipe, progress, description)


def train_tiny_mae(data: DigitsSplit, config: TinyMAEConfig = DIGITS_MAE, recipe: Recipe = MAE_RECIPE, *,
                   progress: bool = True, description: str = "tiny MAE", **changes):
    """Pre-train a ``TinyMAE`` on the training images (labels unused); returns ``(model, TrainingLog)``.

    A fresh random mask for every image at every step, as in MAE; ``recipe.augment`` also shifts each
    image by up to one pixel. The held-out number is ``log.test_loss``: masked-patch MSE on the test
    images with one fixed mask (``held_out_loss``).
    """
    recipe = dataclasses.replace(recipe, **changes)

    def batch_loss(model, images, _labels, generator):
        if recipe.augment:
            images = random_shift(images, generator)
        return model(images, generator=generator).loss

    return fit(lambda: TinyMAE(config), batch_loss,
               lambda model, d: {"test_loss": held_out_loss(model, d.test_images)},
               data, recipe, progress, description)
