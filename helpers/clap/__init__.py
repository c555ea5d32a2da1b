"""Lesson 04, CLAP's contrastive learning: audio and text in one space.

``audio`` (waveforms, log-mel spectrograms) · ``contrastive`` (the InfoNCE loss, the logit scale,
recall@k) · ``bound`` (InfoNCE as a bound on mutual information, false negatives) · ``fusion`` (LAION-CLAP's input for audio of any length) · ``sounds`` (generated sounds) · ``captions`` (how they are worded, from ``data/clap/``) ·
``tiny_clap`` (a small CLAP model) · ``training`` (training it, seeded) · ``evaluation`` (zero-shot,
retrieval, caption ranking) · ``validation`` (a validation split of the training clips and wordings) ·
``checkpoint`` (the long recipes of ``make checkpoints`` and ``load_tiny_clap``) · ``laion_clap`` (the real LAION-CLAP architecture, step by step) ·
``plots`` · ``media`` (a clip as WAV bytes and a PNG picture) · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "contrastive": ("clip_loss", "recall_at_k", "similarity", "softmax_rows", "LogitScale"),
    "audio": ("log_mel", "prepare"),
    "sounds": ("make_set", "synthesize", "SoundSet", "KINDS"),
    "captions": ("caption", "prompts", "prompt_ensemble", "few_prompts"),
    "tiny_clap": ("TinyCLAP", "TinyCLAPConfig"),
    "training": ("train_tiny_clap", "untrained_tiny_clap", "History"),
    "evaluation": ("zero_shot", "retrieval", "rank_captions", "similarity_matrix", "ZeroShot"),
    "checkpoint": ("load_tiny_clap",),
})
