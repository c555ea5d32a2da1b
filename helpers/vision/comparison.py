"""What the features are good for: linear probes on frozen encoders, fine-tuning, and honest verdicts.

A linear probe (``helpers.core.probes.linear_probe``) freezes an encoder, takes one vector per
image and fits a logistic regression on the training digits; its test accuracy says how well a
straight-line classifier already separates the classes in that feature space. ``verdicts`` reads
the rows and says, with the noise of a 450-image test set, what is higher, lower or no different.
"""

from __future__ import annotations

from typing import NamedTuple

from ..core import checks
from ..core.corpora import read_json
from ..core.probes import linear_probe
from .readout import POOLS, encoder_features

PIXELS, VIT, MAE = "raw pixels", "tiny ViT (labels)", "tiny MAE (no labels)"
UNTRAINED, SCRATCH = "untrained (random weights)", "no pre-training"


class ProbeResult(NamedTuple):
    """One row of the comparison: which features, how they were read out, and the test accuracy."""

    features: str
    readout: str
    accuracy: float


def probe_table(rows) -> str:
    """A plain-text table of ``ProbeResult`` rows, best first."""
    rows = sorted(rows, key=lambda r: -r.accuracy)
    width = max(len(r.features) for r in rows)
    readout = max(len(r.readout) for r in rows)
    lines = [f"{'features':<{width}}  {'readout':<{readout}}  test accuracy"]
    lines += [f"{r.features:<{width}}  {r.readout:<{readout}}  {r.accuracy:6.1%}" for r in rows]
    return "\n".join(lines)


def linear_probes(digits, encoders: dict) -> list[ProbeResult]:
    """Raw pixels, then every encoder (label → ``ViTEncoder``) read out by its class token and by its mean patch token."""
    pixels = linear_probe(digits.train_images.flatten(1), digits.train_labels,
                          digits.test_images.flatten(1), digits.test_labels)
    rows = [ProbeResult(PIXELS, f"{digits.train_images[0].numel()} values", pixels)]
    for name, encoder in encoders.items():
        for pool, readout in POOLS.items():
            accuracy = linear_probe(encoder_features(encoder, digits.train_images, pool), digits.train_labels,
                                    encoder_features(encoder, digits.test_images, pool), digits.test_labels)
            rows.append(ProbeResult(name, f"linear, {readout}", accuracy))
    return rows


MAE_PAPER_VIT_B = {"MAE ViT-B, linear probe": 68.0, "MAE ViT-B, fine-tuned": 83.6}
"""He et al., 2022 (MAE), ViT-B/16 on ImageNet-1k top-1 (%): fine-tuned in Table 3, linear probe in the appendix's
linear-probing table (with BatchNorm, no affine, before the linear classifier); the authors' repository lists both."""
VIT_B_PUBLISHED = (  # method, linear probe, fine-tuned: ImageNet-1k top-1 (%), ViT-B
    ("MAE (He et al., 2022)", 68.0, 83.6),
    ("MoCo v3 (Chen, Xie & He, 2021)", 76.7, 83.2),
    ("DINO (Caron et al., 2021)", 78.2, 82.8),
)
"""Linear probes as each method's own paper reports them; fine-tuned figures from He et al., 2022, Table 3."""
DENSE_PUBLISHED = (  # ViT-B backbone; He et al., 2022, Tables 4 and 5
    ("supervised pre-training", 47.9, 47.4),
    ("MoCo v3", 47.9, 47.3),
    ("MAE", 50.3, 48.1),
)
"""COCO detection AP^box (Mask R-CNN) and ADE20K segmentation mIoU (UperNet), ViT-B, from He et al., 2022."""


def published_mae_figures(source: str = "paper") -> dict[str, float]:
    """MAE ViT-B on ImageNet, top-1 (%): linear probe and fine-tuned. ``source="paper"``: He et al., 2022;
    ``"reproduction"``: OpenMMLab's (``data/vision/published.json``)."""
    if source == "paper":
        return dict(MAE_PAPER_VIT_B)
    return read_json("vision/published.json")["mae_vit_b_imagenet_top1"]


def published_table() -> str:
    """The published ViT-B figures the lesson quotes: ImageNet linear probe and fine-tuning, then detection and segmentation."""
    lines = [f"{'ViT-B, ImageNet-1k top-1':<32} {'linear probe':>12} {'fine-tuned':>11}"]
    lines += [f"{name:<32} {linear:>11.1f}% {tuned:>10.1f}%" for name, linear, tuned in VIT_B_PUBLISHED]
    lines.append(f"{'ViT-B backbone':<32} {'COCO AP box':>12} {'ADE20K mIoU':>11}")
    lines += [f"{name:<32} {box:>12.1f} {miou:>11.1f}" for name, box, miou in DENSE_PUBLISHED]
    mae, best = VIT_B_PUBLISHED[0], max(VIT_B_PUBLISHED[1:], key=lambda row: row[1])
    lines.append(f"published: MAE's linear probe is {best[1] - mae[1]:.1f} points below {best[0].split(' (')[0]}'s, its "
                 f"fine-tuned accuracy differs from it by {mae[2] - best[2]:+.1f} points (all quoted, not measured here)")
    return "\n".join(lines)


def compare(a: float, b: float, n: int) -> str:
    """'higher', 'lower' or 'no clear difference': a gap beyond two standard errors of the difference of two
    accuracies measured on ``n`` test images counts, a smaller one is noise."""
    a, b, n = checks.real(a, "a", 0, 1), checks.real(b, "b", 0, 1), checks.positive_int(n, "n")
    noise = 2 * ((a * (1 - a) + b * (1 - b)) / n) ** 0.5
    return "higher" if a - b > noise else "lower" if b - a > noise else f"no clear difference (noise ±{noise:.1%})"


def _best(rows, features: str, readout: str = "") -> float:
    return max(r.accuracy for r in rows if r.features == features and r.readout.startswith(readout))


def verdicts(rows, n: int) -> str:
    """The lesson's conclusions from the rows of ``linear_probes`` plus the fine-tuned (``MAE``, readout
    "fine-tuned ..."), from-scratch (``SCRATCH``) and supervised (``VIT``, "trained ...") rows."""
    published = published_mae_figures()
    published_gap = published["MAE ViT-B, fine-tuned"] - published["MAE ViT-B, linear probe"]
    mae_linear, mae_finetuned = _best(rows, MAE, "linear"), _best(rows, MAE, "fine-tuned")
    untrained, scratch = _best(rows, UNTRAINED), _best(rows, SCRATCH)
    return "\n".join([
        f"MAE: linear probe {mae_linear:.1%} → fine-tuned {mae_finetuned:.1%} (gap {100 * (mae_finetuned - mae_linear):+.1f} "
        f"points; published ViT-B gap {published_gap:+.1f} points)",
        f"supervised ViT, linear probe on its own features: {_best(rows, VIT, 'linear'):.1%}; raw pixels: {_best(rows, PIXELS):.1%}",
        f"frozen features, linear probe: tiny MAE {mae_linear:.1%} vs the same encoder untrained {untrained:.1%}",
        f"fine-tuned MAE {mae_finetuned:.1%} vs the same schedule from random weights {scratch:.1%}: "
        f"{compare(mae_finetuned, scratch, n)}",
        f"MAE probe vs untrained probe: {compare(mae_linear, untrained, n)}"])
