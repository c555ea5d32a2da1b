"""Can one CLIP token combine several words? Checked against the pre-tokenizer and the vocabulary.

Before any merge, CLIP's pre-tokenizer cuts text into words, digits and punctuation runs at every
space; BPE merges only inside those pieces. So no token can cross a space.
"""

from __future__ import annotations

from ..core import checks, tokenizers
from . import text


def encodes_word_by_word(sentence: str) -> bool:
    """True when encoding ``sentence`` whole gives the same ids as encoding its words one at a time."""
    sentence = checks.text(sentence, "sentence")
    return text.encode(sentence) == [i for word in sentence.split() for i in text.encode(word)]


def entries_spanning_words() -> list[str]:
    """Vocabulary entries that hold a word end (``</w>``) before their own end, or a space: tokens over two words."""
    entries = tokenizers.clip_bpe().encoder
    return [e for e in entries if "</w>" in e[:-4] or " " in e]
