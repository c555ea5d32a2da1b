"""How many tokens a modality encoder hands to a language model: the formulas, and a budget calculator.

A vision transformer cuts an image into ``(H/p) × (W/p)`` patches and returns one token per patch
(plus a class token if it has one and the model keeps it). A video is frames, each encoded, then kept
or pooled. Whisper turns 10 ms mel frames into 20 ms tokens and always pads audio to a 30 s window.
Each formula here is checked in ``tests/test_encoders.py`` against the real architectures' outputs.

Known encoders are data (``ENCODERS``); ``token_budget`` adds up what a multimodal prompt costs and
what share of the language model's context window it takes (the lesson's calculator widget).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MODALITIES = ("image", "video", "audio", "text")


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a positive int, got {type(value).__name__} {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive int, got {value}")
    return value


def _image_hw(image_size) -> tuple[int, int]:
    if isinstance(image_size, (tuple, list)):
        if len(image_size) != 2:
            raise ValueError(f"image_size must be an int or (height, width), got {image_size!r}")
        return _positive_int(image_size[0], "image height"), _positive_int(image_size[1], "image width")
    side = _positive_int(image_size, "image_size")
    return side, side


def patch_grid(image_size, patch_size: int) -> tuple[int, int]:
    """``(rows, cols)`` of the patch grid; raises ``ValueError`` unless the sides divide by ``patch_size``."""
    h, w = _image_hw(image_size)
    p = _positive_int(patch_size, "patch_size")
    if h % p or w % p:
        raise ValueError(f"image size {h}×{w} is not divisible by patch size {p}; "
                         f"use a multiple of {p} (e.g. {max(p, h // p * p)})")
    return h // p, w // p


def visual_token_count(image_size, patch_size: int, cls_token: bool = False) -> int:
    """Tokens a ViT returns for one image: ``(H/p)·(W/p)``, plus 1 with ``cls_token``.

    ``image_size`` is an int (square) or ``(height, width)``. LLaVA-1.5 feeds CLIP ViT-L/14's patch
    tokens without the class token: ``visual_token_count(336, 14) == 576``.
    """
    rows, cols = patch_grid(image_size, patch_size)
    return rows * cols + (1 if cls_token else 0)


def video_token_count(frames: int, image_size, patch_size: int, tokens_per_frame_after_pooling: int | None = None,
                      cls_token: bool = False) -> int:
    """Tokens for ``frames`` sampled frames, each encoded alone: ``frames × tokens per frame``.

    ``tokens_per_frame_after_pooling`` replaces each frame's ``visual_token_count`` when the tokens are
    pooled before the language model (1 = one vector per frame; 144 = a 24×24 grid pooled 2×2);
    it cannot exceed the tokens the encoder produced.
    """
    frames = _positive_int(frames, "frames")
    per_frame = visual_token_count(image_size, patch_size, cls_token)
    if tokens_per_frame_after_pooling is not None:
        pooled = _positive_int(tokens_per_frame_after_pooling, "tokens_per_frame_after_pooling")
        if pooled > per_frame:
            raise ValueError(f"tokens_per_frame_after_pooling ({pooled}) cannot exceed the {per_frame} tokens "
                             "the encoder makes per frame")
        per_frame = pooled
    return frames * per_frame


# Whisper's front end: 16 kHz audio, a 10 ms hop (160 samples) between mel frames, a stride-2
# convolution (so one token per 20 ms), and a fixed 30 s window the encoder always sees.
WHISPER_SAMPLE_RATE_HZ = 16_000
WHISPER_HOP_SAMPLES = 160
WHISPER_WINDOW_S = 30.0


def audio_token_count(duration_s: float, hop_s: float = WHISPER_HOP_SAMPLES / WHISPER_SAMPLE_RATE_HZ,
                      downsample: int = 2, window_s: float | None = WHISPER_WINDOW_S, pool_stride: int = 1) -> int:
    """Tokens a spectrogram encoder makes for ``duration_s`` of audio (defaults: Whisper).

    Mel frames = ``floor(duration / hop)``; the encoder's strided convolution keeps
    ``ceil(frames / downsample)``. With ``window_s`` the audio is padded to whole windows first, as
    Whisper does (30 s → 3000 frames → 1500 tokens, however short the clip); ``window_s=None`` encodes
    the clip as it is. ``pool_stride`` models a pooling step after the encoder (e.g. 2 halves the count).
    """
    if isinstance(duration_s, bool) or not isinstance(duration_s, (int, float)) or not duration_s > 0:
        raise ValueError(f"duration_s must be a positive number of seconds, got {duration_s!r}")
    if not hop_s > 0:
        raise ValueError(f"hop_s must be positive, got {hop_s!r}")
    downsample = _positive_int(downsample, "downsample")
    pool_stride = _positive_int(pool_stride, "pool_stride")
    if window_s is not None:
        if not window_s > 0:
            raise ValueError(f"window_s must be positive or None, got {window_s!r}")
        windows = math.ceil(duration_s / window_s - 1e-9)
        per_window = math.ceil(round(window_s / hop_s) / downsample)
        return windows * math.ceil(per_window / pool_stride)
    frames = max(1, int(round(duration_s / hop_s, 6)))
    return math.ceil(math.ceil(frames / downsample) / pool_stride)


def text_token_count(text: str) -> int:
    """WordPiece tokens (with [CLS] and [SEP]) the real MiniLM text encoder makes for ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    from ..core.minilm import load

    return len(load()[1](text)["input_ids"])


