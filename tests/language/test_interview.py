"""helpers.language.interview: the interview answer, figures filled in from the run, in both languages."""

import pytest

from helpers import language

FIGURES = dict(bert_base_params=109_482_240, gpt3_params=174.6e9, kept_share=0.0946, kept_gap_se=-1.2,
               fill_both=0.207, fill_left=0.123, fill_gpt=0.201, perplexity_gpt=79, perplexity_bert=265,
               copy_without=0.05, copy_with=1.0)


def test_both_languages_with_this_runs_figures():
    text = language.interview_answer(**FIGURES)
    english, chinese = text.split("\n\n")
    assert 6 <= len(english.splitlines()) - 1 <= 10 and 6 <= len(chinese.splitlines()) - 1 <= 10
    for figure in ("109M", "174.6B", "9.5%", "20.7%", "12.3%", "20.1%", "79", "265", "5% -> 100%"):
        assert figure in english
    assert "174.6B" in chinese and "20.7%" in chinese and "面试回答" in chinese


def test_sentences_follow_the_numbers():
    assert "sampling noise" in language.interview_answer(**FIGURES)
    off = language.interview_answer(**{**FIGURES, "kept_gap_se": 3.5})
    assert "off the rule" in off and "偏离规则" in off
    worse = language.interview_answer(**{**FIGURES, "perplexity_gpt": 300})
    assert "GPT not better here" in worse and "GPT writes better" not in worse


def test_arguments_are_numbers_named_in_errors():
    with pytest.raises(TypeError, match="fill_gpt"):
        language.interview_answer(**{**FIGURES, "fill_gpt": "20%"})
    with pytest.raises(TypeError):
        language.interview_answer(0.1)
