"""Asking an MAE to fill in what it cannot see: reconstructions, their error, and the guess they must beat.

``reconstruct`` masks images and rebuilds them with the tiny MAE; ``reconstruct_pretrained`` does the
same with ``facebook/vit-mae-base`` from ``transformers`` when those weights can be loaded.
``average_image_error`` is the no-model baseline: every hidden pixel guessed as the training set's mean;
``mean_colour_error`` is the one for a single photo: every hidden patch the mean colour of the visible ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..core import checks
from ..core.runtime import cpu_threads
from .mae import TinyMAE, mae_loss, normalise_patches
from .patches import keep_count, patchify, unpatchify

HELD_OUT_SEED = 1234
"""The seed of the one fixed mask ``held_out_loss`` uses (``reconstruct(..., seed=HELD_OUT_SEED)`` draws the same)."""
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@torch.no_grad()
def held_out_loss(model: TinyMAE, images, mask_ratio: float | None = None, seed: int = HELD_OUT_SEED) -> float:
    """Masked-patch loss on ``images`` with one fixed random mask (so epochs can be compared)."""
    model.eval()
    return float(model(images, mask_ratio, torch.Generator().manual_seed(checks.integer(seed, "seed", 0))).loss)


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
        out = model(images, mask_ratio, torch.Generator().manual_seed(checks.integer(seed, "seed", 0)))
    target = patchify(images, p)
    error = float(mae_loss(out.prediction, target, out.mask, model.config.norm_pix_loss))  # what it was trained on
    prediction = out.prediction
    if model.config.norm_pix_loss:
        prediction = _denormalise_like(prediction, target)  # display only: borrows each patch's mean and spread
    masked = _paste(target, torch.full_like(target, fill), out.mask)
    pasted = _paste(target, prediction, out.mask)
    return Reconstruction(images, unpatchify(masked, p, c), unpatchify(pasted, p, c).clamp(0, 1),
                          unpatchify(prediction, p, c), out.mask, error)


def average_image_error(train_images, reconstruction: Reconstruction, patch_size: int) -> float:
    """The baseline a reconstruction must beat: MSE on the same hidden patches when every hidden pixel is
    guessed as the training set's mean at that pixel (the "average image": no model, sees nothing)."""
    average = train_images.mean(0, keepdim=True).expand_as(reconstruction.original)
    return float(mae_loss(patchify(average, patch_size), patchify(reconstruction.original, patch_size),
                          reconstruction.mask))


def reconstruction_report(reconstructions: dict, train_images, patch_size: int) -> str:
    """One line per mask ratio: what the encoder saw, the error on the hidden patches, and the average-digit guess's."""
    lines = []
    for ratio, rec in reconstructions.items():
        n = rec.mask.shape[1]
        guess = average_image_error(train_images, rec, patch_size)
        lines.append(f"mask {ratio:.0%}: encoder sees {keep_count(n, ratio):>2} of {n} patches | MSE on the hidden "
                     f"patches {rec.error:.4f}; guessing the average training digit instead: {guess:.4f} "
                     f"({'better' if rec.error < guess else 'no better'} than that guess)")
    return "\n".join(lines)


def _check_pretrained_images(config, images) -> None:
    size, channels = config.image_size, config.num_channels
    if images.dim() != 4 or images.shape[1] != channels or images.shape[-1] != size or images.shape[-2] != size:
        raise ValueError(f"expected images (batch, {channels}, {size}, {size}), got {tuple(images.shape)}")


def _imagenet(images, inverse: bool = False):
    """[0, 1] pixels ↔ the ImageNet-normalised pixels that ``facebook/vit-mae-base`` reads and predicts."""
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return images * std + mean if inverse else (images - mean) / std


def _per_image_error(prediction, target, mask):
    """Mean squared error on each image's removed patches ``(B,)`` (``mae_loss`` per image)."""
    per_patch = ((prediction - target) ** 2).mean(dim=-1)
    return (per_patch * mask).sum(1) / mask.sum(1).clamp(min=1)


