"""helpers.language.verdicts: a lead is called only beyond two standard errors."""

import math

import pytest

from helpers import language
from helpers.language.evaluation import HeldOutComparison


def _comparison(hits, n=400):
    """A comparison with ``n`` whole-word targets at one position and ``hits`` correct per reader."""
    return HeldOutComparison(positions=[1], n_words=[n], correct={r: [hits[r]] for r in hits},
                             nll={r: [1.0] for r in hits}, n_targets=n)


def test_accuracy_gap_and_its_standard_error():
    gap, se = language.accuracy_gap(_comparison({"bert_both": 100, "bert_left": 60, "gpt": 80}), "bert_both", "gpt")
    assert gap == pytest.approx(0.05)
    assert se == pytest.approx(math.sqrt(0.25 * 0.75 / 400 + 0.2 * 0.8 / 400))


def test_lead_words_follow_the_numbers():
    assert language.lead_words(0.10, 0.02).startswith("beats")
    assert language.lead_words(-0.10, 0.02).startswith("trails")
    level = language.lead_words(0.01, 0.02)
    assert level.startswith("is level with") and "within sampling noise" in level
    assert "+1.0 points" in level


def test_column_verdicts_one_line_per_column():
    wide = _comparison({"bert_both": 200, "bert_left": 100, "gpt": 100})
    close = _comparison({"bert_both": 82, "bert_left": 60, "gpt": 80})
    lines = language.column_verdicts({"live": None, "close": (close, None, None), "wide": (wide, None, None)})
    assert lines[0] == "live: not trained in this run"
    assert "is level with" in lines[1] and "beats" in lines[2]


def test_bad_arguments_name_themselves():
    with pytest.raises(TypeError, match="comparison"):
        language.accuracy_gap({"bert_both": 1}, "bert_both", "gpt")
    with pytest.raises(ValueError, match="second"):
        language.accuracy_gap(_comparison({"bert_both": 1, "bert_left": 1, "gpt": 1}), "bert_both", "bart")
    with pytest.raises(ValueError, match="standard_error"):
        language.lead_words(0.1, -1)
