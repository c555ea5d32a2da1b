"""Lesson 05, modality encoders: every modality becomes a sequence of vectors a language model can read.

``token_counts`` (tokens per image, video, audio clip; the budget calculator) · ``whisper`` (Whisper
tiny.en's encoder) · ``video`` (frames and pooling) · ``connector`` (projectors into another
model's space) · ``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "token_counts": ("visual_token_count", "video_token_count", "audio_token_count", "text_token_count",
                     "token_count", "token_budget", "patch_grid"),
})
