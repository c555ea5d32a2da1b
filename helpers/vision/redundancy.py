"""Why MAE hides 75% of an image and BERT 15% of a text: neighbouring patches repeat each other.

``neighbour_fill`` is a guess with no learning at all: every hidden patch takes the mean pixel of its
visible neighbours (up, down, left, right). If that guess is already good at a mask ratio, the task
at that ratio teaches little; images are redundant enough that it stays good far past BERT's 15%.
``mask_ratio_sweep`` scores the tiny MAE, that guess and the average-image guess on the same masks.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ..core import checks, figures
from .mae import mae_loss
from .patches import patchify, random_masking
from .reconstruction import average_image_error, reconstruct

MAE_PAPER_MASK_RATIO = {
    "source": "He et al., 2022 (MAE), section 4.1 and Figure 5, ViT-L on ImageNet-1k",
    "linear_probe_at_10%": 54.6,
    "linear_probe_at_75%": 73.5,
    "fine_tune_at_75%": 84.9,
    "fine_tune_good_range": (0.40, 0.80),
}
"""The paper's mask-ratio ablation as quoted in lesson 03 (figures from the paper, not from a run)."""


def _check_fill(images, mask, patch_size):
    """``(patches, mask)`` after checking ``mask`` is ``(B, N)`` for these images and patches."""
    from .patches import _as_tensor

    patches, mask = patchify(images, patch_size), _as_tensor(mask, "mask")
    if tuple(mask.shape) != tuple(patches.shape[:2]):
        raise ValueError(f"mask must be (batch, patches) = {tuple(patches.shape[:2])}, got {tuple(mask.shape)}")
    return patches, mask


