"""Sound as data: waveforms, sample rates and the log-mel spectrogram an audio encoder reads.

A waveform is a 1-D array of air-pressure samples in [-1, 1], taken ``sample_rate_hz`` times a
second. Models expect one fixed rate and one channel, so ``prepare`` turns whatever arrives
(stereo, 16-bit integers, another rate) into that, and says what it did. ``log_mel`` computes
the picture most audio encoders actually look at: energy per mel band per 10 ms frame, in dB.

Multi-channel policy, the same for NumPy arrays, torch tensors and lists: a 2-D clip is
``(channels, samples)`` or ``(samples, channels)`` with at most ``MAX_CHANNELS`` channels (the short
axis), and its channels are averaged to mono. Any other 2-D shape is refused with a line saying what
to pass. A batch of clips is never guessed from a 2-D shape: say so with ``log_mel(..., batch=True)``.
Integer PCM is scaled to [-1, 1] by its type's range; another sample rate is resampled.
Sample rates are whole Hz between 1 kHz and 384 kHz (``16`` is refused as kHz).
Errors: empty audio, NaN or infinite samples, more than two dimensions.
"""

from __future__ import annotations

import math

import numpy as np

from ..core import checks

WINDOW_S = 0.025  # 25 ms analysis window, the usual choice for speech and sound events
HOP_S = 0.010     # one frame every 10 ms
FMIN_HZ = 0.0
TOP_DB = 80.0     # floor of the dB scale below the loudest bin, so silence does not become -inf
MAX_CHANNELS = 8  # 7.1 surround: a shorter axis than this is channels, a longer one is refused as ambiguous


def _samples(waveform, name: str = "waveform") -> np.ndarray:
    """``waveform`` (array, tensor or list) as a finite float32 NumPy array, integer PCM scaled to [-1, 1]."""
    if hasattr(waveform, "detach"):  # a torch tensor
        waveform = waveform.detach().cpu().numpy()
    if isinstance(waveform, (str, bytes)) or waveform is None or np.isscalar(waveform):
        raise TypeError(f"{name} must be an array of audio samples (numpy, torch or list), "
                        f"got {type(waveform).__name__}")
    try:
        x = np.asarray(waveform)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of samples; got a ragged list") from None
    if x.dtype == object or not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise TypeError(f"{name} must hold numeric audio samples, got dtype {x.dtype}")
    if np.iscomplexobj(x):
        raise TypeError(f"{name} must hold real audio samples, got complex dtype {x.dtype}")
    if x.size == 0:
        raise ValueError(f"{name} is empty: expected at least one sample")
    if np.issubdtype(x.dtype, np.integer):
        info = np.iinfo(x.dtype)
        if info.min == 0:  # unsigned PCM (8-bit WAV) is centred on the middle of its range
            x = (x.astype(np.float64) - (info.max + 1) / 2) / ((info.max + 1) / 2)
        else:
            x = x.astype(np.float64) / -float(info.min)
    x = x.astype(np.float32, copy=True)
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinite samples: clean or clip the signal first")
    return x


def _channel_axis(shape, name: str = "waveform") -> int:
    """Which axis of a 2-D clip holds the channels (the short one, at most ``MAX_CHANNELS``)."""
    rows, cols = shape
    if rows <= MAX_CHANNELS and rows < cols:
        return 0
    if cols <= MAX_CHANNELS and cols < rows:
        return 1
    raise ValueError(f"{name} shaped {tuple(shape)} is not one clip: expected (samples,), (channels, samples) or "
                     f"(samples, channels) with at most {MAX_CHANNELS} channels; for a batch of clips pass batch=True "
                     f"where offered, or one clip at a time")


