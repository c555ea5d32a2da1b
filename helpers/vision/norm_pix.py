"""MAE's normalised-pixel target (``norm_pix_loss``): what it removes, and when that is too much.

With ``norm_pix_loss`` the target of every patch is the patch minus its own mean, over its own standard
deviation. A patch and the same patch brighter or with more contrast (``a·x + b``, ``a > 0``) get the same
target, so the loss no longer asks for a patch's brightness and contrast, only its pattern. That helps on
photos (He et al., 2022), where a 16-pixel patch has a pattern; on 2 × 2 patches of a digit the brightness
*is* most of the content (ink or paper), and a flat patch has no pattern at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import checks
from .mae import mae_loss, normalise_patches
from .patches import patchify


@dataclass(frozen=True)
class Invariance:
    """Loss between a patch set and the same patches as ``scale · x + shift``: plain, and on normalised targets."""

    scale: float
    shift: float
    plain: float
    normalised: float


def brightness_invariance(patches, scale: float = 0.5, shift: float = 0.2) -> Invariance:
    """How far ``scale · patches + shift`` is from ``patches`` as a plain target and as a normalised one."""
    checks.real(scale, "scale", minimum=1e-6)
    changed = scale * patches + shift
    everything = patches.new_ones(patches.shape[:2])
    return Invariance(scale, shift, float(mae_loss(changed, patches, everything)),
                      float(mae_loss(normalise_patches(changed), normalise_patches(patches), everything)))


@dataclass(frozen=True)
class PatchStatistics:
    """``mean_share``: the share of the pixels' variance that is the patches' own means (what the
    normalised target throws away, with the contrast); ``flat_share``: patches with (almost) no pattern."""

    patch_size: int
    patch_dim: int
    mean_share: float
    flat_share: float


def patch_statistics(images, patch_size: int, flat_std: float = 0.02) -> PatchStatistics:
    """Patch statistics of ``images`` ``(B, C, H, W)`` cut into ``patch_size`` patches."""
    patches, flat_std = patchify(images, patch_size), checks.real(flat_std, "flat_std", 0, open_minimum=True)
    means = patches.mean(-1, keepdim=True)
    total = ((patches - patches.mean()) ** 2).mean()
    between = ((means - patches.mean()) ** 2).mean()
    flat = (patches.std(-1) < flat_std).float().mean()
    return PatchStatistics(patch_size, patches.shape[-1], float(between / total), float(flat))


def norm_pix_report(statistics: dict) -> str:
    """One line per image set (name → ``PatchStatistics``), then which set the normalised target suits better."""
    lines = [f"{name}: {s.patch_size}-px patches of {s.patch_dim} numbers, the target's mean and spread fix 2 of them "
             f"({2 / s.patch_dim:.1%}); {s.mean_share:.0%} of the pixel variance is the patches' own means; "
             f"{s.flat_share:.0%} of the patches are flat (no pattern to predict)" for name, s in statistics.items()]
    most = max(statistics, key=lambda n: statistics[n].mean_share)
    least = min(statistics, key=lambda n: statistics[n].mean_share)
    lines.append(f"the normalised target discards more of the {most} ({statistics[most].mean_share:.0%} of the variance, "
                 f"before contrast) than of the {least} ({statistics[least].mean_share:.0%})")
    return "\n".join(lines)