def neighbour_fill(images, mask, patch_size: int):
    """Predicted patches ``(B, N, patch_dim)``: each hidden patch filled, channel by channel, with the mean pixel of
    its visible 4-neighbours (or, with none visible, of all visible patches). ``mask`` ``(B, N)``, 1 = hidden."""
    patches, mask = _check_fill(images, mask, patch_size)
    batch, n, dim = patches.shape
    channels, side = images.shape[1], int(round(n ** 0.5))
    colour = patches.view(batch, n, dim // channels, channels).mean(2)            # channel fastest inside a patch
    grid = colour.transpose(1, 2).reshape(batch, channels, side, side)
    visible = (1 - mask.float()).view(batch, 1, side, side)
    cross = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]).view(1, 1, 3, 3)
    total = F.conv2d((grid * visible).reshape(-1, 1, side, side), cross, padding=1).view_as(grid)
    count = F.conv2d(visible, cross, padding=1)
    everywhere = (grid * visible).sum((2, 3), keepdim=True) / visible.sum((2, 3), keepdim=True).clamp(min=1)
    fill = torch.where(count > 0, total / count.clamp(min=1), everywhere)          # (B, C, side, side)
    fill = fill.reshape(batch, channels, n).transpose(1, 2)                         # (B, N, C)
    return fill.unsqueeze(2).expand(batch, n, dim // channels, channels).reshape(batch, n, dim)


def mean_colour_fill(images, mask, patch_size: int):
    """The guess that ignores position: every hidden patch the mean colour of all the image's visible patches."""
    patches, mask = _check_fill(images, mask, patch_size)
    batch, n, dim = patches.shape
    channels = images.shape[1]
    colour = patches.view(batch, n, dim // channels, channels).mean(2)
    visible = (1 - mask.float()).unsqueeze(-1)
    mean = (colour * visible).sum(1, keepdim=True) / visible.sum(1, keepdim=True).clamp(min=1)   # (B, 1, C)
    return mean.unsqueeze(2).expand(batch, n, dim // channels, channels).reshape(batch, n, dim)


@dataclass(frozen=True)
class RatioRow:
    """Mean squared error on the hidden patches at one mask ratio, for each way of filling them (name → MSE)."""

    mask_ratio: float
    errors: dict


def _check_ratios(ratios) -> tuple[float, ...]:
    ratios = tuple(ratios)
    if not ratios:
        raise ValueError("ratios must name at least one mask ratio, e.g. (0.15, 0.75)")
    return tuple(checks.real(r, "mask ratio", minimum=0.0, maximum=0.99) for r in ratios)


RATIOS = (0.15, 0.25, 0.5, 0.75, 0.9)
NEIGHBOURS, MEAN_COLOUR, TINY_MAE, AVERAGE = "copy neighbours", "mean colour", "tiny MAE", "average digit"


def photo_sweep(images, patch_size: int = 16, ratios=RATIOS, seed: int = 0) -> list[RatioRow]:
    """No model: the neighbour guess against the mean-colour guess on ``images`` ``(B, C, H, W)``, same masks."""
    rows, target = [], patchify(images, patch_size)
    for ratio in _check_ratios(ratios):
        _, mask, _ = random_masking(target, ratio, torch.Generator().manual_seed(checks.integer(seed, "seed", 0)))
        rows.append(RatioRow(ratio, {
            NEIGHBOURS: float(mae_loss(neighbour_fill(images, mask, patch_size), target, mask)),
            MEAN_COLOUR: float(mae_loss(mean_colour_fill(images, mask, patch_size), target, mask))}))
    return rows


def mask_ratio_sweep(model, images, train_images, ratios=RATIOS, seed: int = 0) -> list[RatioRow]:
    """The tiny MAE, the neighbour guess and the average-image guess on the same masks at each ratio."""
    rows, p = [], model.config.encoder.patch_size
    for ratio in _check_ratios(ratios):
        rec = reconstruct(model, images, ratio, seed=seed)
        rows.append(RatioRow(ratio, {
            TINY_MAE: rec.error,
            NEIGHBOURS: float(mae_loss(neighbour_fill(images, rec.mask, p), patchify(images, p), rec.mask)),
            AVERAGE: average_image_error(train_images, rec, p)}))
    return rows


def sweep_report(rows: list[RatioRow], baseline: str) -> str:
    """A table (MSE on the hidden patches), then per ratio how much of the ``baseline`` guess's error each fill removes."""
    names = list(rows[0].errors)
    lines = [" mask | " + " | ".join(f"{n:>15}" for n in names) + "   (MSE on the hidden patches)"]
    lines += [f"{r.mask_ratio:>5.0%} | " + " | ".join(f"{r.errors[n]:>15.4f}" for n in names) for r in rows]
    for r in rows:
        removed = [f"{n} {1 - r.errors[n] / r.errors[baseline]:+.0%}" for n in names if n != baseline]
        lines.append(f"{r.mask_ratio:>5.0%} hidden, error removed relative to the {baseline} guess: " + ", ".join(removed))
    return "\n".join(lines)


def redundancy_verdict(photo_rows: list[RatioRow], low: float = 0.15, high: float = 0.75) -> str:
    """Says, from the photo sweep, whether copying neighbours solves the task at BERT's ratio better than at MAE's."""
    by_ratio = {round(r.mask_ratio, 4): r for r in photo_rows}
    lo, hi = by_ratio[round(low, 4)], by_ratio[round(high, 4)]
    gain = {r.mask_ratio: 1 - r.errors[NEIGHBOURS] / r.errors[MEAN_COLOUR] for r in (lo, hi)}
    easier = gain[lo.mask_ratio] > gain[hi.mask_ratio]
    return (f"copying the visible neighbours, with no learning, removes {gain[lo.mask_ratio]:.0%} of the mean-colour "
            f"guess's error at {low:.0%} hidden and {gain[hi.mask_ratio]:.0%} at {high:.0%}: "
            + ("hiding more leaves fewer neighbours to copy, so the task at a high ratio cannot be solved by copying"
               if easier else "in this run hiding more did not make copying worse, so this run does not show the point"))


_COLOURS = {TINY_MAE: figures.PALETTE[0], NEIGHBOURS: figures.PALETTE[1], MEAN_COLOUR: figures.PALETTE[7],
            AVERAGE: figures.PALETTE[7]}


def digits_verdict(rows: list[RatioRow], trained_ratio: float = 0.75) -> str:
    """Says, from the digit sweep, whether copying neighbours helps on 2-pixel patches and where the tiny MAE is best."""
    best = min(rows, key=lambda r: r.errors[TINY_MAE])
    copying_helps = any(r.errors[NEIGHBOURS] < r.errors[AVERAGE] for r in rows)
    return (f"on the digits, copying the neighbours {'beats' if copying_helps else 'never beats'} the average-digit guess "
            f"(2-pixel patches of a thin stroke repeat their neighbours far less than 16-pixel patches of a photo); "
            f"the tiny MAE, trained at {trained_ratio:.0%} only, is most accurate at {best.mask_ratio:.0%} hidden "
            f"(MSE {best.errors[TINY_MAE]:.4f})")


def sweep_figure(photo_rows: list[RatioRow], digit_rows: list[RatioRow], paper: dict | None = MAE_PAPER_MASK_RATIO):
    """Error against mask ratio for the photos and the digits (this run), and the paper's quoted points."""
    fig = figures.figure(11.0, 3.0)
    axes = fig.subplots(1, 3)
    for ax, rows, title in ((axes[0], photo_rows, "this run: photos, 16 px patches"),
                            (axes[1], digit_rows, "this run: held-out digits, 2 px patches")):
        x = [100 * r.mask_ratio for r in rows]
        for name in rows[0].errors:
            ax.plot(x, [r.errors[name] for r in rows], "o-", label=name, color=_COLOURS.get(name))
        ax.axvline(15, ls=":", color="k")
        ax.axvline(75, ls=":", color="k")
        ax.set(xlabel="mask ratio (%)  (dotted: BERT 15%, MAE 75%)", ylabel="MSE on hidden patches", title=title)
        ax.legend(fontsize=7)
    if paper:
        right = axes[2]
        right.plot([10, 75], [paper["linear_probe_at_10%"], paper["linear_probe_at_75%"]], "s--",
                   color=figures.PALETTE[3], label="linear probe (quoted)")
        right.plot([75], [paper["fine_tune_at_75%"]], "D", color=figures.PALETTE[2], label="fine-tuned (quoted)")
        low, high = paper["fine_tune_good_range"]
        right.axvspan(100 * low, 100 * high, alpha=0.15, color=figures.PALETTE[2], label="fine-tuning works well")
        right.set(xlim=(0, 100), xlabel="mask ratio (%)", ylabel="ImageNet top-1 (%)", title="He et al., 2022, ViT-L")
        right.legend(fontsize=7)
    return fig
