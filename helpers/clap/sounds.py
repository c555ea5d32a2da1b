"""A real audio–caption set that runs offline: synthesised sounds, each with a worded caption.

Ten kinds of sound (pure tones high and low, chords, rising and falling sweeps, white and brown
noise, fast and slow click trains, tremolo), each at a range of pitches or rates, short or long,
loud or quiet, with a little background noise. Every clip gets a caption from ``captions``: a
phrase for its kind and words for its loudness and length ("a loud, short high-pitched beep").

What is held out for testing, so the test measures generalisation and not memory:

- **wordings**: test captions and zero-shot prompts use phrases never seen in training
  ("a shrill tone" where training said "a high-pitched beep"), and other words for loud/quiet/short/long
  (the two vocabularies are data, in ``data/clap/``; see ``captions``);
- **parameter ranges**: each kind's main parameter (frequency, sweep start, click rate...) is
  drawn from the middle fifth of its range for testing and from the rest for training.

Everything is generated from a seed, so the same call gives the same clips on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core import checks, corpora
from .captions import SPLITS, caption

SAMPLE_RATE_HZ = 16_000
CLIP_S = 1.5                       # every clip is padded to this length; the sound is inside it
HELD_OUT_BAND = (0.4, 0.6)         # fraction of each parameter range kept for testing
SHORT_S, LONG_S = (0.25, 0.5), (0.9, 1.3)
QUIET_PEAK, LOUD_PEAK = (0.04, 0.1), (0.5, 0.9)
BACKGROUND_NOISE = (0.0, 0.006)    # standard deviation of the background hiss added to every clip


@dataclass(frozen=True)
class SoundKind:
    """One kind of sound and the range of its main parameter (how people word it: ``captions.phrases``)."""

    name: str
    parameter: str                 # what the main parameter means, with its unit
    low: float
    high: float
    tonal: bool = True             # whether "pitch" means something for this kind
    log_scale: bool = True

    def value(self, u: float) -> float:
        """The parameter at position ``u`` in [0, 1] of its range (log-spaced for frequencies)."""
        if self.log_scale:
            return float(self.low * (self.high / self.low) ** u)
        return float(self.low + (self.high - self.low) * u)


KINDS: dict[str, SoundKind] = {k.name: k for k in (
    SoundKind("high tone", "frequency_hz", 1200, 3600),
    SoundKind("low tone", "frequency_hz", 70, 240),
    SoundKind("chord", "root_hz", 160, 480),
    SoundKind("rising sweep", "start_hz", 200, 600),
    SoundKind("falling sweep", "end_hz", 200, 600),
    SoundKind("white noise", "brightness", 0.0, 1.0, tonal=False, log_scale=False),
    SoundKind("brown noise", "darkness", 0.0, 1.0, tonal=False, log_scale=False),
    SoundKind("fast clicks", "rate_hz", 18, 45, tonal=False),
    SoundKind("slow clicks", "rate_hz", 3, 7, tonal=False),
    SoundKind("tremolo", "carrier_hz", 300, 900),
)}


def _check_kind(kind: str) -> SoundKind:
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"unknown sound kind {kind!r}; choose one of: {', '.join(KINDS)}")
    return KINDS[kind]


def _envelope(n: int, sample_rate_hz: int, fade_s: float = 0.01) -> np.ndarray:
    fade = max(1, min(n // 2, int(fade_s * sample_rate_hz)))
    env = np.ones(n)
    env[:fade] = np.linspace(0, 1, fade)
    env[n - fade:] = np.linspace(1, 0, fade)
    return env


def _sweep(f_start: float, f_end: float, n: int, sample_rate_hz: int) -> np.ndarray:
    t = np.arange(n) / sample_rate_hz
    duration = max(n / sample_rate_hz, 1e-6)
    freq = f_start * (f_end / f_start) ** (t / duration)       # exponential glide: equal steps of pitch
    return np.sin(2 * np.pi * np.cumsum(freq) / sample_rate_hz)


def _coloured_noise(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Noise whose power falls as 1/f^exponent (0: white, 2: brown), shaped in the frequency domain."""
    size = 1 << (n - 1).bit_length()          # a power of two: the FFT of an odd length is many times slower
    spectrum = np.fft.rfft(rng.standard_normal(size))
    f = np.arange(len(spectrum), dtype=np.float64)
    f[0] = 1.0
    return np.fft.irfft(spectrum / f ** (exponent / 2), size)[:n]


