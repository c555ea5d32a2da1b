"""Lesson 01, CLIP's text window: how many words fit in CLIP's 77 token slots.

``text`` (CLIP's tokenizer as the model reads it) · ``model`` (CLIP's text tower: embeddings,
pooling at the end token) · ``budget`` (words per window on real prose, three tokenizers) ·
``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "text": ("tokenize", "bpe_tokens", "count_tokens", "words_that_fit", "truncate_to_fit", "decode", "encode",
             "piece_labels", "fit_report", "Fit", "CONTEXT_LENGTH", "START_ID", "END_ID", "PAD_ID"),
})
