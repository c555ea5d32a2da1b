"""CLIP's text input: the real byte-level BPE tokenizer that open_clip ships (works offline).

CLIP's text encoder reads exactly ``context_length = 77`` token ids:
``[<start>=49406, content ..., <end>=49407, 0, 0, ...]``. That leaves 75 slots for content.
Everything here is computed with open_clip's own vocabulary and rules; the tests check
``tokenize`` against ``open_clip.tokenize`` on real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import checks
from ..core.tokenizers import CLIP_CONTEXT_LENGTH as CONTEXT_LENGTH
from ..core.tokenizers import CLIP_END_ID as END_ID
from ..core.tokenizers import CLIP_PAD_ID as PAD_ID
from ..core.tokenizers import CLIP_START_ID as START_ID
from ..core.tokenizers import clip_bpe as _tokenizer
from ..core.tokenizers import clip_encode as encode
from ..core.tokenizers import clip_piece_labels as piece_labels

_WORD = re.compile(r"\S+")


def _check_text(text) -> str:
    return checks.text(text, "text")


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
    decoder = _tokenizer().decoder
    return [decoder[i] for i in encode(text)]


def decode(ids) -> str:
    """Text spelled by token ids (start, end and padding dropped)."""
    keep = [int(i) for i in ids if int(i) not in (START_ID, END_ID, PAD_ID)]
    return _tokenizer().decode(keep).strip()


def _row(ids: list[int], context_length: int) -> list[int]:
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

    context_length = _check_context_length(context_length)
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, (list, tuple)):
        raise TypeError(f"expected a str or a list of str, got {type(texts).__name__}")
    rows = []
    for text in texts:
        ids = _budgeted_encode(_check_text(text), context_length - 2)
        if not truncate and len(ids) > context_length - 2:
            raise ValueError(f"text has more than {context_length - 2} tokens and truncate=False: {text[:40]!r}...")
        rows.append(_row(ids, context_length))
    return torch.tensor(rows, dtype=torch.long).reshape(len(rows), context_length)


def _word_token_counts(text: str, budget: int):
    """Per-word token counts for the leading words of ``text``, stopping once ``budget`` is exceeded.

    Returns ``(spans, counts)`` of equal length. BPE never merges across whitespace, so
    a text's tokens are its words' tokens in order; only the leading words are encoded,
    which keeps a 1 MB paste cheap.
    """
    spans, counts, total = [], [], 0
    for span in _WORD.finditer(text):
        n = count_tokens(span.group())
        spans.append((span.start(), span.end()))
        counts.append(n)
        total += n
        if total > budget:
            break
    return spans, counts


def _budgeted_encode(text: str, budget: int) -> list[int]:
    """The first ``budget + 1`` or more ids of ``text`` without encoding all of a long text."""
    if len(text) <= 20 * (budget + 1):
        return encode(text)
    spans, _ = _word_token_counts(text, budget)
    end = spans[-1][1] if spans else 0
    return encode(text[:end])


def words_that_fit(text: str, context_length: int = CONTEXT_LENGTH) -> int:
    """How many leading whitespace-separated words of ``text`` fit whole in ``context_length - 2`` slots."""
    from ..core import tokenizers

    return tokenizers.words_that_fit(tokenizers.get("clip"), _check_text(text), _check_context_length(context_length))


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
    """Words, content tokens, and how many leading words fit, for one text."""
    return Fit(words=len(_check_text(text).split()), tokens=count_tokens(text),
               words_that_fit=words_that_fit(text, context_length), context_length=context_length)