def _click_train(rate_hz: float, n: int, sample_rate_hz: int, rng: np.random.Generator) -> np.ndarray:
    x = np.zeros(n)
    click = np.exp(-np.arange(int(0.004 * sample_rate_hz)) / (0.0008 * sample_rate_hz))  # 4 ms decaying tick
    click = click * np.sign(rng.standard_normal(len(click)))
    period = sample_rate_hz / rate_hz
    for start in np.arange(0, n, period).astype(int):
        stop = min(n, start + len(click))
        x[start:stop] += click[:stop - start]
    return x


def _check_synthesize(kind, parameter, duration_s, peak, noise, seed, sample_rate_hz, clip_s, onset_s):
    spec, rate = _check_kind(kind), checks.sample_rate(sample_rate_hz)
    clip_s = checks.real(clip_s, "clip_s", 0, maximum=600, open_minimum=True)
    onset_s = checks.real(onset_s, "onset_s", 0, maximum=clip_s)
    if clip_s - onset_s <= 0:
        raise ValueError(f"onset_s must leave room in the clip: onset_s {onset_s:g} >= clip_s {clip_s:g}")
    duration_s = checks.real(duration_s, "duration_s", 0, maximum=clip_s - onset_s, open_minimum=True)
    return (spec, checks.real(parameter, "parameter", 0), duration_s,
            checks.real(peak, "peak", 0, 1), checks.real(noise, "noise", 0, 1), checks.integer(seed, "seed", 0), rate,
            clip_s, onset_s)


def synthesize(kind: str, parameter: float, duration_s: float, peak: float = 0.5, noise: float = 0.0,
               seed: int = 0, sample_rate_hz: int = SAMPLE_RATE_HZ, clip_s: float = CLIP_S,
               onset_s: float = 0.05) -> np.ndarray:
    """One clip ``(clip_s * sample_rate_hz,)`` float32: the sound, then silence, plus background hiss.

    ``parameter`` is in the kind's own unit (``KINDS[kind].parameter``); ``peak`` is the sound's
    peak amplitude (0–1); ``noise`` the standard deviation of the background hiss.
    """
    spec, parameter, duration_s, peak, noise, seed, sample_rate_hz, clip_s, onset_s = _check_synthesize(
        kind, parameter, duration_s, peak, noise, seed, sample_rate_hz, clip_s, onset_s)
    rng = np.random.default_rng(seed)
    n = int(round(duration_s * sample_rate_hz))
    t = np.arange(n) / sample_rate_hz
    p = float(parameter)
    if spec.name in ("high tone", "low tone"):
        sound = np.sin(2 * np.pi * p * t + rng.uniform(0, 2 * np.pi))
    elif spec.name == "chord":
        third = 5 if rng.random() < 0.5 else 4          # minor or major triad, in semitones
        sound = sum(np.sin(2 * np.pi * p * 2 ** (s / 12) * t) for s in (0, third, 7))
    elif spec.name == "rising sweep":
        sound = _sweep(p, 4 * p, n, sample_rate_hz)
    elif spec.name == "falling sweep":
        sound = _sweep(4 * p, p, n, sample_rate_hz)
    elif spec.name == "white noise":
        sound = _coloured_noise(n, 0.3 * (p - 0.5), rng)   # a slight tilt either way, still white-ish
    elif spec.name == "brown noise":
        sound = _coloured_noise(n, 1.8 + 0.4 * p, rng)
    elif spec.name in ("fast clicks", "slow clicks"):
        sound = _click_train(p, n, sample_rate_hz, rng)
    elif spec.name == "tremolo":
        rate_hz = rng.uniform(4, 8)                     # deep, slow pulsing: clearly on and off
        sound = np.sin(2 * np.pi * p * t) * (0.5 + 0.5 * np.sin(2 * np.pi * rate_hz * t)) ** 2
    else:  # pragma: no cover - every kind in KINDS is handled above
        raise AssertionError(spec.name)
    sound = sound * _envelope(n, sample_rate_hz)
    sound = peak * sound / max(float(np.abs(sound).max()), 1e-9)
    clip = noise * rng.standard_normal(int(round(clip_s * sample_rate_hz)))
    start = int(onset_s * sample_rate_hz)
    clip[start:start + n] += sound
    return np.clip(clip, -1, 1).astype(np.float32)


def parameter_position(split: str, rng: np.random.Generator) -> float:
    """A position in [0, 1] of a parameter range: inside ``HELD_OUT_BAND`` for test, outside it for train."""
    lo, hi = HELD_OUT_BAND
    if checks.choice(split, "split", SPLITS) == "test":
        return float(rng.uniform(lo, hi))
    u = float(rng.uniform(0, 1 - (hi - lo)))
    return u if u < lo else u + (hi - lo)


