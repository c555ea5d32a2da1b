"""Two costs measured, not asserted: which Chinese characters CLIP's BPE merged, and what glued punctuation adds.

A Chinese character is 3 UTF-8 bytes; byte-level BPE spends 3 tokens on it unless training merged
its bytes. Punctuation glued to a word ("dog.") is a token of its own, so it raises tokens per word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..core import checks, tokenizers
from . import text

_HAN = re.compile(r"[\u4e00-\u9fff]")
_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class HanCosts:
    """Tokens per distinct Chinese character of a text, and how often merged ones occur."""

    tokens: dict[str, int]  # character -> CLIP tokens it costs alone
    counts: Counter  # character -> occurrences in the text

    def merged(self) -> list[str]:
        """Characters that cost fewer tokens than their 3 bytes, most frequent first."""
        return sorted((c for c, n in self.tokens.items() if n < 3), key=lambda c: -self.counts[c])

    @property
    def merged_share_distinct(self) -> float:
        return len(self.merged()) / len(self.tokens)

    @property
    def merged_share_running(self) -> float:
        return sum(self.counts[c] for c in self.merged()) / sum(self.counts.values())


def han_costs(chinese: str) -> HanCosts:
    """Cost of each distinct Chinese character (CJK unified ideographs) in ``chinese``."""
    counts = Counter(_HAN.findall(checks.text(chinese, "chinese")))
    if not counts:
        raise ValueError("chinese has no Chinese characters (U+4E00-U+9FFF); pass Chinese text")
    bpe = tokenizers.clip_bpe()
    return HanCosts(tokens={c: _pieces(bpe, c) for c in counts}, counts=counts)


def _pieces(bpe, word: str) -> int:
    """CLIP tokens of one pre-tokenized word: its bytes merged by BPE (``count_tokens`` without its text cleanup)."""
    return len(bpe.bpe("".join(bpe.byte_encoder[b] for b in word.encode("utf-8"))).split(" "))


def punctuation_inflation(prose: str) -> tuple[float, float]:
    """``(tokens_per_word, tokens_per_word_without_punctuation)`` over the same words of ``prose``."""
    words = checks.text(prose, "prose").split()
    bare = [_PUNCTUATION.sub("", w) for w in words]
    kept = [(w, b) for w, b in zip(words, bare) if b]
    if not kept:
        raise ValueError("prose has no words with letters or digits")
    cost = {w: text.count_tokens(w) for w in {piece for pair in kept for piece in pair}}  # each distinct word once
    return sum(cost[w] for w, _ in kept) / len(kept), sum(cost[b] for _, b in kept) / len(kept)
