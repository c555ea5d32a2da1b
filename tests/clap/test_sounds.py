"""helpers.clap.sounds: the generated audio–caption set, its held-out split, its determinism."""

import numpy as np
import pytest

from helpers.clap import audio, captions
from helpers.clap import sounds as sc


def test_set_shapes_balance_and_determinism():
    a = sc.make_set(4, "train", seed=3)
    b = sc.make_set(4, "train", seed=3)
    assert a.waveforms.shape == (4 * len(sc.KINDS), int(sc.CLIP_S * sc.SAMPLE_RATE_HZ))
    assert a.waveforms.dtype == np.float32 and np.abs(a.waveforms).max() <= 1
    assert np.array_equal(a.waveforms, b.waveforms) and a.captions == b.captions
    assert not np.array_equal(a.waveforms, sc.make_set(4, "train", seed=4).waveforms)
    counts = {k: a.kinds.count(k) for k in sc.KINDS}
    assert set(counts.values()) == {4}
    assert a.loud.sum() == a.long.sum() == len(a) // 2
    assert list(a.labels) == [a.kind_names.index(k) for k in a.kinds]


def test_held_out_parameter_band():
    lo, hi = sc.HELD_OUT_BAND
    train, test = sc.make_set(6, "train"), sc.make_set(6, "test")
    for name, kind in sc.KINDS.items():
        band = (kind.value(lo), kind.value(hi))
        tr = train.parameters[np.array(train.kinds) == name]
        te = test.parameters[np.array(test.kinds) == name]
        assert np.all((te >= band[0]) & (te <= band[1]))
        assert np.all((tr < band[0]) | (tr > band[1]))


def test_sounds_are_what_their_kind_says():
    rate = sc.SAMPLE_RATE_HZ
    def peak_hz(x):
        spectrum = np.abs(np.fft.rfft(x))
        return np.argmax(spectrum) * rate / len(x)
    assert abs(peak_hz(sc.synthesize("high tone", 2000, 1.0)) - 2000) < 2
    assert abs(peak_hz(sc.synthesize("low tone", 100, 1.0)) - 100) < 2
    mel_rise = audio.log_mel(sc.synthesize("rising sweep", 300, 1.0), rate)
    mel_fall = audio.log_mel(sc.synthesize("falling sweep", 300, 1.0), rate)
    band = lambda mel, frame: int(mel[:, frame].argmax())  # noqa: E731
    assert band(mel_rise, 20) < band(mel_rise, 90) and band(mel_fall, 20) > band(mel_fall, 90)
    white = audio.log_mel(sc.synthesize("white noise", 0.5, 1.0), rate)[:, 10:90].mean(1)
    brown = audio.log_mel(sc.synthesize("brown noise", 0.5, 1.0), rate)[:, 10:90].mean(1)
    assert (white[-8:].mean() - white[:8].mean()) > (brown[-8:].mean() - brown[:8].mean()) + 20
    slow = sc.synthesize("slow clicks", 4, 1.0)
    fast = sc.synthesize("fast clicks", 30, 1.0)
    onsets = lambda x: int(np.sum(np.diff((np.abs(x) > 0.25).astype(int)) == 1))  # noqa: E731
    assert onsets(fast) > 3 * onsets(slow) >= 3
    loud, quiet = sc.synthesize("chord", 200, 0.5, peak=0.8), sc.synthesize("chord", 200, 0.5, peak=0.08)
    assert np.abs(loud).max() == pytest.approx(0.8, abs=1e-3) and np.abs(quiet).max() == pytest.approx(0.08, abs=1e-3)


def test_bad_inputs():
    with pytest.raises(ValueError, match="unknown sound kind"):
        sc.synthesize("dog bark", 1, 0.5)
    with pytest.raises(ValueError, match="duration_s"):
        sc.synthesize("chord", 200, 5.0)
    with pytest.raises(ValueError, match="split"):
        sc.make_set(2, "validation")
    with pytest.raises(ValueError, match="per_kind"):
        sc.make_set(0)
    with pytest.raises(TypeError, match="per_kind"):
        sc.make_set(2.5)


def test_examples_and_real_recording():
    ex = sc.examples()
    assert ex.kinds == list(sc.KINDS) and len(ex) == len(sc.KINDS)
    wave, rate, about = sc.real_recording()
    assert wave.dtype == np.int16 and rate == 44_100 and "BSD" in about
    assert len(wave) / rate == pytest.approx(20, abs=0.1)


def test_captions_of_a_set_use_its_split_vocabulary():
    train, test = sc.make_set(10, "train"), sc.make_set(10, "test")
    assert not set(train.captions) & set(test.captions)
    for caption, kind in zip(test.captions, test.kinds):
        assert any(p in caption for p in captions.phrases(kind, "test"))
    for caption, kind in zip(train.captions, train.kinds):
        assert any(p in caption for p in captions.phrases(kind, "train"))


def test_first_of_each_kind_is_balanced_and_in_order():
    sound_set = sc.make_set(4, "test", seed=1, kinds=["high tone", "low tone", "chord"])
    three = sound_set.first_of_each_kind(3)
    assert three.kinds == ["high tone"] * 3 + ["low tone"] * 3 + ["chord"] * 3
    first_chord = sound_set.kinds.index("chord")
    np.testing.assert_array_equal(three.waveforms[6], sound_set.waveforms[first_chord])