@torch.no_grad()
def reconstruct_pretrained(model, images, mask_ratio: float = 0.75, seed: int = 0, fill: float = 0.5) -> Reconstruction:
    """The same as ``reconstruct`` with a ``transformers`` ``ViTMAEForPreTraining`` (e.g. ``facebook/vit-mae-base``).

    ``images`` ``(B, 3, S, S)`` float in [0, 1] with S the model's ``image_size``, normalised with ImageNet's
    mean and std as the model expects. The mask comes from seeded noise; ``mask_ratio`` is set on the config
    for this call. ``error`` is the model's own loss: MSE on the removed patches against what it was trained
    to predict (``extra["per_image_error"]`` per image, ``extra["target"]`` names it). With ``norm_pix_loss``
    that is each patch standardised by its own mean and spread, which the model never predicts: the figure
    borrows them from the true patch to show the prediction; the error does not.
    """
    config = model.config
    _check_pretrained_images(config, images)
    pixels = _imagenet(images)
    p = config.patch_size
    noise = torch.rand(images.shape[0], (config.image_size // p) ** 2, generator=torch.Generator().manual_seed(checks.integer(seed, "seed", 0)))
    previous = config.mask_ratio
    config.mask_ratio = float(mask_ratio)
    try:
        out = model(pixel_values=pixels, noise=noise)
    finally:
        config.mask_ratio = previous
    target = patchify(pixels, p)  # the layout of transformers' ViTMAEForPreTraining.patchify
    if config.norm_pix_loss:
        per_image = _per_image_error(out.logits, normalise_patches(target), out.mask)
        prediction = _denormalise_like(out.logits, target)  # display only: borrows each patch's mean and spread
    else:
        per_image = _per_image_error(out.logits, target, out.mask)
        prediction = out.logits
    to_unit = lambda patches: _imagenet(unpatchify(patches, p, 3), inverse=True).clamp(0, 1)  # noqa: E731
    masked = _paste(patchify(images, p), torch.full_like(target, fill), out.mask)
    kind = "per-patch normalised pixels (norm_pix_loss)" if config.norm_pix_loss else "ImageNet-normalised pixels"
    return Reconstruction(images, unpatchify(masked, p, 3), to_unit(_paste(target, prediction, out.mask)),
                          to_unit(prediction), out.mask, float(per_image.mean()),
                          {"per_image_error": per_image, "target": kind, "norm_pix_loss": bool(config.norm_pix_loss)})


def mean_colour_error(reconstruction: Reconstruction, patch_size: int):
    """The control for ``reconstruct_pretrained``: each hidden patch painted the mean colour of the same image's
    visible patches (no model), scored as the model is. Returns the MSE on the hidden patches per image ``(B,)``."""
    pixels = patchify(_imagenet(reconstruction.original), patch_size)
    b, n, d = pixels.shape
    by_colour = pixels.view(b, n, d // 3, 3)                                  # channel fastest inside a patch
    visible = (1 - reconstruction.mask).view(b, n, 1, 1)
    colour = (by_colour * visible).sum((1, 2)) / (visible.sum((1, 2)) * (d // 3))   # (B, 3)
    guess = colour.view(b, 1, 1, 3).expand_as(by_colour).reshape(b, n, d)
    if reconstruction.extra.get("norm_pix_loss"):
        pixels, guess = normalise_patches(pixels), normalise_patches(guess)  # one colour: its channel pattern
    return _per_image_error(guess, pixels, reconstruction.mask)


def pretrained_verdict(reconstruction: Reconstruction, names, model_name: str, patch_size: int) -> str:
    """One line: ``model_name``'s error on each photo's hidden patches against the mean-colour guess's."""
    guess = mean_colour_error(reconstruction, patch_size)
    model = reconstruction.extra["per_image_error"]
    n, hidden = reconstruction.mask.shape[1], int(reconstruction.mask[0].sum())
    photos = "; ".join(f"{name} {float(m):.3f} vs {float(g):.3f}" for name, m, g in zip(names, model, guess))
    ratio = float(model.mean() / guess.mean())
    return (f"{model_name}, {hidden} of {n} patches hidden, MSE on the hidden patches in "
            f"{reconstruction.extra['target']} (model vs mean colour of the visible patches): {photos}; "
            f"over the {len(model)} photos {float(model.mean()):.3f} vs {float(guess.mean()):.3f}, {ratio:.2f}× the "
            f"guess: {model_name} {'beats' if ratio < 1 else 'does not beat'} the mean-colour guess here")


def target_verdict(model: TinyMAE, digits, source: str, target: float = 0.75) -> str:
    """One line: ``model``'s held-out masked-patch error at 75% against the average-digit guess and ``target``."""
    rec = reconstruct(model, digits.test_images, 0.75, seed=HELD_OUT_SEED)
    guess = average_image_error(digits.train_images, rec, model.config.encoder.patch_size)
    ratio = rec.error / guess
    return (f"the {source}: masked-patch MSE {rec.error:.4f} on {len(digits.test_images)} held-out digits, "
            f"{ratio:.2f}× the average-digit guess ({guess:.4f}); target ≤ {target}×: {'met' if ratio <= target else 'NOT met'}")


def average_filled(train_images, reconstruction: Reconstruction, patch_size: int):
    """The visible patches as given and the hidden ones from the average training digit ``(B, C, H, W)``:
    what the average-digit guess "reconstructs"."""
    average = patchify(train_images.mean(0, keepdim=True).expand_as(reconstruction.original), patch_size)
    pasted = _paste(patchify(reconstruction.original, patch_size), average, reconstruction.mask)
    return unpatchify(pasted, patch_size, reconstruction.original.shape[1])


def recognition(maes: dict, classifier, digits, mask_ratio: float = 0.75, seed: int = HELD_OUT_SEED) -> dict:
    """Can the digit be read back from a reconstruction? ``{what: accuracy}`` of ``classifier`` (a trained
    tiny ViT) on the test digits, on each MAE's (label → model, ``None`` skipped) reconstructions, and on
    the same visible patches with the hidden ones filled from the average training digit."""
    from .readout import accuracy

    labels = digits.test_labels
    read, rec = {"the original digits": accuracy(classifier, digits.test_images, labels)}, None
    for name, model in maes.items():
        if model is not None:
            rec = reconstruct(model, digits.test_images, mask_ratio, seed)  # the same masks for every model
            read[f"the {name} MAE's reconstructions"] = accuracy(classifier, rec.reconstruction, labels)
    if rec is not None:
        filled = average_filled(digits.train_images, rec, classifier.config.patch_size)
        read["the average-digit fill"] = accuracy(classifier, filled, labels)
    return read


def recognition_report(maes: dict, classifier, digits, mask_ratio: float = 0.75) -> str:
    """``recognition`` in one line."""
    read = recognition(maes, classifier, digits, mask_ratio)
    return (f"the tiny ViT names the right digit, {mask_ratio:.0%} hidden, {len(digits.test_labels)} held-out "
            "digits: " + "; ".join(f"from {what} {value:.0%}" for what, value in read.items()))