def to_mono_float(waveform) -> np.ndarray:
    """A float32 mono copy of ``waveform`` in [-1, 1]: ``(samples,)``.

    Accepts a NumPy array, a torch tensor or a list, shaped ``(samples,)``, ``(channels, samples)``
    or ``(samples, channels)`` with at most ``MAX_CHANNELS`` channels (the shorter axis); channels
    are averaged. Integer PCM (int16, int32, uint8) is scaled by its type's full range.
    """
    x = _samples(waveform)
    if x.ndim > 2:
        raise ValueError(f"waveform must be (samples,) or (channels, samples), got shape {x.shape}")
    if x.ndim == 2:
        x = x.mean(axis=_channel_axis(x.shape))
    return x.reshape(-1)


def clip_batch(waveforms, name: str = "waveforms") -> np.ndarray:
    """A batch of mono clips ``(batch, samples)`` float32 from ``(samples,)`` (a batch of one) or ``(batch, samples)``.

    The same policy for NumPy, torch and lists. A batch whose clips hold at most ``MAX_CHANNELS``
    samples looks like ``(samples, channels)`` and is refused: mix such audio with ``to_mono_float`` first.
    """
    x = _samples(waveforms, name)
    if x.ndim == 1:
        return x[None]
    if x.ndim != 2:
        raise ValueError(f"{name} must be (samples,) or (batch, samples) of mono clips, got shape {x.shape}; "
                         f"mix channels to mono first (helpers.clap.audio.to_mono_float)")
    if x.shape[1] <= MAX_CHANNELS < x.shape[0]:
        raise ValueError(f"{name} shaped {x.shape} looks like one clip (samples, channels), not a batch; "
                         f"pass to_mono_float(clip) or (batch, samples)")
    return x


