"""Who may look at whom: the attention mask, the one matrix in which BERT and GPT differ.

BERT's encoder lets every position attend to every position (bidirectional); GPT's decoder lets
position ``i`` attend to ``0..i`` only (causal), so it cannot see the words it has to predict. The
tiny models of this lesson build their attention from ``attention_mask``.
"""

from __future__ import annotations

import torch

from ..core import checks

MASK_KINDS = ("bidirectional", "causal")


def _check_attention_mask(kind, n) -> None:
    checks.choice(kind, "kind", MASK_KINDS)
    try:
        checks.positive_int(n, "n")
    except TypeError as exc:  # a wrong kind of size is a wrong value for the caller: one error type for both
        raise ValueError(str(exc)) from None


def attention_mask(kind: str, n: int):
    """Bool tensor ``(n, n)``: entry ``[i, j]`` is True when position ``i`` may attend to ``j``.

    ``"bidirectional"`` (BERT): every position sees every position.
    ``"causal"`` (GPT): position ``i`` sees ``0..i`` only, so it cannot peek at the future.
    """
    _check_attention_mask(kind, n)
    full = torch.ones(n, n, dtype=torch.bool)
    return full if kind == "bidirectional" else torch.tril(full)
