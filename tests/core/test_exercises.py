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
    with pytest.raises(TypeError, match="name must be a str, got int"):
        check(1, 1, 1)
    with pytest.raises(ValueError, match="tolerance must be >= 0"):
        check("Ex", 1, 1, tolerance=-1)
    with pytest.raises(TypeError, match="tolerance must be a number, got str"):
        check("Ex", 1, 1, tolerance="0.1")


def test_numpy_and_torch_answers_are_numbers():
    import numpy as np
    import torch

    assert check("Ex", np.float64(0.5), 0.5).status == "correct"
    assert check("Ex", 0.61, np.float32(0.6), tolerance=np.float32(0.02)).status == "correct"
    assert check("Ex", torch.tensor(12).item(), 12).status == "correct"
    assert check("Ex", False, np.bool_(False)).status == "correct"  # e.g. expected = (change > 1e-6) on arrays
    assert check("Ex", 0, np.bool_(False)).status == "wrong"


def test_check_reads_numpy_arrays_and_torch_tensors():
    import numpy as np
    import torch

    from helpers.core import exercises

    assert exercises.check("a", torch.tensor(3.0), 3.0).status == "correct"
    assert exercises.check("a", torch.tensor(3.02), 3.0, tolerance=0.05).status == "correct"
    assert exercises.check("a", np.float32(2.5), torch.tensor(2.5)).status == "correct"
    assert exercises.check("a", np.array([1, 2, 3]), [1, 2, 3]).status == "correct"
    assert exercises.check("a", torch.tensor([[1.0, 2.0]]), np.array([[1.0, 2.0]])).status == "correct"
    assert exercises.check("a", np.array([1, 2]), [1, 2, 3]).status == "wrong"      # shapes differ
    assert exercises.check("a", torch.tensor([1.0, 2.5]), [1.0, 2.0]).status == "wrong"
    verdict = exercises.check("a", np.zeros((50, 50)), np.ones((50, 50)))
    assert verdict.status == "wrong" and "\n" not in str(verdict)
    assert exercises.check("a", torch.tensor(True), True).status == "correct"


def test_check_code_reports_the_first_problem_and_waits_for_an_answer():
    from helpers.core.exercises import check_code

    def find(f):
        return "" if f(2) == 4 else f"f(2) gave {f(2)}, expected 4"

    assert check_code("square", None, find).status == "unanswered"
    assert check_code("square", lambda x: x * x, find).status == "correct"
    wrong = check_code("square", lambda x: x + 1, find, hint="Multiply.")
    assert wrong.status == "wrong" and "f(2) gave 3, expected 4. Multiply." in wrong.message


@pytest.mark.parametrize("kwargs, word", [({"candidate": 3}, "candidate"), ({"find_problem": "x"}, "find_problem"),
                                          ({"name": 5}, "name")])
def test_check_code_names_a_bad_argument(kwargs, word):
    from helpers.core.exercises import check_code
    args = {"name": "square", "candidate": lambda x: x, "find_problem": lambda f: "", **kwargs}
    with pytest.raises(TypeError, match=word):
        check_code(**args)
