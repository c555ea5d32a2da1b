"""Lesson 04, CLAP's contrastive learning: audio and text in one space.

``audio`` (waveforms, log-mel spectrograms) · ``contrastive`` (the InfoNCE loss, recall@k) ·
``sounds`` (generated sounds with captions) · ``tiny_clap`` (a small CLAP trained live) ·
``laion_clap`` (the real LAION-CLAP architecture, step by step) · ``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "contrastive": ("clip_loss", "recall_at_k", "similarity", "softmax_rows", "LogitScale"),
    "audio": ("log_mel",),
})
