"""What each model actually reads, seen through the real tokenizers and the real encoder.

BERT reads ``[CLS] A [SEP] B [SEP]`` in WordPiece pieces, and each position's input is the sum of a
token, a segment (A or B) and a position embedding, then LayerNorm. GPT reads one stream of
byte-level BPE pieces with token and position embeddings only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import checks
from ..core.runtime import cpu_threads


@dataclass
class BertInput:
    """A sentence pair as BERT reads it: WordPiece ``tokens`` with [CLS]/[SEP], ``segment_ids``
    (0 for sentence A, 1 for B), ``positions``, and the three embedding tables' rows ``(T, d)``
    that are summed (then LayerNorm-ed) into the encoder's input."""

    tokens: list[str]
    segment_ids: list[int]
    positions: list[int]
    token_vectors: object
    segment_vectors: object
    position_vectors: object
    summed: object           # LayerNorm(token + segment + position), (T, d)
    model_embeddings: object  # what the encoder's own embedding layer returns, (T, d)


def _check_sentence(value, name: str) -> str:
    if not checks.text(value, name).strip():
        raise ValueError(f"{name} must be a non-empty str")
    return value


def bert_input(sentence_a: str, sentence_b: str | None = None) -> BertInput:
    """Tokenize a sentence (pair) with the real WordPiece tokenizer and look up the pretrained
    MiniLM encoder's token, segment and position embeddings for it."""
    import torch

    from ..core import minilm

    _check_sentence(sentence_a, "sentence_a")
    if sentence_b is not None:
        _check_sentence(sentence_b, "sentence_b")
    model, tokenizer = minilm.load()
    enc = tokenizer(sentence_a, sentence_b, return_tensors="pt")
    ids, segments = enc["input_ids"].to(model.device), enc["token_type_ids"].to(model.device)
    emb = model.embeddings
    positions = torch.arange(ids.shape[1], device=model.device).unsqueeze(0)
    with torch.no_grad(), cpu_threads(1):
        tok, seg, pos = emb.word_embeddings(ids), emb.token_type_embeddings(segments), emb.position_embeddings(positions)
        summed = emb.LayerNorm(tok + seg + pos)
        own = emb(input_ids=ids, token_type_ids=segments)
    return BertInput(tokenizer.convert_ids_to_tokens(ids[0]), segments[0].tolist(), positions[0].tolist(),
                     tok[0].cpu(), seg[0].cpu(), pos[0].cpu(), summed[0].cpu(), own[0].cpu())


def gpt2_input(text: str) -> tuple[list[str], list[int]]:
    """GPT-2's input for ``text``: its byte-level BPE pieces (a leading space shown as ␣) and ids.
    No [CLS], no [SEP], no segments: only token and position embeddings are added."""
    from ..core.tokenizers import get

    _check_sentence(text, "text")
    tok = get("gpt2")
    ids = tok.encode(text)
    return tok.labels(ids), ids

