"""How many words fit in a token budget, measured on real text with real tokenizers (CLIP, GPT-2, BERT)."""

from __future__ import annotations

import re
from collections import Counter

from ..core import checks, tokenizers
from ..core.corpora import word_windows

_WORD = re.compile(r"\S+")


def tokens_per_word(texts, tokenizer: str = "clip") -> float:
    """Content tokens divided by whitespace-separated words over all ``texts`` (a str or a list of str)."""
    texts = checks.texts(texts, "texts")
    tok = tokenizers.get(tokenizer)
    words = sum(len(t.split()) for t in texts)
    if words == 0:
        raise ValueError("texts must hold at least one word, got only spaces")
    return sum(len(tok.encode(t)) for t in texts) / words


def tokens_per_char(text: str, tokenizer: str = "clip") -> float:
    """Content tokens per non-space character (for scripts written without spaces, like Chinese)."""
    chars = len(re.sub(r"\s", "", checks.text(text, "text")))
    if chars == 0:
        raise ValueError("text must hold at least one non-space character")
    return len(tokenizers.get(tokenizer).encode(text)) / chars


def words_fitting_windows(text: str, n_windows: int = 28, window_words: int = 150, context_length: int = 77,
                          tokenizer: str = "clip") -> list[int]:
    """For ``n_windows`` evenly spaced starting points in ``text``: how many consecutive words fit.

    Each window starts at a word boundary and holds ``window_words`` words (more than can fit);
    the result is the number of its leading words that fit in ``context_length`` minus specials.
    """
    tok = tokenizers.get(checks.choice(tokenizer, "tokenizer", tokenizers.NAMES))
    n_windows = checks.positive_int(n_windows, "n_windows")
    return [tokenizers.words_that_fit(tok, w, context_length) for w in word_windows(text, window_words, n_windows)]


def chars_that_fit(text: str, context_length: int = 77, tokenizer: str = "clip") -> int:
    """Leading non-space characters of ``text`` that fit in ``context_length`` minus specials."""
    tok = tokenizers.get(checks.choice(tokenizer, "tokenizer", tokenizers.NAMES))
    text = checks.text(text, "text")
    budget = checks.integer(context_length, "context_length", minimum=tok.specials + 1) - tok.specials
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(tok.encode(text[:mid])) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return len(re.sub(r"\s", "", text[:lo]))


def hapax_words(text: str, limit: int = 200) -> list[str]:
    """Words that occur exactly once in ``text`` (lower-cased, letters only): its rarest vocabulary."""
    limit = checks.integer(limit, "limit", minimum=0)
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", checks.text(text, "text"))]
    counts = Counter(words)
    return [w for w in dict.fromkeys(words) if counts[w] == 1 and len(w) > 3][:limit]


def number_strings(count: int = 40, seed: int = 0) -> list[str]:
    """Numbers as they appear in captions: prices, years, decimals, large counts (seeded)."""
    import random

    count, rng = checks.positive_int(count, "count"), random.Random(checks.integer(seed, "seed"))
    makers = (lambda: f"${rng.randint(1, 999)}.{rng.randint(0, 99):02d}", lambda: str(rng.randint(1900, 2030)),
              lambda: f"{rng.random() * 100:.3f}", lambda: f"{rng.randint(1000, 9_999_999):,}")
    return [makers[k % len(makers)]() for k in range(count)]


def emoji_strings(count: int = 40) -> list[str]:
    """Emoji from the Unicode 'Emoticons' block (U+1F600...)."""
    return [chr(0x1F600 + k) for k in range(checks.integer(count, "count", minimum=1, maximum=80))]
