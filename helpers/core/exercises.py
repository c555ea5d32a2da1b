"""Self-check cells for the exercises at the end of each notebook.

A reader writes an answer into a variable and calls ``check``. An answer left as ``None``
prints "not answered yet", so a notebook runs top to bottom before anyone has tried.
Solutions live in the notebook's Markdown inside ``<details>``: hidden until clicked.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from . import checks


@dataclass(frozen=True)
class Verdict:
    """The outcome of one self-check: ``status`` is ``correct``, ``wrong`` or ``unanswered``."""

    name: str
    status: str
    message: str

    def __str__(self) -> str:
        mark = {"correct": "✅", "wrong": "❌", "unanswered": "⏳"}[self.status]
        return f"{mark} {self.name}: {self.message}"

    def _repr_html_(self) -> str:
        colour = {"correct": "#2e7d32", "wrong": "#c62828", "unanswered": "#6d6d6d"}[self.status]
        return f'<span style="color:{colour};font-family:sans-serif">{self}</span>'


def _matches(answer, expected, tolerance: float) -> bool:
    if checks.is_bool(expected) or checks.is_bool(answer):  # True is not 1 here, whatever Python says
        return checks.is_bool(answer) and checks.is_bool(expected) and bool(answer) == bool(expected)
    if isinstance(expected, numbers.Real) and isinstance(answer, numbers.Real):  # numpy scalars too
        return math.isclose(float(answer), float(expected), rel_tol=0, abs_tol=tolerance)
    if isinstance(expected, str) and isinstance(answer, str):
        return answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, (list, tuple)) and isinstance(answer, (list, tuple)):
        return len(answer) == len(expected) and all(_matches(a, e, tolerance) for a, e in zip(answer, expected))
    return answer == expected


def check(name: str, answer, expected, tolerance: float = 0.0, hint: str = "") -> Verdict:
    """Compare a reader's ``answer`` with ``expected`` (numbers within ``tolerance``; strings ignore case).

    ``expected`` is computed by the notebook in the same run, never typed in as a constant.
    Returns a ``Verdict`` that displays itself; ``hint`` is shown after a wrong answer.
    """
    checks.text(name, "name")
    checks.real(tolerance, "tolerance", minimum=0)
    if answer is None:
        return Verdict(name, "unanswered", "not answered yet: set the variable above and run this cell again")
    if _matches(answer, expected, tolerance):
        return Verdict(name, "correct", f"correct ({answer!r})")
    return Verdict(name, "wrong", f"{answer!r} is not it. {hint}".strip())
