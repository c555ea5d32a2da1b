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


def _plain(value):
    """A torch tensor as a numpy array, and a 0-d array or tensor as a Python number."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu().numpy()
    if hasattr(value, "shape") and hasattr(value, "dtype") and getattr(value, "ndim", None) == 0:
        return value.item()
    return value


def _arrays_match(answer, expected, tolerance: float) -> bool:
    import numpy as np

    try:
        a, e = np.asarray(answer), np.asarray(expected)
    except (ValueError, TypeError):  # ragged lists
        return False
    if a.shape != e.shape:
        return False
    if a.dtype.kind in "iuf" and e.dtype.kind in "iuf":
        return bool(np.allclose(a, e, rtol=0, atol=tolerance))
    return bool(np.array_equal(a, e))


def _brief(value) -> str:
    return checks.shown(value) if not hasattr(value, "shape") else " ".join(checks.shown(value).split())


def _matches(answer, expected, tolerance: float) -> bool:
    answer, expected = _plain(answer), _plain(expected)
    if hasattr(answer, "shape") or hasattr(expected, "shape"):  # numpy arrays (and tensors, made arrays)
        return _arrays_match(answer, expected, tolerance)
    if checks.is_bool(expected) or checks.is_bool(answer):  # True is not 1 here, whatever Python says
        return checks.is_bool(answer) and checks.is_bool(expected) and bool(answer) == bool(expected)
    if isinstance(expected, numbers.Real) and isinstance(answer, numbers.Real):  # numpy scalars too
        return math.isclose(float(answer), float(expected), rel_tol=0, abs_tol=tolerance)
    if isinstance(expected, str) and isinstance(answer, str):
        return answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, (list, tuple)) and isinstance(answer, (list, tuple)):
        return len(answer) == len(expected) and all(_matches(a, e, tolerance) for a, e in zip(answer, expected))
    try:
        return bool(answer == expected)
    except Exception:  # an object whose == is not a yes or no
        return False


def check(name: str, answer, expected, tolerance: float = 0.0, hint: str = "") -> Verdict:
    """Compare a reader's ``answer`` with ``expected`` (numbers within ``tolerance``; strings ignore case).

    ``expected`` is computed by the notebook in the same run, never typed in as a constant.
    Returns a ``Verdict`` that displays itself; ``hint`` is shown after a wrong answer.
    """
    checks.text(name, "name")
    tolerance = checks.real(tolerance, "tolerance", minimum=0)
    checks.text(hint, "hint")
    if answer is None:
        return Verdict(name, "unanswered", "not answered yet: set the variable above and run this cell again")
    if _matches(answer, expected, tolerance):
        return Verdict(name, "correct", f"correct ({_brief(answer)})")
    return Verdict(name, "wrong", f"{_brief(answer)} is not it. {hint}".strip())


def check_code(name: str, candidate, find_problem, hint: str = "") -> Verdict:
    """A reader's function ``candidate`` held to a tested helper. ``find_problem(candidate)`` runs it on the
    exercise's cases and returns ``""`` when every one matches, else the first mismatch in one line, which the
    verdict shows before ``hint``. ``candidate=None`` means not answered yet."""
    checks.text(name, "name")
    if candidate is not None and not callable(candidate):
        raise TypeError(f"candidate must be a function or None, got {type(candidate).__name__}")
    if not callable(find_problem):
        raise TypeError(f"find_problem must be a function, got {type(find_problem).__name__}")
    if candidate is None:
        return check(name, None, True)
    problem = find_problem(candidate)
    return check(name, not problem, True, hint=f"{problem}. {hint}".strip() if problem else hint)
