"""CLIP's text input: the real byte-level BPE tokenizer that open_clip ships (works offline).

CLIP's text encoder reads exactly ``context_length = 77`` token ids:
``[<start>=49406, content ..., <end>=49407, 0, 0, ...]``. That leaves 75 slots for content.
Everything here is computed with open_clip's own vocabulary and rules (``helpers.core.tokenizers``
holds the raw BPE); the tests check ``tokenize`` against ``open_clip.tokenize`` on real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import checks, tokenizers
from ..core.tokenizers import CLIP_CONTEXT_LENGTH as CONTEXT_LENGTH
from ..core.tokenizers import CLIP_END_ID as END_ID
from ..core.tokenizers import CLIP_PAD_ID as PAD_ID
from ..core.tokenizers import CLIP_START_ID as START_ID
from ..core.tokenizers import clip_encode as encode
from ..core.tokenizers import clip_piece_labels as piece_labels

_WORD = re.compile(r"\S+")
_SHORT_CHARS_PER_SLOT = 20  # a text under 20 characters per slot is encoded whole: cheaper than word by word


def _check_context_length(context_length) -> int:
    return checks.integer(context_length, "context_length", minimum=3)


def count_tokens(text: str) -> int:
    """Number of content tokens in ``text`` (no start/end token, no truncation)."""
    return len(encode(text))


def bpe_tokens(text: str) -> list[str]:
    """The BPE pieces of ``text`` as they appear in CLIP's vocabulary, e.g. ``['quick</w>', 'jump', 's</w>']``.

    ``</w>`` marks the end of a word. Non-ASCII text appears in byte-level form
    (each UTF-8 byte is one visible character); ``piece_labels`` makes it readable.
    """
    decoder = tokenizers.clip_bpe().decoder
    return [decoder[i] for i in encode(text)]


def decode(ids) -> str:
    """Text spelled by token ids (start, end and padding dropped)."""
    keep = [i for i in tokenizers.check_ids(ids, "ids", END_ID + 1) if i not in (START_ID, END_ID, PAD_ID)]
    return tokenizers.clip_bpe().decode(keep).strip()


def _leading_ids(text: str, budget: int) -> list[int]:
    """CLIP ids of ``text``, or of enough of its leading words to fill ``budget`` slots and overflow them.

    BPE never merges across whitespace, so a text's first ids are its first words' ids: a 1 MB
    paste is counted word by word until the budget overflows, never encoded whole.
    """
    if len(text) <= _SHORT_CHARS_PER_SLOT * (budget + 1):
        return encode(text)
    end = total = 0
    for word in _WORD.finditer(text):
        total, end = total + count_tokens(word.group()), word.end()
        if total > budget:
            break
    return encode(text[:end])


def _window_row(ids: list[int], context_length: int) -> list[int]:
    row = [START_ID] + ids + [END_ID]
    if len(row) > context_length:
        row = row[:context_length]
        row[-1] = END_ID  # open_clip keeps the end token: the embedding is read there
    return row + [PAD_ID] * (context_length - len(row))


def tokenize(texts, context_length: int = CONTEXT_LENGTH, truncate: bool = True):
    """Token ids as CLIP reads them: LongTensor ``(n, context_length)``.

    ``texts`` is a string or a list of strings. Each row is ``[49406, ids..., 49407, 0...]``.
    A text longer than ``context_length - 2`` tokens is cut and its last slot set to the end
    token (open_clip's behaviour). ``truncate=False`` raises instead, as OpenAI's original
    ``clip.tokenize`` does by default.
    """
    import torch

    texts = checks.texts(texts, "texts", allow_empty=True)
    context_length = _check_context_length(context_length)
    if not isinstance(truncate, bool):
        raise TypeError(f"truncate must be True or False, got {type(truncate).__name__} {checks.shown(truncate)}")
    rows = []
    for text in texts:
        ids = _leading_ids(text, context_length - 2)
        if not truncate and len(ids) > context_length - 2:
            raise ValueError(f"text has more than {context_length - 2} tokens and truncate=False: {text[:40]!r}...")
        rows.append(_window_row(ids, context_length))
    return torch.tensor(rows, dtype=torch.long).reshape(len(rows), context_length)


def slot_kinds(ids) -> list[str]:
    """Each slot's role in a window of ids: ``"special"`` (start, end), ``"pad"`` or ``"content"``."""
    ids = tokenizers.check_ids(ids, "ids", END_ID + 1)
    return ["special" if i in (START_ID, END_ID) else "pad" if i == PAD_ID else "content" for i in ids]


def compare_ids(claimed_ids, real_ids, claimed: str = "seed", real: str = "real") -> str:
    """A slot-by-slot table of two id lists with their readable pieces, marking the slots that differ."""
    claimed_ids, real_ids = tokenizers.check_ids(claimed_ids, "claimed_ids"), tokenizers.check_ids(real_ids, "real_ids")
    claimed, real = checks.text(claimed, "claimed"), checks.text(real, "real")
    lines = [f"{'slot':>4}  {claimed + ' id':>8} {claimed + ' piece':>12}   {real + ' id':>8} {real + ' piece':>12}"]
    for k, (c, r) in enumerate(zip(claimed_ids, real_ids)):
        mark = "" if c == r else "  <- differs"
        lines.append(f"{k:>4}  {c:>8} {piece_labels([c])[0]:>12}   {r:>8} {piece_labels([r])[0]:>12}{mark}")
    return "\n".join(lines)


def words_that_fit(text: str, context_length: int = CONTEXT_LENGTH) -> int:
    """How many leading whitespace-separated words of ``text`` fit whole in ``context_length - 2`` slots."""
    return tokenizers.words_that_fit(tokenizers.get("clip"), checks.text(text, "text"),
                                     _check_context_length(context_length))


def truncate_to_fit(text: str, context_length: int = CONTEXT_LENGTH) -> tuple[str, str]:
    """Split ``text`` into ``(kept_text, dropped_text)`` at the last whole word that fits.

    ``kept_text`` is a prefix of ``text``; ``dropped_text`` is the rest without its leading
    whitespace. Nothing is dropped when the whole text fits.
    """
    k = words_that_fit(text, context_length)
    ends = [m.end() for _, m in zip(range(k), _WORD.finditer(text))]
    end = ends[-1] if ends else 0
    if not _WORD.search(text, end):
        return text, ""
    return text[:end], text[end:].lstrip()


@dataclass(frozen=True)
class Fit:
    """How a text fits a context window (see ``fit_report``)."""

    words: int
    tokens: int
    words_that_fit: int
    context_length: int

    @property
    def content_slots(self) -> int:
        return self.context_length - 2

    @property
    def fits(self) -> bool:
        return self.tokens <= self.content_slots

    @property
    def tokens_per_word(self) -> float:
        return self.tokens / self.words if self.words else 0.0


def fit_report(text: str, context_length: int = CONTEXT_LENGTH) -> Fit:
    """Words, content tokens (all of them: this one encodes the whole text), and how many leading words fit."""
    return Fit(words=len(checks.text(text, "text").split()), tokens=count_tokens(text),
               words_that_fit=words_that_fit(text, context_length), context_length=context_length)
