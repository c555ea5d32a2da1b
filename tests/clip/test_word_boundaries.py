"""helpers.clip.word_boundaries: no CLIP token crosses a space."""

import pytest

from helpers.clip import word_boundaries


def test_no_vocabulary_entry_spans_two_words():
    assert word_boundaries.entries_spanning_words() == []


def test_sentences_encode_word_by_word():
    for sentence in ["a quick brown fox jumps over the lazy dog.", "New York's 3.5 km-long bridge!!", "你好 世界"]:
        assert word_boundaries.encodes_word_by_word(sentence)
    with pytest.raises(TypeError):
        word_boundaries.encodes_word_by_word(3)
