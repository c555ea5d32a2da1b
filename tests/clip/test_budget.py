"""helpers.clip.budget and helpers.core.corpora: measurements on real text."""

import statistics

import pytest

from helpers.clip import text as clip_text
from helpers.core import corpora
from helpers.clip import budget as token_budget


def test_corpora_are_real_and_sizable():
    assert "Lady Susan" in corpora.austen()[:200]
    assert 20_000 < len(corpora.austen().split()) < 30_000
    assert len(corpora.austen_sentences()) > 500
    assert "序" in corpora.classical_chinese()


def test_word_windows():
    windows = corpora.word_windows("a b c d e f g h", 2, 3)
    assert windows == ["a b", "c d", "e f"]
    with pytest.raises(ValueError, match="need"):
        corpora.word_windows("a b", 2, 3)
    with pytest.raises(ValueError, match=">= 1"):
        corpora.word_windows("a b", 0, 1)


def test_tokens_per_word_matches_direct_count():
    texts = corpora.captions()
    direct = sum(clip_text.count_tokens(t) for t in texts) / sum(len(t.split()) for t in texts)
    assert token_budget.tokens_per_word(texts) == pytest.approx(direct)
    with pytest.raises(ValueError, match="at least one word"):
        token_budget.tokens_per_word("   ")


def test_austen_windows_match_the_measured_resource_figures():
    fits = token_budget.words_fitting_windows(corpora.austen(), n_windows=28)
    assert len(fits) == 28
    assert 55 <= statistics.median(fits) <= 65  # RESOURCES.md measured a median of 59 on similar windows
    assert all(f < 75 for f in fits)


def test_chars_that_fit_chinese():
    text = "你好世界" * 40
    n = token_budget.chars_that_fit(text)
    assert clip_text.count_tokens(text[:n]) <= 75 < clip_text.count_tokens(text[:n + 1])


def test_generated_inputs_are_deterministic():
    assert token_budget.number_strings(seed=1) == token_budget.number_strings(seed=1)
    assert token_budget.number_strings(seed=1) != token_budget.number_strings(seed=2)
    assert len(token_budget.emoji_strings(5)) == 5
    rare = token_budget.hapax_words("the cat and the dog and the zebra")
    assert rare == ["zebra"]
