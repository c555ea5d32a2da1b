"""What a multimodal prompt costs: tokens per modality and the share of the language model's context window.

``token_budget`` adds up an image or a video (frames kept or pooled), an audio track and some text,
through the encoders of ``known_encoders``; the lesson's calculator widget shows its result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core import checks
from .high_resolution import anyres_layout
from .known_encoders import encoder_spec, token_count
from .token_counts import image_sides, patch_grid, video_token_count, visual_token_count

# Frame pooling → how many patch tokens are averaged into one (None: keep all; "frame": one vector per frame).
FRAME_POOLING = {"keep all tokens": None, "pool 2×2": 4, "pool 4×4": 16, "one vector per frame": "frame"}
# Connector → (query tokens per image or frame, None: one per encoder token; whether they enter the LLM's sequence).
CONNECTORS = {"MLP projector (LLaVA)": (None, True), "Q-Former, 32 queries (BLIP-2)": (32, True),
              "Perceiver Resampler, 64 latents (Flamingo)": (64, False)}


@dataclass(frozen=True)
class TokenBudget:
    """What one multimodal prompt costs: tokens per part, their total, and the share of the context window."""

    vision_tokens: int
    audio_tokens: int
    text_tokens: int
    context_window: int
    lines: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.vision_tokens + self.audio_tokens + self.text_tokens

    @property
    def share(self) -> float:
        """Fraction of the context window used (can exceed 1: the prompt does not fit)."""
        return self.total / self.context_window

    @property
    def fits(self) -> bool:
        return self.total <= self.context_window

    def __str__(self) -> str:
        verdict = "fits" if self.fits else f"does NOT fit (over by {self.total - self.context_window:,})"
        return "\n".join((*self.lines, f"total: {self.total:,} tokens = {self.share:.1%} of a "
                                       f"{self.context_window:,}-token context window: {verdict}"))


def pooled_tokens_per_frame(rows: int, cols: int, per_frame: int, frame_pooling: str) -> int:
    """Tokens one frame keeps after ``frame_pooling``: all, one per 2×2 or 4×4 block of the patch grid, or one."""
    pooling = FRAME_POOLING[checks.choice(frame_pooling, "frame_pooling", FRAME_POOLING)]
    if pooling == "frame":
        return 1
    if pooling is None:
        return per_frame
    block = math.isqrt(pooling)
    return math.ceil(rows / block) * math.ceil(cols / block)


def _connector_part(tokens: int, frames: int, connector: str) -> tuple[int, str]:
    queries, in_sequence = CONNECTORS[connector]
    if queries is None:
        return tokens, ""
    out = frames * queries
    where = "in the LLM's sequence" if in_sequence else "read by gated cross-attention, NOT in the context window"
    each = "per image" if frames == 1 else "per frame or tile"
    return (out if in_sequence else 0), f" → {connector}: {queries} {each} = {out:,} ({where})"


def _vision_part(vision_encoder: str, image_size, patch_size, frames: int, frame_pooling: str,
                 connector: str = "MLP projector (LLaVA)", input_px: int | None = None) -> tuple[int, str]:
    spec = encoder_spec(vision_encoder, "image")
    image_size = spec.image_size if image_size is None else image_size
    patch_size = spec.patch_size if patch_size is None else patch_size
    rows, cols = patch_grid(image_size, patch_size)
    per_frame = visual_token_count(image_size, patch_size, spec.cls_token)
    after = pooled_tokens_per_frame(rows, cols, per_frame, frame_pooling)
    tokens = video_token_count(frames, image_size, patch_size, after, spec.cls_token)
    tiles, passes = "", frames
    if input_px:  # a larger image is not resized into the encoder: it is cut into encoder-sized tiles (AnyRes)
        layout = anyres_layout(input_px, input_px, image_sides(image_size)[0], patch_size)
        tokens *= layout.encoder_passes
        passes = frames * layout.encoder_passes
        tiles = f" × AnyRes {layout.columns}×{layout.rows} tiles + 1 overview of a {input_px} px image"
    h, w = image_sides(image_size)
    side = f"{h}" if h == w else f"{h}×{w}"
    cls = " + 1 class token" if spec.cls_token else ""
    what = "image" if frames == 1 else f"{frames} frames"
    pooled = "" if FRAME_POOLING[frame_pooling] is None else f" → {frame_pooling}: {after}"
    in_context, connected = _connector_part(tokens, passes, connector)
    return in_context, (f"vision ({vision_encoder}): {what} × [({side} / {patch_size})² = {rows}×{cols} "
                        f"patches{cls} = {per_frame}{pooled}]{tiles} = {tokens:,} tokens of width {spec.width}"
                        + connected)


def _audio_part(audio_encoder: str, audio_s: float) -> tuple[int, str]:
    spec = encoder_spec(audio_encoder, "audio")
    tokens = token_count("audio", audio_encoder, duration_s=audio_s)
    return tokens, (f"audio ({audio_encoder}): {audio_s:g} s → {tokens:,} tokens of width {spec.width}"
                    + (f" ({spec.note})" if spec.note else ""))


def token_budget(vision_encoder: str | None = "CLIP ViT-L/14-336 (LLaVA-1.5)", image_size=None,
                 patch_size: int | None = None,
                 frames: int = 1, frame_pooling: str = "keep all tokens", audio_encoder: str | None = None,
                 audio_s: float = 0.0, text_tokens: int = 0, context_window: int = 4096,
                 connector: str = "MLP projector (LLaVA)", input_px: int | None = None) -> TokenBudget:
    """Tokens a prompt of one image (``frames=1``) or video, an audio track and some text hands the LLM.

    ``image_size``/``patch_size`` default to the vision encoder's own. ``frame_pooling`` is one of
    ``FRAME_POOLING``: keep every patch token, average 2×2 or 4×4 blocks of the patch grid, or keep one
    vector per frame. ``connector`` is one of ``CONNECTORS``: a projector hands on every token, a Q-Former a
    fixed 32 per image, Flamingo's resampler 64 that cross-attention reads outside the context window.
    ``input_px``: a square image larger than the encoder takes, counted as LLaVA-NeXT's AnyRes tiles of the
    encoder's size plus an overview. ``vision_encoder=None`` means no image; ``audio_s=0`` or
    ``audio_encoder=None`` no audio.
    """
    context_window = checks.positive_int(context_window, "context_window")
    text_tokens = checks.integer(text_tokens, "text_tokens", minimum=0)
    checks.choice(frame_pooling, "frame_pooling", FRAME_POOLING)
    checks.choice(connector, "connector", CONNECTORS)
    audio_s = checks.real(audio_s, "audio_s", 0)
    parts = {"vision": (0, ""), "audio": (0, "")}
    if vision_encoder is not None:
        parts["vision"] = _vision_part(vision_encoder, image_size, patch_size, frames, frame_pooling, connector,
                                       input_px)
    if audio_encoder is not None and audio_s:
        parts["audio"] = _audio_part(audio_encoder, audio_s)
    lines = [line for _, line in parts.values() if line] + ([f"text: {text_tokens:,} tokens"] if text_tokens else [])
    return TokenBudget(parts["vision"][0], parts["audio"][0], text_tokens, context_window,
                       tuple(lines or ["nothing but the context window"]))
