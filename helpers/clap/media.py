"""A clip as something a browser shows at once: 16-bit WAV bytes for a player, its log-mel as a small PNG.

Both take a few milliseconds, where a matplotlib figure takes a few hundred; the sound designer uses them.
"""

from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=1)
def _magma_lut() -> np.ndarray:
    """matplotlib's magma colour map as a ``(256, 3)`` uint8 table."""
    from matplotlib import colormaps

    return (colormaps["magma"](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)


def mel_png(waveform, sample_rate_hz: int, scale: int = 2) -> bytes:
    """The clip's log-mel as a small PNG picture (low pitches at the bottom), no axes: fast to redraw."""
    import io

    from PIL import Image

    from ..core import checks
    from .audio import TOP_DB, log_mel

    scale = checks.integer(scale, "scale", 1, 16)
    mel = log_mel(waveform, sample_rate_hz).numpy()[::-1]
    levels = np.clip((mel - (mel.max() - TOP_DB)) / TOP_DB * 255, 0, 255).astype(np.uint8)
    image = Image.fromarray(_magma_lut()[levels]).resize((mel.shape[1] * scale, mel.shape[0] * scale), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def wav_bytes(waveform, sample_rate_hz: int) -> bytes:
    """A mono clip as 16-bit PCM WAV bytes (for an ``ipywidgets.Audio``); clipped to [-1, 1]."""
    import io
    import wave

    from ..core import checks
    from .audio import to_mono_float

    rate = checks.sample_rate(sample_rate_hz)
    pcm = (np.clip(to_mono_float(waveform).astype(np.float64), -1, 1) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buffer.getvalue()
