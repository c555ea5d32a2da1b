"""A real audio–caption set that runs offline: synthesised sounds, each with worded captions.

Ten kinds of sound (pure tones high and low, chords, rising and falling sweeps, white and brown
noise, fast and slow click trains, tremolo), each at a range of pitches or rates, short or long,
loud or quiet, with a little background noise. Every clip gets a caption built from a phrase for
its kind and words for its loudness and length ("a loud, short high-pitched beep").

What is held out for testing, so the test measures generalisation and not memory:

- **wordings**: test captions and zero-shot prompts use phrases never seen in training
  ("a shrill tone" where training said "a high-pitched beep"), and other words for loud/quiet/short/long;
- **parameter ranges**: each kind's main parameter (frequency, sweep start, click rate...) is
  drawn from the middle fifth of its range for testing and from the rest for training.

Everything is generated from a seed, so the same call gives the same clips on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SAMPLE_RATE_HZ = 16_000
CLIP_S = 1.5                       # every clip is padded to this length; the sound is inside it
HELD_OUT_BAND = (0.4, 0.6)         # fraction of each parameter range kept for testing
SHORT_S, LONG_S = (0.25, 0.5), (0.9, 1.3)
QUIET_PEAK, LOUD_PEAK = (0.04, 0.1), (0.5, 0.9)
BACKGROUND_NOISE = (0.0, 0.006)    # standard deviation of the background hiss added to every clip
SPLITS = ("train", "test")


@dataclass(frozen=True)
class SoundKind:
    """One kind of sound: how to make it and how people (train vs test) describe it."""

    name: str
    parameter: str                 # what the main parameter means, with its unit
    low: float
    high: float
    train_phrases: tuple[str, ...]
    test_phrases: tuple[str, ...]
    tonal: bool = True             # whether "pitch" means something for this kind
    log_scale: bool = True

    def value(self, u: float) -> float:
        """The parameter at position ``u`` in [0, 1] of its range (log-spaced for frequencies)."""
        if self.log_scale:
            return float(self.low * (self.high / self.low) ** u)
        return float(self.low + (self.high - self.low) * u)


KINDS: dict[str, SoundKind] = {k.name: k for k in (
    SoundKind("high tone", "frequency_hz", 1200, 3600,
              ("high-pitched beep", "high beep", "treble sine tone", "high note", "sharp high tone", "squeaky beep", "thin high whistle", "high-pitched squeal", "screechy beep"),
              ("shrill tone", "piercing whistle")),
    SoundKind("low tone", "frequency_hz", 70, 240,
              ("low hum", "deep hum", "low-pitched tone", "bass tone", "deep note", "low bass hum"),
              ("deep drone", "sub-bass drone")),
    SoundKind("chord", "root_hz", 160, 480,
              ("chord", "musical chord", "three notes played together", "chord of several notes", "harmonious chord", "notes struck together", "cluster of notes sounding together"),
              ("triad", "several notes at once")),
    SoundKind("rising sweep", "start_hz", 200, 600,
              ("rising tone", "tone sweeping upwards", "pitch that goes up", "upward sweep"),
              ("tone that climbs higher", "ascending tone")),
    SoundKind("falling sweep", "end_hz", 200, 600,
              ("falling tone", "tone sweeping downwards", "pitch that goes down", "downward sweep"),
              ("tone that drops lower", "descending glide")),
    SoundKind("white noise", "brightness", 0.0, 1.0,
              ("white noise", "hiss", "hissing static", "steady hiss", "noisy hiss", "bright crackling static", "sizzling hiss"),
              ("static noise", "fizzing sound"), tonal=False, log_scale=False),
    SoundKind("brown noise", "darkness", 0.0, 1.0,
              ("brown noise", "deep rumble", "low rumbling noise", "rumbling roar"),
              ("distant thunder", "muffled growl of a far-off engine"), tonal=False, log_scale=False),
    SoundKind("fast clicks", "rate_hz", 18, 45,
              ("fast clicking", "rapid clicks", "quick train of clicks", "buzzing clicks", "fast rattle of clicks", "rapid-fire tapping"),
              ("rapid ticking", "machine-gun ticking"), tonal=False),
    SoundKind("slow clicks", "rate_hz", 3, 7,
              ("slow clicks", "slow ticking", "clicks spaced far apart", "steady slow tapping", "clock-like ticks", "unhurried knocks", "slow tick-tock"),
              ("metronome", "slow knocking"), tonal=False),
    SoundKind("tremolo", "carrier_hz", 300, 900,
              ("tremolo tone", "tone pulsing in volume", "wobbling tone", "wavering note", "pulsating note", "vibrating tone", "fluttering note", "shaking tone"),
              ("throbbing note", "trembling note")),
)}

# How loudness and length are said: different words again for the test split.
LOUDNESS_WORDS = {"train": {True: ("loud", "strong"), False: ("quiet", "soft")},
                  "test": {True: ("powerful", "booming"), False: ("faint", "barely audible")}}
LENGTH_WORDS = {"train": {True: ("long", "sustained"), False: ("short", "brief")},
                "test": {True: ("lasting", "drawn-out"), False: ("quick", "momentary")}}
TEMPLATES = {"train": ("{a} {loud}, {length} {phrase}", "{a_phrase}, {loud} and {length}",
                       "the sound of {a} {length}, {loud} {phrase}", "{a_phrase}"),
             "test": ("{a} {length} and {loud} {phrase}", "{a_phrase} that {is_} {loud} and {length}", "{a_phrase}")}
PLURAL_HEADS = ("clicks", "notes", "knocks", "ticks")   # phrases about these take no article: "rapid clicks"
MASS_HEADS = ("clicking", "tapping", "ticking", "knocking", "thunder", "static")  # nor these: "distant thunder"


def is_plural(phrase: str) -> bool:
    """Whether a caption phrase names several things ("rapid clicks", "several notes at once")."""
    words = phrase.replace(",", " ").split()
    return any(w in PLURAL_HEADS for w in words[:4]) or words[0] in ("several", "three")


def takes_article(phrase: str) -> bool:
    """Whether a phrase needs "a"/"an": not plurals, not mass nouns ("static noise" does, "distant thunder" not)."""
    return not is_plural(phrase) and phrase.replace(",", " ").split()[-1] not in MASS_HEADS


def with_article(phrase: str) -> str:
    """``phrase`` with "a" or "an" in front where it takes one: "an ascending tone", "rapid clicks"."""
    if not takes_article(phrase):
        return phrase
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def _check_split(split: str) -> str:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    return split


def _check_kind(kind: str) -> SoundKind:
    if kind not in KINDS:
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


def synthesize(kind: str, parameter: float, duration_s: float, peak: float = 0.5, noise: float = 0.0,
               seed: int = 0, sample_rate_hz: int = SAMPLE_RATE_HZ, clip_s: float = CLIP_S,
               onset_s: float = 0.05) -> np.ndarray:
    """One clip ``(clip_s * sample_rate_hz,)`` float32: the sound, then silence, plus background hiss.

    ``parameter`` is in the kind's own unit (``KINDS[kind].parameter``); ``peak`` is the sound's
    peak amplitude (0–1); ``noise`` the standard deviation of the background hiss.
    """
    spec = _check_kind(kind)
    if not 0 < duration_s <= clip_s - onset_s:
        raise ValueError(f"duration_s must be in (0, {clip_s - onset_s:g}] so the sound fits the clip, got {duration_s}")
    if not 0 <= peak <= 1 or not 0 <= noise <= 1:
        raise ValueError(f"peak and noise must lie in [0, 1], got peak={peak}, noise={noise}")
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


def caption(kind: str, loud: bool, long: bool, split: str = "train", seed: int = 0) -> str:
    """A caption for a clip of ``kind``, worded from the ``split``'s own vocabulary."""
    spec, split = _check_kind(kind), _check_split(split)
    rng = np.random.default_rng(seed)
    phrases = spec.train_phrases if split == "train" else spec.test_phrases
    pick = lambda options: options[int(rng.integers(len(options)))]  # noqa: E731
    phrase, loud_word, length_word = pick(phrases), pick(LOUDNESS_WORDS[split][bool(loud)]), pick(LENGTH_WORDS[split][bool(long)])
    article = takes_article(phrase)
    text = pick(TEMPLATES[split]).format(phrase=phrase, loud=loud_word, length=length_word,
                                         a_phrase=with_article(phrase), is_="are" if is_plural(phrase) else "is",
                                         a=("an" if (length_word + loud_word)[0] in "aeiou" else "a") if article else "")
    return " ".join(text.split()).replace("a the", "the")


