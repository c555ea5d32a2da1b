"""Lesson 03's trained checkpoints: the tiny ViT and the tiny MAE, trained longer than a lesson can afford.

``make checkpoints`` calls ``RECIPES[name]()``: the long recipe (``VIT_LONG``, ``MAE_LONG``, read from
``data/vision/recipes.json``, chosen on a validation split carved from the training digits) on the 1,347
training digits, then the held-out metrics on the 450 test digits, measured once. The lesson loads the
result with ``load_tiny_vit`` and ``load_tiny_mae``; when a file is missing or corrupt they return ``None``
and one line that says why, and the lesson goes on with its live model.
"""

from __future__ import annotations

import dataclasses

import torch

from ..core.checkpoints import Card, CheckpointError, load_into, read_card
from .comparison import MAE, SCRATCH, UNTRAINED, ProbeResult, linear_probes
from .mae import DIGITS_MAE, TinyMAE, TinyMAEConfig
from .readout import accuracy
from .reconstruction import HELD_OUT_SEED, average_image_error, reconstruct
from .training import DigitsSplit, _recipe, digits_split, train_tiny_mae, train_tiny_vit
from .vit import DIGITS_VIT, TinyViT, TinyViTConfig, ViTEncoder

VIT_LONG = _recipe("tiny_vit_checkpoint")
"""The tiny ViT's long recipe (``make checkpoints``): lesson 03's model, more epochs, shifted digits."""
MAE_LONG = _recipe("tiny_mae_checkpoint")
"""The tiny MAE's long recipe (``make checkpoints``): lesson 03's model, many more epochs, shifted digits."""
FINETUNE_EPOCHS = 4
"""Fine-tuning the MAE encoder and its from-scratch control: the same short schedule (lesson 03's)."""
DATA = ("scikit-learn's handwritten digits (load_digits), the training split of digits_split(test_fraction=0.25, "
        "seed=0): 1,347 images, labels used by the ViT only; held-out metrics on its 450 test images")
LIVE = "the lesson goes on with its live model"


def _shortened(data: DigitsSplit, recipe, steps: int | None):
    """For smoke tests: one epoch over ``steps`` batches of the training images (``None``: the full recipe)."""
    if steps is None:
        return data, recipe
    n = steps * recipe.batch_size
    return (DigitsSplit(data.train_images[:n], data.train_labels[:n], data.test_images, data.test_labels),
            dataclasses.replace(recipe, epochs=1))


def vit_metrics(model: TinyViT, digits: DigitsSplit) -> dict:
    """The tiny ViT's held-out figure: test accuracy."""
    return {"test_accuracy": accuracy(model, digits.test_images, digits.test_labels)}


def mae_metrics(model: TinyMAE, digits: DigitsSplit, finetune_epochs: int = FINETUNE_EPOCHS) -> dict:
    """The tiny MAE's held-out figures: masked-patch MSE at 75% against the average-digit guess, linear
    probes on its frozen encoder and on the same encoder untrained, and fine-tuning against from scratch."""
    rec = reconstruct(model, digits.test_images, 0.75, seed=HELD_OUT_SEED)
    guess = average_image_error(digits.train_images, rec, model.config.encoder.patch_size)
    out = {"masked_mse": rec.error, "average_guess_mse": guess, "mse_over_guess": rec.error / guess}
    torch.manual_seed(0)
    rows = linear_probes(digits, {MAE: model.encoder, UNTRAINED: ViTEncoder(model.config.encoder)})
    for row in rows[1:]:
        who = "mae" if row.features == MAE else "untrained"
        out[f"probe_{who}_{'cls' if 'class' in row.readout else 'mean'}"] = row.accuracy
    finetuned, scratch = finetune_rows(model.encoder, digits, finetune_epochs, progress=False)
    out.update(finetuned_accuracy=finetuned.accuracy, scratch_accuracy=scratch.accuracy)
    return out


