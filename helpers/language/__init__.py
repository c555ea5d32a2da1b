"""Lesson 02, BERT vs GPT: one Transformer, two masks, two objectives.

``models`` (attention masks, masked-LM corruption, parameter counts, MiniLM probes) · ``tiny_lm``
(a tiny BERT and a tiny GPT trained live) · ``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "models": ("attention_mask", "mlm_mask", "transformer_params", "bert_params"),
})