# ---------------------------------------------------------------- encoders as data


@dataclass(frozen=True)
class EncoderSpec:
    """A modality encoder in numbers. Vision: native ``image_size``/``patch_size``; audio: Whisper-style front end."""

    name: str
    modality: str
    width: int
    image_size: int | None = None
    patch_size: int | None = None
    cls_token: bool = False          # whether the class token is handed on with the patch tokens
    window_s: float | None = None    # audio: fixed window the encoder pads to (None: clip length)
    pool_stride: int = 1             # audio: pooling after the encoder
    pooled: bool = False             # True: the encoder returns one vector per input, not a sequence
    note: str = ""


ENCODERS: dict[str, EncoderSpec] = {e.name: e for e in (
    EncoderSpec("CLIP ViT-L/14-336 (LLaVA-1.5)", "image", 1024, 336, 14, cls_token=False,
                note="penultimate layer, class token dropped: 576 tokens into a 2-layer MLP"),
    EncoderSpec("CLIP ViT-B/32", "image", 768, 224, 32, cls_token=True, note="49 patch tokens + class token"),
    EncoderSpec("ViT-B/16", "image", 768, 224, 16, cls_token=True, note="196 patch tokens + class token"),
    EncoderSpec("tiny ViT (notebook 03)", "image", 64, 8, 2, cls_token=True, note="8×8 digits, 2×2 patches"),
    EncoderSpec("Whisper tiny.en", "audio", 384, window_s=WHISPER_WINDOW_S,
                note="always pads to 30 s: 1500 tokens of 384"),
    EncoderSpec("Whisper, clip length, pooled ×2", "audio", 384, window_s=None, pool_stride=2,
                note="no 30 s padding, then stride-2 pooling: 25 tokens per second"),
    EncoderSpec("tiny CLAP audio (notebook 05)", "audio", 128, pooled=True, note="one vector per clip"),
)}


def _known(names) -> str:
    return ", ".join(repr(n) for n in names)


def encoder_spec(name: str) -> EncoderSpec:
    """The ``EncoderSpec`` called ``name``; an unknown name raises a ``ValueError`` that lists the known ones."""
    if name not in ENCODERS:
        raise ValueError(f"unknown encoder {name!r}; known encoders: {_known(ENCODERS)}")
    return ENCODERS[name]


def encoders_for(modality: str) -> list[str]:
    """Names of the known encoders for ``modality`` (video uses the image encoders, frame by frame)."""
    check_modality(modality)
    wanted = "image" if modality == "video" else modality
    return [n for n, e in ENCODERS.items() if e.modality == wanted]


def check_modality(modality: str) -> str:
    """``modality`` if it is one of ``MODALITIES``; else a ``ValueError`` listing them."""
    if modality not in MODALITIES:
        raise ValueError(f"unknown modality {modality!r}; known modalities: {_known(MODALITIES)}")
    return modality


