"""Lesson 05, modality encoders: every modality becomes a sequence of vectors a language model can read.

``token_counts`` (tokens per image, video, audio clip, text: the formulas) · ``known_encoders`` (the
encoders as data, tokens per input through each) · ``budget`` (what a multimodal prompt costs) ·
``clip_image`` (CLIP's image tower) · ``whisper`` (Whisper tiny.en's encoder) · ``video`` (frames and
pooling) · ``feature_scores`` (do features carry meaning: nearest neighbours) · ``connector`` (a
projector trained into a text encoder's space, CLIP-style) · ``captioner`` and ``caption_training``
(LLaVA's connector in miniature: patch tokens into a frozen LM's input) · ``resampler`` (connectors
that are not projectors: Q-Former / Perceiver queries, gated cross-attention) · ``high_resolution``
(AnyRes tiles, Qwen2-VL's dynamic resolution) · ``llava`` (LLaVA-1.5's image path at full size, on
the meta device) · ``side_by_side`` (the borrowed tiny ViT and tiny CLAP: checkpoint or live run, and
both on the same held-out data) · ``verdicts`` (words for measured numbers) · ``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "token_counts": ("visual_token_count", "video_token_count", "audio_token_count", "text_token_count",
                     "patch_grid", "WHISPER_SAMPLE_RATE_HZ"),
    "known_encoders": ("EncoderSpec", "ENCODERS", "MODALITIES", "encoder_spec", "encoders_for", "token_count"),
    "budget": ("TokenBudget", "token_budget", "FRAME_POOLING", "CONNECTORS"),
    "resampler": ("Resampler", "GatedCrossAttention"),
    "high_resolution": ("anyres_layout", "dynamic_resolution_tokens", "TileLayout"),
    "connector": ("build_projector", "train_connector", "retrieval_accuracy", "caption_loss"),
    "llava": ("llava_shapes", "llava_projector"),
    "captioner": ("CaptionVocab", "VisualPrefixCaptioner", "patch_tokens"),
    "caption_training": ("train_caption_lm", "train_caption_projector", "caption_accuracy"),
    "feature_scores": ("FeatureScore", "score_features", "score_table"),
    "side_by_side": ("live_run", "chosen", "live_vs_checkpoint"),
    "verdicts": ("versus_chance", "compare"),
    "widgets": ("token_budget_calculator",),
})
