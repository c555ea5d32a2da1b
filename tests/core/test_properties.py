"""Property tests (hypothesis): any str, surrogates, controls and 10,000-character words included, goes
through every tokenizer path; caches stay under their byte bounds whatever is stored."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unicode_text import ANY_CHAR
from helpers.core import caches, checks, tokenizers

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F).filter(lambda c: c.isprintable() is False)
LONG_WORD = st.builds(lambda c, n: c * n, st.sampled_from("a字é😀-1\ud800"), st.integers(1, 10_000))
TEXT = st.one_of(st.lists(ANY_CHAR, max_size=200).map("".join), st.text(CONTROL, max_size=20), LONG_WORD,
                 st.builds(lambda a, w, b: a + w + b, st.lists(ANY_CHAR, max_size=20).map("".join), LONG_WORD,
                           st.lists(ANY_CHAR, max_size=20).map("".join)))
SETTINGS = settings(derandomize=True, deadline=None, max_examples=60)


@SETTINGS
@given(TEXT)
def test_clean_text_leaves_no_surrogate_or_control_and_is_idempotent(text):
    clean = checks.clean_text(text)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in clean)
    assert all(c in "\t\n\r\x0b\x0c" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) for c in clean)
    assert checks.clean_text(clean) == clean
    clean.encode("utf-8")  # always encodable


@pytest.mark.parametrize("name", tokenizers.NAMES)
def test_every_tokenizer_encodes_any_text(name):
    tok = tokenizers.get(name)

    @SETTINGS
    @given(TEXT)
    def encodes(text):
        ids = tok.encode(text)
        assert all(isinstance(i, int) and 0 <= i < tok.vocab_size for i in ids)
        assert ids == tok.encode(checks.clean_text(text))        # one policy, applied first
        assert len(tok.labels(ids)) == len(ids)
        assert 0 <= tokenizers.words_that_fit(tok, text, 77) <= len(text.split())

    encodes()


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5000)), max_size=60), st.integers(1_000, 60_000))
def test_a_bytes_lru_never_holds_more_than_its_bound(puts, limit):
    cache = caches.BytesLRU("property test", max_bytes=limit)
    for key, size in puts:
        value = cache.put(key, np.zeros(size, dtype=np.uint8))
        assert value.shape == (size,)
        assert cache.bytes <= limit and cache.bytes == sum(e[1] for e in cache._entries.values())
    assert caches.total_bytes() <= caches.TOTAL_BYTES


@SETTINGS
@given(st.lists(st.integers(-5, 50_000), max_size=30))
def test_check_ids_takes_lists_arrays_and_one_row(ids):
    in_range = all(0 <= i < 49408 for i in ids)
    for form in (ids, np.array(ids, dtype=np.int64).reshape(1, -1)):
        if in_range:
            assert tokenizers.check_ids(form, "ids", 49408) == ids
        else:
            with pytest.raises(ValueError, match=r"^ids\[\d+\] must be an id in \[0, 49408\)"):
                tokenizers.check_ids(form, "ids", 49408)