@dataclass
class SoundSet:
    """Clips with captions: ``waveforms`` ``(n, samples)`` float32 at ``sample_rate_hz``."""

    waveforms: np.ndarray
    captions: list[str]
    kinds: list[str]
    parameters: np.ndarray
    loud: np.ndarray
    long: np.ndarray
    split: str
    sample_rate_hz: int = SAMPLE_RATE_HZ
    kind_names: list[str] = field(default_factory=lambda: list(KINDS))
    _log_mels: object = field(default=None, repr=False, compare=False)

    def log_mels(self):
        """Log-mel spectrograms of every clip ``(n, 64, frames)``, computed once and kept."""
        if self._log_mels is None:
            from .audio import log_mel
            import torch

            self._log_mels = log_mel(torch.from_numpy(self.waveforms), self.sample_rate_hz, batch=True)
        return self._log_mels

    def __len__(self) -> int:
        return len(self.captions)

    @property
    def labels(self) -> np.ndarray:
        """Kind index of each clip, ``(n,)``, into ``kind_names``."""
        return np.array([self.kind_names.index(k) for k in self.kinds])

    def subset(self, index) -> "SoundSet":
        """The clips at ``index`` (an int array or slice), as a new ``SoundSet``."""
        index = np.arange(len(self))[index]
        mels = None if self._log_mels is None else self._log_mels[index]     # computed once, kept by subsets too
        return SoundSet(self.waveforms[index], [self.captions[i] for i in index], [self.kinds[i] for i in index],
                        self.parameters[index], self.loud[index], self.long[index], self.split,
                        self.sample_rate_hz, list(self.kind_names), mels)

    def first_of_each_kind(self, n: int) -> "SoundSet":
        """The first ``n`` clips of each kind, kind by kind: a balanced subset chosen by position, not by result."""
        kinds, n = np.array(self.kinds), checks.positive_int(n, "n")
        return self.subset(np.concatenate([np.flatnonzero(kinds == k)[:n] for k in self.kind_names]))


def make_set(per_kind: int, split: str = "train", seed: int = 0, kinds=None) -> SoundSet:
    """``per_kind`` captioned clips of each kind, deterministic for a given ``seed`` and ``split``.

    Loud/quiet and short/long are balanced; the main parameter comes from the split's range.
    """
    split, per_kind = checks.choice(split, "split", SPLITS), checks.positive_int(per_kind, "per_kind")
    names = list(KINDS) if kinds is None else [_check_kind(k).name for k in kinds]
    rng = np.random.default_rng([seed, SPLITS.index(split)])
    waves, caps, kinds_out, params, louds, longs = [], [], [], [], [], []
    for name in names:
        spec = KINDS[name]
        for i in range(per_kind):
            loud, long = bool(i % 2), bool((i // 2) % 2)
            value = spec.value(parameter_position(split, rng))
            duration = rng.uniform(*(LONG_S if long else SHORT_S))
            peak = rng.uniform(*(LOUD_PEAK if loud else QUIET_PEAK))
            clip_seed = int(rng.integers(2**31))
            waves.append(synthesize(name, value, duration, peak, rng.uniform(*BACKGROUND_NOISE), seed=clip_seed))
            caps.append(caption(name, loud, long, split, seed=clip_seed))
            kinds_out.append(name)
            params.append(value)
            louds.append(loud)
            longs.append(long)
    order = rng.permutation(len(caps))
    return SoundSet(np.stack(waves)[order], [caps[i] for i in order], [kinds_out[i] for i in order],
                    np.array(params)[order], np.array(louds)[order], np.array(longs)[order], split,
                    kind_names=names)


def examples(seed: int = 0) -> SoundSet:
    """One loud, long training-split clip of every kind, in ``KINDS`` order (for listening)."""
    rng = np.random.default_rng(seed)
    waves, caps = [], []
    for name, spec in KINDS.items():
        waves.append(synthesize(name, spec.value(0.25), 1.0, 0.6, 0.002, seed=int(rng.integers(2**31))))
        caps.append(caption(name, True, True, "train", seed=int(rng.integers(2**31))))
    n = len(KINDS)
    return SoundSet(np.stack(waves), caps, list(KINDS), np.array([k.value(0.25) for k in KINDS.values()]),
                    np.ones(n, bool), np.ones(n, bool), "train")


def real_recording():
    """``(waveform, sample_rate_hz, description)``: a real 20 s recording shipped by ``music21`` (BSD licence).

    It is the test recording of music21's audio-search module: a melody played on an instrument.
    """
    import soundfile

    path = corpora.package_dir("music21") / "audioSearch" / "test_audio.wav"   # found without importing music21
    data, rate = soundfile.read(path, dtype="int16")
    return data, int(rate), "music21/audioSearch/test_audio.wav: a 20 s melody recording (BSD-3-Clause, music21)"
