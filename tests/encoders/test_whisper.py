"""Whisper tiny.en's real pretrained encoder: log-mel front end, padding, features."""

import numpy as np
import pytest

from helpers.core import probes

whisper = pytest.importorskip("helpers.encoders.whisper")
ctranslate2 = pytest.importorskip("ctranslate2")


def _tone(freq_hz, seconds=1.0, rate=16_000):
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def test_whisper_log_mel_shapes_and_padding():
    clip = _tone(440, 1.5)
    assert whisper.log_mel(clip).shape == (1, 80, 3000)
    short = whisper.log_mel(clip, pad_to_window=False)
    assert short.shape == (1, 80, 150)
    # the clip's own frames are the same with or without the padding, except at the very end
    assert np.abs(whisper.log_mel(clip)[:, :, :140] - short[:, :, :140]).max() < 0.05


def test_whisper_features_are_deterministic_and_distinguish_sounds():
    batch = np.stack([_tone(300), _tone(310), np.random.default_rng(0).normal(0, 0.1, 16_000).astype(np.float32)])
    f1 = whisper.clip_features(batch)
    f2 = whisper.clip_features(batch)
    assert f1.shape == (3, 384)
    assert np.allclose(f1, f2)
    sim = probes.cosine_matrix(f1, f1)
    assert sim[0, 1] > sim[0, 2]          # two close tones are nearer each other than to noise


def test_whisper_rejects_wrong_rate_and_shape():
    with pytest.raises(ValueError, match="16000 Hz"):
        whisper.log_mel(_tone(440), sample_rate_hz=44_100)
    with pytest.raises(ValueError, match="waveforms must be"):
        whisper.log_mel(np.zeros((2, 3, 4000), np.float32))
    with pytest.raises(ValueError, match="looks like kHz"):
        whisper.log_mel(_tone(440), sample_rate_hz=16)
    with pytest.raises(ValueError, match="samples, channels"):
        whisper.log_mel(np.zeros((16_000, 2), np.float32))
    with pytest.raises(ValueError, match="at least 320 samples"):
        whisper.log_mel(np.zeros(100, np.float32))


def test_whisper_model_is_the_pretrained_tiny_en():
    model = whisper.load()
    assert not model.is_multilingual          # tiny.en is English-only
    assert model.n_mels == 80
