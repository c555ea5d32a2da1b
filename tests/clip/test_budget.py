"""helpers.clip.budget: how many words fit, measured on real text with real tokenizers."""

import statistics

import pytest

from helpers import clip
from helpers.clip import budget
from helpers.core import corpora, tokenizers


def test_tokens_per_word_matches_direct_count():
    texts = corpora.captions()
    direct = sum(clip.count_tokens(t) for t in texts) / sum(len(t.split()) for t in texts)
    assert budget.tokens_per_word(texts) == pytest.approx(direct)
    with pytest.raises(ValueError, match="at least one word"):
        budget.tokens_per_word("   ")
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str"):
        budget.tokens_per_word(["fine", 3])


def test_austen_windows_match_the_measured_resource_figures():
    fits = budget.words_fitting_windows(corpora.austen(), n_windows=28)
    assert len(fits) == 28
    assert 55 <= statistics.median(fits) <= 65  # RESOURCES.md measured a median of 59 on similar windows
    assert all(f < 75 for f in fits)


@pytest.mark.parametrize("name", ["gpt2", "bert"])
def test_windows_for_other_tokenizers_fit_their_budget(name):
    tok = tokenizers.get(name)
    windows = corpora.word_windows(corpora.austen(), 150, 4)
    for window, k in zip(windows, budget.words_fitting_windows(corpora.austen(), n_windows=4, tokenizer=name)):
        words = window.split()
        assert len(tok.encode(" ".join(words[:k]))) <= 77 - tok.specials < len(tok.encode(" ".join(words[:k + 1])))


def test_chars_that_fit_chinese():
    text = "你好世界" * 40
    n = budget.chars_that_fit(text)
    assert clip.count_tokens(text[:n]) <= 75 < clip.count_tokens(text[:n + 1])


def test_generated_inputs_are_deterministic():
    assert budget.number_strings(seed=1) == budget.number_strings(seed=1)
    assert budget.number_strings(seed=1) != budget.number_strings(seed=2)
    assert len(budget.emoji_strings(5)) == 5
    rare = budget.hapax_words("the cat and the dog and the zebra")
    assert rare == ["zebra"]
