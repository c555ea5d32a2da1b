"""Past 77: what stretching CLIP's position table takes (Long-CLIP's knowledge-preserved stretching).

The window is the position table: one learned row per slot, ``(77, width)``. Long-CLIP (Zhang et al.,
2024) keeps the first 20 rows, which a trained CLIP uses well, and linearly interpolates the rest by 4,
giving 20 + 57 × 4 = 248 rows; then it fine-tunes on long captions. Here only the table is stretched.
"""

from __future__ import annotations

import torch

from ..core import checks


def stretch_positions(table: torch.Tensor, keep: int = 20, ratio: int = 4) -> torch.Tensor:
    """``(length, width)`` -> ``(keep + (length - keep) * ratio, width)``: rows before ``keep`` copied,
    the rest interpolated ``ratio`` times more finely (the last rows extrapolated from the last two)."""
    _check_stretch(table, keep, ratio)
    length = table.shape[0]
    old = keep + torch.arange((length - keep) * ratio, dtype=table.dtype) / ratio  # where each new row sits
    low = old.floor().long().clamp(max=length - 2)
    weight = (old - low).unsqueeze(1)
    stretched = (1 - weight) * table[low] + weight * table[low + 1]
    return torch.cat([table[:keep], stretched])


def _check_stretch(table, keep, ratio) -> None:
    if not isinstance(table, torch.Tensor):
        raise TypeError(f"table must be a 2-D tensor (positions, width), got {type(table).__name__}")
    if table.ndim != 2 or table.shape[0] < 2:
        raise ValueError(f"table must be a 2-D tensor (positions >= 2, width), got shape {tuple(table.shape)}")
    checks.integer(keep, "keep", minimum=0, maximum=table.shape[0] - 2)
    checks.positive_int(ratio, "ratio")


def attention_cost_ratio(new_length: int, old_length: int = 77) -> float:
    """How many times more query-key scores one attention layer computes at ``new_length`` slots."""
    checks.positive_int(new_length, "new_length")
    checks.positive_int(old_length, "old_length")
    return new_length**2 / old_length**2