def resample(waveform: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """``waveform`` ``(samples,)`` resampled from ``from_hz`` to ``to_hz`` (polyphase, anti-aliased)."""
    from_hz, to_hz = _check_rate(from_hz, "from_hz"), _check_rate(to_hz, "to_hz")
    waveform = _samples(waveform)
    if waveform.ndim != 1:
        raise ValueError(f"waveform must be mono (samples,), got shape {waveform.shape}; prepare() mixes channels first")
    if from_hz == to_hz:
        return waveform
    from scipy.signal import resample_poly

    g = math.gcd(from_hz, to_hz)
    return resample_poly(np.asarray(waveform, dtype=np.float64), to_hz // g, from_hz // g).astype(np.float32)


def prepare(waveform, sample_rate_hz: int, target_rate_hz: int) -> np.ndarray:
    """What a model with a fixed input rate needs: mono float32 in [-1, 1] at ``target_rate_hz``."""
    _check_rate(sample_rate_hz), _check_rate(target_rate_hz, "target_rate_hz")
    return resample(to_mono_float(waveform), sample_rate_hz, target_rate_hz)


def _check_rate(rate, name: str = "sample_rate_hz") -> int:
    return checks.sample_rate(rate, name)


def hz_to_mel(hz):
    """The HTK mel scale: equal steps sound like equal steps of pitch."""
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def mel_to_hz(mel):
    """Inverse of ``hz_to_mel``."""
    return 700.0 * (10.0 ** (np.asarray(mel, dtype=np.float64) / 2595.0) - 1.0)


def mel_filterbank(sample_rate_hz: int, n_fft: int, n_mels: int = 64, fmin_hz: float = FMIN_HZ,
                   fmax_hz: float | None = None) -> np.ndarray:
    """Triangular filters ``(n_mels, n_fft // 2 + 1)`` spaced evenly on the mel scale (area-normalised)."""
    sample_rate_hz, n_fft = _check_rate(sample_rate_hz), checks.integer(n_fft, "n_fft", 2, 2**20)
    n_mels = checks.integer(n_mels, "n_mels", 1, 512)
    fmin_hz = checks.real(fmin_hz, "fmin_hz", 0, sample_rate_hz / 2)
    fmax_hz = sample_rate_hz / 2 if fmax_hz is None else checks.real(fmax_hz, "fmax_hz", fmin_hz, sample_rate_hz / 2)
    fft_hz = np.linspace(0, sample_rate_hz / 2, n_fft // 2 + 1)
    edges_hz = mel_to_hz(np.linspace(hz_to_mel(fmin_hz), hz_to_mel(fmax_hz), n_mels + 2))
    lower, centre, upper = edges_hz[:-2, None], edges_hz[1:-1, None], edges_hz[2:, None]
    rising = (fft_hz - lower) / (centre - lower)
    falling = (upper - fft_hz) / (upper - centre)
    filters = np.maximum(0.0, np.minimum(rising, falling))
    return (filters * (2.0 / (upper - lower))).astype(np.float32)


def frame_settings(sample_rate_hz: int) -> tuple[int, int, int]:
    """``(n_fft, window, hop)`` in samples for a 25 ms window every 10 ms at this rate."""
    sample_rate_hz = _check_rate(sample_rate_hz)
    window = int(round(WINDOW_S * sample_rate_hz))
    hop = int(round(HOP_S * sample_rate_hz))
    return 1 << (window - 1).bit_length(), window, hop


def _check_log_mel(waveform, sample_rate_hz, n_mels, batch):
    """``(x (batch, samples) float32 tensor, rate, n_mels)``; one clip follows ``to_mono_float``'s channel policy."""
    import torch

    sample_rate_hz = _check_rate(sample_rate_hz)
    n_mels = checks.integer(n_mels, "n_mels", minimum=1, maximum=512)
    if not isinstance(batch, bool):
        raise TypeError(f"batch must be True or False, got {type(batch).__name__} {batch!r}")
    x = clip_batch(waveform) if batch else to_mono_float(waveform)[None]
    return torch.from_numpy(x), sample_rate_hz, n_mels


def log_mel(waveform, sample_rate_hz: int, n_mels: int = 64, batch: bool = False):
    """Log-mel spectrogram ``(n_mels, frames)`` in dB (float32 torch tensor), one frame per 10 ms.

    ``waveform`` is one clip, as ``to_mono_float`` reads it (a 2-D clip is channels, mixed to mono,
    the same for NumPy and torch). With ``batch=True`` it is ``(batch, samples)`` of mono clips and
    the result is ``(batch, n_mels, frames)``.
    Values are ``10·log10(power)``, floored ``TOP_DB`` below the loudest bin of each clip.
    """
    import torch

    x, sample_rate_hz, n_mels = _check_log_mel(waveform, sample_rate_hz, n_mels, batch)
    single = not batch
    n_fft, window, hop = frame_settings(sample_rate_hz)
    if x.shape[-1] < window:
        x = torch.nn.functional.pad(x, (0, window - x.shape[-1]))
    filters = torch.from_numpy(mel_filterbank(sample_rate_hz, n_fft, n_mels)).to(x.device)
    hann = torch.hann_window(window, device=x.device)
    chunks = []
    for start in range(0, x.shape[0], 64):  # small chunks stay in cache: several times faster on a big batch
        spec = torch.stft(x[start:start + 64], n_fft=n_fft, hop_length=hop, win_length=window, window=hann,
                          center=True, return_complex=True)
        power = spec.real.square() + spec.imag.square()            # (chunk, n_fft/2+1, frames)
        chunks.append(torch.matmul(filters, power))                 # (chunk, n_mels, frames)
    db = 10.0 * torch.log10(torch.cat(chunks).clamp(min=1e-10))
    db = torch.maximum(db, db.amax(dim=(1, 2), keepdim=True) - TOP_DB)
    return db[0] if single else db


def duration_s(waveform, sample_rate_hz: int) -> float:
    """Length of a mono waveform in seconds."""
    return len(to_mono_float(waveform)) / _check_rate(sample_rate_hz)


def player(waveform, sample_rate_hz: int):
    """An inline audio player (``IPython.display.Audio``); quiet clips are not re-normalised.

    Playing a clip at its own level keeps "loud" and "quiet" audible as such.
    """
    from IPython.display import Audio

    x = to_mono_float(waveform)
    peak = float(np.abs(x).max())
    return Audio(x / max(peak, 1.0), rate=_check_rate(sample_rate_hz), normalize=False)
