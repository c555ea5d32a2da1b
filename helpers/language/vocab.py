"""The tiny models' text: a compact vocabulary over the real WordPiece tokenizer, and a held-out split.

``Vocab`` keeps only the pieces seen in the training text (plus five specials), which keeps the output
layer small enough to train in seconds on a CPU; ``prepare_text`` splits *Lady Susan* at a sentence end
and builds the vocabulary from the first part only, so the tail is truly unseen text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import torch

from ..core import checks


class Vocab:
    """A compact vocabulary over a real tokenizer: the pieces seen in a text, plus five specials.

    Compact ids 0..4 are [PAD], [UNK], [CLS], [SEP], [MASK]; the rest are WordPiece pieces
    ordered by frequency. ``encode`` maps unseen pieces to [UNK].
    """

    SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

    def __init__(self, tokenizer, piece_ids: list[int]):
        self.tokenizer = tokenizer
        specials = [tokenizer.convert_tokens_to_ids(s) for s in self.SPECIALS]
        self.tokenizer_ids = specials + [i for i in piece_ids if i not in specials]
        self._compact = {t: c for c, t in enumerate(self.tokenizer_ids)}
        self.pad_id, self.unk_id, self.cls_id, self.sep_id, self.mask_id = range(5)
        self.pieces = tokenizer.convert_ids_to_tokens(self.tokenizer_ids)

    def __len__(self) -> int:
        return len(self.tokenizer_ids)

    def encode(self, text: str) -> list[int]:
        """Compact ids of ``text`` (no [CLS]/[SEP] added; a literal "[MASK]" becomes the mask id)."""
        ids = self.tokenizer(checks.clean_text(text), add_special_tokens=False)["input_ids"]
        return [self._compact.get(i, self.unk_id) for i in ids]

    def decode(self, ids) -> str:
        return self.tokenizer.decode([self.tokenizer_ids[i] for i in self._ids(ids)])

    def labels(self, ids) -> list[str]:
        return [self.pieces[i] for i in self._ids(ids)]

    def _ids(self, ids) -> list[int]:
        from ..core.tokenizers import check_ids

        return check_ids(ids, "ids", len(self))

    def word_starts(self):
        """Bool tensor ``(V,)``: True for pieces that start a word (not ``##...``, not special)."""
        return torch.tensor([i >= 5 and not p.startswith("##") for i, p in enumerate(self.pieces)])


def build_vocab(text: str, tokenizer=None, min_count: int = 2) -> Vocab:
    """``Vocab`` of the WordPiece pieces that occur at least ``min_count`` times in ``text``."""
    if tokenizer is None:
        from ..core.tokenizers import bert_fast

        tokenizer = bert_fast()
    counts = Counter(tokenizer(text, add_special_tokens=False)["input_ids"])
    return Vocab(tokenizer, [i for i, c in counts.most_common() if c >= min_count])


@dataclass
class TextData:
    """A text as compact ids: ``train`` and ``test`` are 1-D LongTensors; ``test`` is the held-out tail."""

    vocab: Vocab
    train: object
    test: object


def split_at_sentence(text: str, held_out: float = 0.1) -> tuple[str, str]:
    """``(head, tail)`` of ``text`` (whitespace-normalised), cut at the first sentence end after
    ``1 - held_out`` of its length: the tail is the held-out part."""
    held_out = checks.real(held_out, "held_out")
    if not 0 < held_out < 1:
        raise ValueError(f"held_out must be in (0, 1), got {held_out}")
    text = " ".join(checks.text(text, "text").split())
    cut = int(len(text) * (1 - held_out))
    end = text.find(". ", cut)
    cut = end + 1 if end != -1 else cut
    head, tail = text[:cut], text[cut:]
    if not head.strip() or not tail.strip():
        raise ValueError(f"text is too short to hold out a part of it, got {checks.shown(text)}")
    return head, tail


def prepare_text(text: str | None = None, held_out: float = 0.1, min_count: int = 2) -> TextData:
    """Split ``text`` (default: Austen's *Lady Susan*) at a sentence end near ``1 - held_out`` of its
    length; build the vocabulary from the first part only, so the tail is truly unseen text."""
    if text is None:
        from ..core.corpora import austen

        text = austen()
    head, tail = split_at_sentence(text, held_out)
    vocab = build_vocab(head, min_count=min_count)
    return TextData(vocab, torch.tensor(vocab.encode(head)), torch.tensor(vocab.encode(tail)))
