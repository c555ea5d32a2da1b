"""helpers.core.checks: numbers from numpy and torch pass, bools and strings do not, and errors name the argument."""

import numpy as np
import pytest
import torch

from helpers.core import checks


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), torch.tensor(3), np.uint8(3)])
def test_integer_accepts_python_numpy_and_torch_integers(value):
    assert checks.integer(value, "epochs") == 3 and type(checks.integer(value, "epochs")) is int


@pytest.mark.parametrize("value", [True, np.bool_(False), torch.tensor(True)])
def test_integer_rejects_bools_naming_the_argument(value):
    with pytest.raises(TypeError, match="^epochs must be an int, got bool"):
        checks.integer(value, "epochs")


@pytest.mark.parametrize("value", ["3", 3.0, np.float32(3), None, [3]])
def test_integer_rejects_non_integers_naming_argument_and_type(value):
    with pytest.raises(TypeError, match=f"^epochs must be an int, got {type(value).__name__}"):
        checks.integer(value, "epochs")


def test_integer_bounds():
    assert checks.integer(0, "n", minimum=0, maximum=0) == 0
    with pytest.raises(ValueError, match="^n must be an int >= 1, got 0$"):
        checks.integer(0, "n", minimum=1)
    with pytest.raises(ValueError, match="^n must be an int <= 9, got 10$"):
        checks.integer(10, "n", maximum=9)
    assert checks.positive_int(np.int64(1), "batch_size") == 1
    with pytest.raises(ValueError, match="^batch_size must be an int >= 1"):
        checks.positive_int(0, "batch_size")


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.5), np.float64(0.5), torch.tensor(0.5), np.int64(1)])
def test_real_accepts_numbers_of_every_kind(value):
    assert checks.real(value, "lr") == pytest.approx(float(value)) and type(checks.real(value, "lr")) is float


@pytest.mark.parametrize("value", [True, np.bool_(True), "0.5", None, np.ones(2), torch.ones(2)])
def test_real_rejects_bools_strings_and_arrays(value):
    with pytest.raises(TypeError, match="^lr must be a number, got"):
        checks.real(value, "lr")


def test_real_bounds_and_finiteness():
    with pytest.raises(ValueError, match="^temperature must be > 0, got 0$"):
        checks.real(0.0, "temperature", 0, open_minimum=True)
    assert checks.real(0.0, "tolerance", minimum=0) == 0.0
    with pytest.raises(ValueError, match="^p must be <= 1, got 1.5$"):
        checks.real(1.5, "p", maximum=1)
    with pytest.raises(ValueError, match="^p must be >= 0, got -0.1$"):
        checks.real(-0.1, "p", minimum=0)
    for bad in (float("nan"), np.inf, torch.tensor(float("-inf"))):
        with pytest.raises(ValueError, match="^p must be a finite number"):
            checks.real(bad, "p")


def test_text_and_texts():
    assert checks.text("hi", "caption") == "hi"
    with pytest.raises(TypeError, match="^caption must be a str, got bytes"):
        checks.text(b"hi", "caption")
    assert checks.texts("one", "captions") == ["one"]
    assert checks.texts(("a", "b"), "captions") == ["a", "b"]
    with pytest.raises(TypeError, match=r"^captions\[1\] must be a str, got int 5"):
        checks.texts(["a", 5], "captions")
    with pytest.raises(TypeError, match="^captions must be a str or a list of str, got set"):
        checks.texts({"a"}, "captions")
    with pytest.raises(ValueError, match="^captions must hold at least one str"):
        checks.texts([], "captions")
    assert checks.texts([], "captions", allow_empty=True) == []


def test_choice_lists_the_options():
    assert checks.choice("mean", "pooling", ("mean", "cls")) == "mean"
    with pytest.raises(ValueError, match="^pooling must be one of 'mean', 'cls'; got 'max'$"):
        checks.choice("max", "pooling", ("mean", "cls"))


def test_long_values_are_shortened_in_messages():
    with pytest.raises(TypeError) as info:
        checks.text(["x" * 500], "caption")
    assert len(str(info.value)) < 100 and str(info.value).endswith("...")


def test_is_bool_knows_every_kind_of_bool():
    assert all(checks.is_bool(v) for v in (True, np.bool_(False), torch.tensor(True)))
    assert not any(checks.is_bool(v) for v in (1, 0.0, np.int64(1), torch.tensor(1), "True", None))


def test_clean_text_applies_one_policy_to_surrogates_and_controls():
    assert checks.clean_text("a \ud800 tone") == "a \ufffd tone"
    assert checks.clean_text("\ud83d\ude00") == "\U0001F600"  # a pair written as two surrogates is one emoji
    assert checks.clean_text("a\x00b\x1bc\x7fd\x85e") == "abcde"
    assert checks.clean_text("tab\there\nnew\rline\x0b\x0c") == "tab\there\nnew\rline\x0b\x0c"
    assert checks.clean_text("zero\u200bwidth 猫 é") == "zero\u200bwidth 猫 é"
    with pytest.raises(TypeError, match="^prompt must be a str, got int 5$"):
        checks.clean_text(5, "prompt")
