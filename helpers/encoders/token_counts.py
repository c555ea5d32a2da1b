"""How many tokens a modality encoder hands to a language model: the formulas.

A vision transformer cuts an image into ``(H/p) × (W/p)`` patches and returns one token per patch
(plus a class token if it has one and the model keeps it). A video is frames, each encoded, then kept
or pooled. Whisper turns 10 ms mel frames into 20 ms tokens and always pads audio to a 30 s window.
Each formula here is checked in ``tests/encoders/test_token_counts.py`` against the real
architectures' outputs. The known encoders are data (``known_encoders``); what a whole prompt costs
is ``budget``.
"""

from __future__ import annotations

import math

from ..core import checks

# Whisper's front end: 16 kHz audio, a 10 ms hop (160 samples) between mel frames, a stride-2
# convolution (so one token per 20 ms), and a fixed 30 s window the encoder always sees.
WHISPER_SAMPLE_RATE_HZ = 16_000
WHISPER_HOP_SAMPLES = 160
WHISPER_WINDOW_S = 30.0


def image_sides(image_size) -> tuple[int, int]:
    """``(height, width)`` of ``image_size``: an int (a square) or a ``(height, width)`` pair."""
    if isinstance(image_size, (tuple, list)):
        if len(image_size) != 2:
            raise ValueError(f"image_size must be an int or (height, width), got {image_size!r}")
        return (checks.positive_int(image_size[0], "image_size height"),
                checks.positive_int(image_size[1], "image_size width"))
    side = checks.positive_int(image_size, "image_size")
    return side, side


def _check_divisible(height: int, width: int, patch_size) -> int:
    p = checks.positive_int(patch_size, "patch_size")
    if height % p or width % p:
        raise ValueError(f"image_size {height}×{width} is not divisible by patch_size {p}; "
                         f"use a multiple of {p} (e.g. {max(p, height // p * p)})")
    return p


def patch_grid(image_size, patch_size: int) -> tuple[int, int]:
    """``(rows, cols)`` of the patch grid; raises ``ValueError`` unless the sides divide by ``patch_size``."""
    h, w = image_sides(image_size)
    p = _check_divisible(h, w, patch_size)
    return h // p, w // p


def visual_token_count(image_size, patch_size: int, cls_token: bool = False) -> int:
    """Tokens a ViT returns for one image: ``(H/p)·(W/p)``, plus 1 with ``cls_token``.

    ``image_size`` is an int (square) or ``(height, width)``. LLaVA-1.5 feeds CLIP ViT-L/14's patch
    tokens without the class token: ``visual_token_count(336, 14) == 576``.
    """
    rows, cols = patch_grid(image_size, patch_size)
    return rows * cols + (1 if cls_token else 0)


def _check_pooled(tokens_per_frame_after_pooling, per_frame: int) -> int:
    pooled = checks.positive_int(tokens_per_frame_after_pooling, "tokens_per_frame_after_pooling")
    if pooled > per_frame:
        raise ValueError(f"tokens_per_frame_after_pooling ({pooled}) cannot exceed the {per_frame} tokens "
                         "the encoder makes per frame")
    return pooled


def video_token_count(frames: int, image_size, patch_size: int, tokens_per_frame_after_pooling: int | None = None,
                      cls_token: bool = False) -> int:
    """Tokens for ``frames`` sampled frames, each encoded alone: ``frames × tokens per frame``.

    ``tokens_per_frame_after_pooling`` replaces each frame's ``visual_token_count`` when the tokens are
    pooled before the language model (1 = one vector per frame; 144 = a 24×24 grid pooled 2×2);
    it cannot exceed the tokens the encoder produced.
    """
    frames = checks.positive_int(frames, "frames")
    per_frame = visual_token_count(image_size, patch_size, cls_token)
    if tokens_per_frame_after_pooling is not None:
        per_frame = _check_pooled(tokens_per_frame_after_pooling, per_frame)
    return frames * per_frame


def _check_audio(duration_s, hop_s, downsample, window_s, pool_stride):
    return (checks.real(duration_s, "duration_s (seconds)", 0, open_minimum=True),
            checks.real(hop_s, "hop_s", 0, open_minimum=True),
            checks.positive_int(downsample, "downsample"),
            None if window_s is None else checks.real(window_s, "window_s (or None)", 0, open_minimum=True),
            checks.positive_int(pool_stride, "pool_stride"))


def audio_token_count(duration_s: float, hop_s: float = WHISPER_HOP_SAMPLES / WHISPER_SAMPLE_RATE_HZ,
                      downsample: int = 2, window_s: float | None = WHISPER_WINDOW_S, pool_stride: int = 1) -> int:
    """Tokens a spectrogram encoder makes for ``duration_s`` of audio (defaults: Whisper).

    Mel frames = ``floor(duration / hop)``; the encoder's strided convolution keeps
    ``ceil(frames / downsample)``. With ``window_s`` the audio is padded to whole windows first, as
    Whisper does (30 s → 3000 frames → 1500 tokens, however short the clip); ``window_s=None`` encodes
    the clip as it is. ``pool_stride`` models a pooling step after the encoder (e.g. 2 halves the count).
    """
    duration_s, hop_s, downsample, window_s, pool_stride = _check_audio(duration_s, hop_s, downsample, window_s,
                                                                        pool_stride)
    if window_s is not None:
        windows = math.ceil(duration_s / window_s - 1e-9)
        per_window = math.ceil(round(window_s / hop_s) / downsample)
        return windows * math.ceil(per_window / pool_stride)
    frames = max(1, int(round(duration_s / hop_s, 6)))
    return math.ceil(math.ceil(frames / downsample) / pool_stride)


def text_token_count(text: str) -> int:
    """WordPiece tokens (with [CLS] and [SEP]) the real MiniLM text encoder makes for ``text``.

    ``text`` is read under the project's one text policy (``core.checks.clean_text``): a lone surrogate
    counts as U+FFFD, control characters are dropped.
    """
    from ..core.minilm import load

    return len(load()[1](checks.clean_text(text))["input_ids"])
