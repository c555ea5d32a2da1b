"""Sentences that follow the numbers: is one held-out accuracy above another by more than sampling noise?

Top-1 accuracy on a few hundred held-out words moves by a couple of points from one sample to another. A
difference is called a lead only when it exceeds two standard errors of the difference of two shares
(``sqrt(p1·(1 − p1)/n + p2·(1 − p2)/n)``, treating the two readers' hits as independent, which overstates the
noise a little for readers scored on the same words); otherwise the two are "level, within noise".
"""

from __future__ import annotations

import math

from ..core import checks
from .evaluation import READERS, HeldOutComparison


def accuracy_gap(comparison: HeldOutComparison, first: str, second: str) -> tuple[float, float]:
    """``(accuracy[first] − accuracy[second], standard error of that difference)`` over all whole-word targets."""
    if not isinstance(comparison, HeldOutComparison):
        raise TypeError(f"comparison must be a HeldOutComparison, got {type(comparison).__name__}")
    checks.choice(first, "first", READERS)
    checks.choice(second, "second", READERS)
    n = max(1, sum(comparison.n_words))
    p, q = comparison.accuracy(first), comparison.accuracy(second)
    return p - q, math.sqrt(p * (1 - p) / n + q * (1 - q) / n)


def lead_words(gap: float, standard_error: float, ahead: str = "beats", behind: str = "trails") -> str:
    """``ahead``/``behind`` when ``gap`` is beyond two standard errors, else "is level with"; the figures follow."""
    gap = checks.real(gap, "gap")
    standard_error = checks.real(standard_error, "standard_error", minimum=0)
    word = ahead if gap > 2 * standard_error else behind if gap < -2 * standard_error else "is level with"
    noise = "" if word != "is level with" else ", within sampling noise"
    return f"{word} ({gap * 100:+.1f} points, ±{2 * standard_error * 100:.1f} at two standard errors{noise})"


def column_verdicts(scores: dict) -> list[str]:
    """One line per column of ``evaluation.side_by_side``'s ``scores``: does the BERT with both sides beat the GPT?"""
    lines = []
    for column, entry in scores.items():
        if entry is None:
            lines.append(f"{column}: not trained in this run")
            continue
        comparison, bert, gpt = entry
        gap, se = accuracy_gap(comparison, "bert_both", "gpt")
        lines.append(f"{column}: the BERT with both sides {lead_words(gap, se)} the GPT at filling held-out words")
    return lines