def prompts(split: str = "test") -> dict[str, list[str]]:
    """Zero-shot prompts ``{kind: ["a shrill tone", ...]}`` from the split's phrases (no loudness or length)."""
    split = _check_split(split)
    return {name: [with_article(p) for p in (k.train_phrases if split == "train" else k.test_phrases)]
            for name, k in KINDS.items()}


def prompt_ensemble(split: str = "test") -> dict[str, list[str]]:
    """Zero-shot prompts built like the split's captions: every template, loudness and length word.

    CLIP's "prompt ensembling": a class is the average of many phrasings of it, so no single wording
    decides. Only the ``split``'s own vocabulary is used (held-out words for ``"test"``).
    """
    split = _check_split(split)
    out = {}
    for name, kind in KINDS.items():
        texts = []
        for phrase in (kind.train_phrases if split == "train" else kind.test_phrases):
            article = takes_article(phrase)
            for template in TEMPLATES[split]:
                for loud in (True, False):
                    for long in (True, False):
                        for loud_word in LOUDNESS_WORDS[split][loud]:
                            for length_word in LENGTH_WORDS[split][long]:
                                a = ("an" if (length_word + loud_word)[0] in "aeiou" else "a") if article else ""
                                text = template.format(phrase=phrase, loud=loud_word, length=length_word,
                                                       a_phrase=with_article(phrase), a=a,
                                                       is_="are" if is_plural(phrase) else "is")
                                texts.append(" ".join(text.split()))
        out[name] = list(dict.fromkeys(texts))
    return out


