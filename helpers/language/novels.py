"""The checkpoints' text: Austen's six novels plus *Lady Susan*'s training part; *Lady Susan*'s tail held out.

The live models read *Lady Susan* alone (about 23,000 words); the checkpoints read some 740,000 words of
the same author. The held-out part is the same tail of *Lady Susan* the live models are scored on
(``vocab.split_at_sentence``), so live model and checkpoint are measured on the same held-out text.
Recipes are chosen on a validation part carved from the training text (the last tenth of *Lady Susan*'s
training part), never on the held-out tail.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import torch

from ..core import corpora
from .vocab import TextData, Vocab, split_at_sentence

NOVELS = "language/austen_novels.txt"
HELD_OUT = 0.1  # the lesson's split of Lady Susan: the last tenth is never trained on


@functools.lru_cache(maxsize=1)
def austen_novels() -> str:
    """Austen's six completed novels (``data/language/austen_novels.txt``), cleaned for training:
    italics underscores, and chapter and volume headings, removed; whitespace normalised."""
    text = corpora.data_path(NOVELS).read_text(encoding="utf-8")
    text = re.sub(r"^\s*(CHAPTER|Chapter|VOLUME|Volume)\b[^\n]*$", " ", text, flags=re.MULTILINE)
    return " ".join(text.replace("_", "").split())


def training_texts(validation: bool = False) -> tuple[str, str]:
    """``(train, evaluate)``: the novels plus *Lady Susan*'s training part, and its held-out tail.

    With ``validation=True`` the last tenth of the training part is taken out of ``train`` and
    returned as ``evaluate`` instead (for choosing a recipe without touching the held-out tail).
    """
    head, tail = split_at_sentence(corpora.austen(), HELD_OUT)
    if validation:
        head, tail = split_at_sentence(head, 0.1)
    return austen_novels() + " " + head, tail


def _tokenize(text: str, tokenizer) -> list[int]:
    # WordPiece works word by word, so chunks at spaces give the same ids; the fast tokenizer runs a
    # batch of chunks in parallel (one 4 MB string takes three times as long)
    words = text.split()
    chunks = [" ".join(words[i:i + 2000]) for i in range(0, len(words), 2000)]
    return [i for chunk in tokenizer(chunks, add_special_tokens=False)["input_ids"] for i in chunk]


@functools.lru_cache(maxsize=2)  # a few seconds to tokenize; the smoke tests train twice
def novels_data(validation: bool = False, min_count: int = 5) -> TextData:
    """``training_texts`` as compact ids, with a vocabulary of the pieces seen at least ``min_count``
    times in the training text (about 6,000). Tokenizing 4 MB of text takes a few seconds."""
    from ..core.tokenizers import bert_fast

    tokenizer = bert_fast()
    train, evaluate = (_tokenize(t, tokenizer) for t in training_texts(validation))
    vocab = Vocab(tokenizer, [i for i, c in Counter(train).most_common() if c >= min_count])
    compact = lambda ids: torch.tensor([vocab._compact.get(i, vocab.unk_id) for i in ids])  # noqa: E731
    return TextData(vocab, compact(train), compact(evaluate))


def held_out_data(vocab: Vocab) -> TextData:
    """*Lady Susan* split as the lesson splits it, in ``vocab``'s ids: ``test`` is the held-out tail
    (the same text the live models are scored on), ``train`` *Lady Susan*'s training part."""
    if not isinstance(vocab, Vocab):
        raise TypeError(f"vocab must be a Vocab (a tiny model's .vocab), got {type(vocab).__name__}")
    head, tail = split_at_sentence(corpora.austen(), HELD_OUT)
    return TextData(vocab, torch.tensor(vocab.encode(head)), torch.tensor(vocab.encode(tail)))
