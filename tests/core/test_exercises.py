"""helpers.core.exercises.check: unanswered, right and wrong answers of each kind."""

import pytest

from helpers.core.exercises import check


def test_unanswered_is_not_an_error():
    v = check("Ex", None, 5)
    assert v.status == "unanswered" and "not answered" in str(v)


@pytest.mark.parametrize("answer,expected,tol,status", [
    (12, 12, 0, "correct"), (11, 12, 0, "wrong"), (0.61, 0.6, 0.02, "correct"), (0.7, 0.6, 0.02, "wrong"),
    (" Causal ", "causal", 0, "correct"), ("bidirectional", "causal", 0, "wrong"),
    (False, False, 0, "correct"), (0, False, 0, "wrong"), (True, 1, 0, "wrong"),
    ([1, 2], (1, 2), 0, "correct"), ([1, 3], [1, 2], 0, "wrong"),
])
def test_verdicts(answer, expected, tol, status):
    assert check("Ex", answer, expected, tolerance=tol).status == status


def test_wrong_answer_shows_hint_and_html():
    v = check("Ex", 3, 4, hint="count again")
    assert "count again" in str(v) and "❌" in v._repr_html_()


def test_bad_arguments():
    with pytest.raises(TypeError, match="name"):
        check(1, 1, 1)
    with pytest.raises(ValueError, match="tolerance"):
        check("Ex", 1, 1, tolerance=-1)