def finetune_rows(encoder: ViTEncoder, digits: DigitsSplit, epochs: int = FINETUNE_EPOCHS, progress: bool = True):
    """Fine-tune a copy of ``encoder`` with a fresh head for ``epochs``, and the same schedule from random
    weights; returns their two ``ProbeResult`` rows (test accuracy)."""
    config = encoder.config
    finetuned, _ = train_tiny_vit(digits, config, epochs=epochs, encoder=encoder, progress=progress,
                                  description="MAE encoder fine-tuned")
    scratch, _ = train_tiny_vit(digits, config, epochs=epochs, progress=progress,
                                description="same schedule, from scratch")
    return [ProbeResult(MAE, f"fine-tuned {epochs} epochs", accuracy(finetuned, digits.test_images, digits.test_labels)),
            ProbeResult(SCRATCH, f"trained {epochs} epochs", accuracy(scratch, digits.test_images, digits.test_labels))]


def finetune_rows_from_card(folder=None):
    """``finetune_rows`` as ``make checkpoints`` measured them for the tiny MAE checkpoint (the same schedule, the
    same 450 test digits): what a lesson shows with live training off, when it trains nothing."""
    metrics = read_card("tiny_mae", folder).metrics
    made = f"{FINETUNE_EPOCHS} epochs (card)"
    return [ProbeResult(MAE, f"fine-tuned {made}", metrics["finetuned_accuracy"]),
            ProbeResult(SCRATCH, f"trained {made}", metrics["scratch_accuracy"])]


def train_vit(steps: int | None = None, progress: bool = True):
    """``make checkpoints``' tiny ViT: ``(model, Card)`` with the held-out test accuracy."""
    digits = digits_split()
    data, recipe = _shortened(digits, VIT_LONG, steps)
    model, log = train_tiny_vit(data, DIGITS_VIT, recipe, progress=progress, description="tiny ViT (checkpoint)")
    card = Card(name="tiny_vit", model="TinyViT", config=dataclasses.asdict(DIGITS_VIT),
                recipe=dataclasses.asdict(recipe), seed=recipe.seed, steps=log.steps, data=DATA,
                wall_time_s=round(log.seconds, 1), metrics=vit_metrics(model, digits))
    return model.cpu(), card


def train_mae(steps: int | None = None, progress: bool = True):
    """``make checkpoints``' tiny MAE: ``(model, Card)`` with its held-out reconstruction and feature figures."""
    digits = digits_split()
    data, recipe = _shortened(digits, MAE_LONG, steps)
    model, log = train_tiny_mae(data, DIGITS_MAE, recipe, progress=progress, description="tiny MAE (checkpoint)")
    metrics = mae_metrics(model, digits, FINETUNE_EPOCHS if steps is None else 1)
    card = Card(name="tiny_mae", model="TinyMAE", config=dataclasses.asdict(DIGITS_MAE),
                recipe=dataclasses.asdict(recipe), seed=recipe.seed, steps=log.steps, data=DATA,
                wall_time_s=round(log.seconds, 1), metrics=metrics)
    return model.cpu(), card


RECIPES = {"tiny_vit": train_vit, "tiny_mae": train_mae}
"""Checkpoint name → its training function (``tools/train_checkpoints.py`` reads this)."""


def _mae_config(config: dict) -> TinyMAEConfig:
    return TinyMAEConfig(**{**config, "encoder": TinyViTConfig(**config["encoder"])})


def _load(name: str, build, folder=None):
    try:
        card = read_card(name, folder)
        try:
            model = build(card.config)
        except (TypeError, ValueError, KeyError) as exc:
            raise CheckpointError(f"checkpoint card {name}.json describes no model this code builds ({exc}); "
                                  "rebuild it with `make checkpoints`") from None
        load_into(model, name, folder)
    except CheckpointError as exc:
        return None, f"{exc}; {LIVE}"
    return model.eval(), f"loaded {card.summary()}"


def load_tiny_vit(folder=None):
    """The trained tiny ViT: ``(TinyViT, message)``, or ``(None, one line saying why)``."""
    return _load("tiny_vit", lambda config: TinyViT(TinyViTConfig(**config)), folder)


def load_tiny_mae(folder=None):
    """The trained tiny MAE: ``(TinyMAE, message)``, or ``(None, one line saying why)``."""
    return _load("tiny_mae", lambda config: TinyMAE(_mae_config(config)), folder)


def checkpoint_or_live(checkpoint, live, train):
    """The model a lesson's analyses use: the ``checkpoint`` when it loaded, else the ``live`` model, else one
    trained now by ``train()`` (no checkpoint and live training off: the lesson still runs)."""
    if checkpoint is not None:
        return checkpoint
    return live if live is not None else train()
