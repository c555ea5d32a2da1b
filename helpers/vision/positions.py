"""Position embeddings when the image size changes: stretch the learned grid, keep the class token's row.

ViT learns one position vector per patch of its training grid (ViT-B/16 at 224 px: 14 × 14 = 196, plus the
class token: a ``(197, 768)`` table). At 384 px the grid is 24 × 24 and there is no row for most patches,
so the ViT paper (Dosovitskiy et al., 2021) fine-tunes at the higher resolution after a 2-D interpolation of
the patch rows, at their place in the image. This is that step (bicubic, as ``transformers`` and DINO do it).
"""

from __future__ import annotations

import torch.nn.functional as F
import torch

from ..core import checks


def _check_table(table, new_side):
    from .patches import _as_tensor

    table = _as_tensor(table, "table")
    if table.dim() != 2:
        raise ValueError(f"table must be (1 + patches, width), got shape {tuple(table.shape)}")
    side = int(round((table.shape[0] - 1) ** 0.5))
    if side * side != table.shape[0] - 1:
        raise ValueError(f"table has {table.shape[0] - 1} patch rows after the class row: not a square grid")
    return side, checks.positive_int(new_side, "new_side")


def interpolate_position_table(table, new_side: int):
    """``(1 + side², width)`` → ``(1 + new_side², width)``: the class row as is, the patch rows resized as a grid."""
    side, new_side = _check_table(table, new_side)
    cls, grid = table[:1], table[1:]
    grid = grid.reshape(1, side, side, -1).permute(0, 3, 1, 2)                    # (1, width, side, side)
    grid = F.interpolate(grid, size=(new_side, new_side), mode="bicubic", align_corners=False)
    return torch.cat([cls, grid.permute(0, 2, 3, 1).reshape(new_side * new_side, -1)])


def resolution_report(image_sizes=(224, 384), patch_size: int = 16, width: int = 768) -> str:
    """The table shape at each image size for one patch size (ViT-B/16 by default)."""
    patch_size, width = checks.positive_int(patch_size, "patch_size"), checks.positive_int(width, "width")
    image_sizes = [checks.positive_int(size, "image_size") for size in image_sizes]
    if bad := [size for size in image_sizes if size % patch_size]:
        raise ValueError(f"image_size {bad[0]} is not divisible by patch_size {patch_size}")
    lines = []
    for size in image_sizes:
        side = size // patch_size
        lines.append(f"{size} px / {patch_size} px patches → {side} × {side} grid = {side * side} patches → position table "
                     f"({1 + side * side}, {width})")
    return "\n".join(lines)
