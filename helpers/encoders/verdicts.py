"""Words for measured numbers, so that every sentence lesson 05 prints about a result follows from the values.

A sentence such as "far above chance" is computed here from the accuracy and the chance level measured in
the same run, so it stays true whichever model (checkpoint, live run, random weights) produced the numbers.
"""

from __future__ import annotations

from ..core import checks

FAR_POINTS, NEAR_POINTS = 0.20, 0.05
"""Above chance by more than 20 points: "far above"; by at most 5 points (or below): "at or near chance"."""


def versus_chance(score: float, chance: float) -> str:
    """``"far above chance"``, ``"above chance"`` or ``"at or near chance"`` for an accuracy and its chance level."""
    score, chance = checks.real(score, "score"), checks.real(chance, "chance")
    if score > chance + FAR_POINTS:
        return "far above chance"
    return "above chance" if score > chance + NEAR_POINTS else "at or near chance"


def compare(score: float, other: float, tolerance: float = 0.02) -> str:
    """``score`` against ``other``: ``"higher than"``, ``"about the same as"`` (within ``tolerance``), ``"lower than"``."""
    score, other = checks.real(score, "score"), checks.real(other, "other")
    tolerance = checks.real(tolerance, "tolerance", 0)
    if abs(score - other) <= tolerance:
        return "about the same as"
    return "higher than" if score > other else "lower than"


def connector_verdict(kind: str, before: float, after: float, seconds: float, chance: float = 0.1) -> str:
    """One line: a projector's test retrieval before and after training, each against chance."""
    return (f"{kind} projector: {before:.1%} before training ({versus_chance(before, chance)}), {after:.1%} after "
            f"{seconds:.1f} s of training ({versus_chance(after, chance)}; chance {chance:.0%})")