def token_count(modality: str, encoder: str | None = None, *, image_size=None, patch_size: int | None = None,
                frames: int = 1, tokens_per_frame_after_pooling: int | None = None, duration_s: float | None = None,
                text: str | None = None) -> int:
    """Tokens one input of ``modality`` becomes, through ``encoder`` (a name in ``ENCODERS``).

    Vision: ``image_size``/``patch_size`` default to the encoder's own. Audio needs ``duration_s``;
    text needs ``text`` (counted with MiniLM's real tokenizer; ``encoder`` is ignored).
    """
    check_modality(modality)
    if modality == "text":
        if text is None:
            raise ValueError("modality 'text' needs text=...")
        return text_token_count(text)
    if encoder is None:
        raise ValueError(f"modality {modality!r} needs an encoder; known: {_known(encoders_for(modality))}")
    spec = encoder_spec(encoder)
    if modality in ("image", "video"):
        if spec.modality != "image":
            raise ValueError(f"{encoder!r} is an {spec.modality} encoder; {modality} encoders: "
                             f"{_known(encoders_for(modality))}")
        size = spec.image_size if image_size is None else image_size
        patch = spec.patch_size if patch_size is None else patch_size
        if modality == "image":
            return visual_token_count(size, patch, spec.cls_token)
        return video_token_count(frames, size, patch, tokens_per_frame_after_pooling, spec.cls_token)
    if spec.modality != "audio":
        raise ValueError(f"{encoder!r} is an {spec.modality} encoder; audio encoders: {_known(encoders_for('audio'))}")
    if duration_s is None:
        raise ValueError("modality 'audio' needs duration_s=...")
    if spec.pooled:
        audio_token_count(duration_s, window_s=None)       # validates duration_s
        return 1
    return audio_token_count(duration_s, window_s=spec.window_s, pool_stride=spec.pool_stride)


# ---------------------------------------------------------------- the calculator


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


FRAME_POOLING = {"keep all tokens": None, "pool 2×2": 4, "pool 4×4": 16, "one vector per frame": "frame"}


def token_budget(vision_encoder: str | None = "CLIP ViT-L/14-336 (LLaVA-1.5)", image_size=None,
                 patch_size: int | None = None,
                 frames: int = 1, frame_pooling: str = "keep all tokens", audio_encoder: str | None = None,
                 audio_s: float = 0.0, text_tokens: int = 0, context_window: int = 4096) -> TokenBudget:
    """Tokens a prompt of one image (``frames=1``) or video, an audio track and some text hands the LLM.

    ``image_size``/``patch_size`` default to the vision encoder's own. ``frame_pooling`` is one of
    ``FRAME_POOLING``: keep every patch token, average 2×2 or 4×4 blocks of the patch grid, or keep one
    vector per frame. ``vision_encoder=None`` means no image; ``audio_s=0`` or ``audio_encoder=None`` no audio.
    """
    context_window = _positive_int(context_window, "context_window")
    if isinstance(text_tokens, bool) or not isinstance(text_tokens, int) or text_tokens < 0:
        raise ValueError(f"text_tokens must be an int >= 0, got {text_tokens!r}")
    if frame_pooling not in FRAME_POOLING:
        raise ValueError(f"unknown frame_pooling {frame_pooling!r}; known: {_known(FRAME_POOLING)}")
    lines = []
    vision = 0
    if vision_encoder is not None:
        spec = encoder_spec(vision_encoder)
        if spec.modality != "image":
            raise ValueError(f"{vision_encoder!r} is not a vision encoder; known: {_known(encoders_for('image'))}")
        image_size = spec.image_size if image_size is None else image_size
        patch_size = spec.patch_size if patch_size is None else patch_size
        rows, cols = patch_grid(image_size, patch_size)
        per_frame = visual_token_count(image_size, patch_size, spec.cls_token)
        pooling = FRAME_POOLING[frame_pooling]
        if pooling == "frame":
            after = 1
        elif pooling is None:
            after = per_frame
        else:
            block = int(math.isqrt(pooling))
            after = math.ceil(rows / block) * math.ceil(cols / block)
        vision = video_token_count(frames, image_size, patch_size, after, spec.cls_token)
        cls = " + 1 class token" if spec.cls_token else ""
        what = "image" if frames == 1 else f"{frames} frames"
        pooled = "" if pooling is None else f" → {frame_pooling}: {after}"
        lines.append(f"vision ({vision_encoder}): {what} × [({_hw(image_size)} / {patch_size})² = {rows}×{cols} "
                     f"patches{cls} = {per_frame}{pooled}] = {vision:,} tokens of width {spec.width}")
    audio = 0
    if audio_encoder is not None and audio_s:
        spec = encoder_spec(audio_encoder)
        if spec.modality != "audio":
            raise ValueError(f"{audio_encoder!r} is not an audio encoder; known: {_known(encoders_for('audio'))}")
        audio = token_count("audio", audio_encoder, duration_s=audio_s)
        lines.append(f"audio ({audio_encoder}): {audio_s:g} s → {audio:,} tokens of width {spec.width}"
                     + (f" ({spec.note})" if spec.note else ""))
    if text_tokens:
        lines.append(f"text: {text_tokens:,} tokens")
    if not lines:
        lines.append("nothing but the context window")
    return TokenBudget(vision, audio, text_tokens, context_window, tuple(lines))


def _hw(image_size) -> str:
    h, w = _image_hw(image_size)
    return f"{h}" if h == w else f"{h}×{w}"