def parameter_position(split: str, rng: np.random.Generator) -> float:
    """A position in [0, 1] of a parameter range: inside ``HELD_OUT_BAND`` for test, outside it for train."""
    lo, hi = HELD_OUT_BAND
    if _check_split(split) == "test":
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

            self._log_mels = log_mel(torch.from_numpy(self.waveforms), self.sample_rate_hz)
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
        return SoundSet(self.waveforms[index], [self.captions[i] for i in index], [self.kinds[i] for i in index],
                        self.parameters[index], self.loud[index], self.long[index], self.split,
                        self.sample_rate_hz, list(self.kind_names))


def make_set(per_kind: int, split: str = "train", seed: int = 0, kinds=None) -> SoundSet:
    """``per_kind`` captioned clips of each kind, deterministic for a given ``seed`` and ``split``.

    Loud/quiet and short/long are balanced; the main parameter comes from the split's range.
    """
    split = _check_split(split)
    if isinstance(per_kind, bool) or not isinstance(per_kind, int) or per_kind < 1:
        raise ValueError(f"per_kind must be a positive int, got {per_kind!r}")
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
    import os

    import music21
    import soundfile

    path = os.path.join(os.path.dirname(music21.__file__), "audioSearch", "test_audio.wav")
    data, rate = soundfile.read(path, dtype="int16")
    return data, int(rate), "music21/audioSearch/test_audio.wav: a 20 s melody recording (BSD-3-Clause, music21)"
