"""helpers.clap.audio: conversions to mono float, resampling, the mel filterbank and log_mel."""

import numpy as np
import pytest
import torch

from helpers.clap import audio


def tone(freq_hz, rate=16_000, seconds=0.5, amplitude=0.5):
    t = np.arange(int(rate * seconds)) / rate
    return (amplitude * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def test_log_mel_shape_and_frames():
    mel = audio.log_mel(tone(440), 16_000)
    assert mel.shape == (64, 51)                     # 0.5 s, a frame every 10 ms, centred: 50 + 1
    assert audio.log_mel(tone(440), 16_000, n_mels=40).shape == (40, 51)
    batch = audio.log_mel(torch.from_numpy(np.stack([tone(440), tone(880)])), 16_000, batch=True)
    assert batch.shape == (2, 64, 51)
    assert torch.allclose(batch[0], mel, atol=1e-4)


def test_a_stereo_clip_is_one_mono_clip_whether_numpy_or_torch_either_layout():
    stereo = np.stack([tone(440), tone(880)])
    mono = audio.log_mel((tone(440) + tone(880)) / 2, 16_000)
    for clip in (stereo, torch.from_numpy(stereo), stereo.T, torch.from_numpy(stereo.T.copy()), stereo.tolist()):
        assert torch.allclose(audio.log_mel(clip, 16_000), mono, atol=1e-4)


@pytest.mark.parametrize("shape", [(9, 9), (20, 4000)])
def test_a_2d_shape_that_is_neither_channels_layout_is_refused(shape):
    with pytest.raises(ValueError, match="channels"):
        audio.to_mono_float(np.zeros(shape, np.float32))


def test_a_batch_that_looks_like_samples_by_channels_is_refused():
    with pytest.raises(ValueError, match="samples, channels"):
        audio.log_mel(np.zeros((8000, 2), np.float32), 16_000, batch=True)


def test_log_mel_puts_energy_in_the_right_band():
    rate = 16_000
    for freq in (200.0, 1000.0, 4000.0):
        mel = audio.log_mel(tone(freq, rate), rate)
        n_fft = audio.frame_settings(rate)[0]
        bank = audio.mel_filterbank(rate, n_fft)
        expected_band = int(np.argmax(bank[:, int(round(freq / (rate / n_fft)))]))
        assert abs(int(mel.mean(dim=1).argmax()) - expected_band) <= 1


def test_log_mel_matches_librosa():
    librosa = pytest.importorskip("librosa")
    rate = 16_000
    x = tone(523.0, rate) + 0.05 * np.random.default_rng(0).standard_normal(8000).astype(np.float32)
    n_fft, window, hop = audio.frame_settings(rate)
    ref = librosa.feature.melspectrogram(y=x, sr=rate, n_fft=n_fft, hop_length=hop, win_length=window,
                                         window="hann", center=True, pad_mode="reflect", power=2.0,
                                         n_mels=64, htk=True, norm="slaney", fmin=0.0)
    ref_db = 10 * np.log10(np.maximum(ref, 1e-10))
    ref_db = np.maximum(ref_db, ref_db.max() - audio.TOP_DB)
    assert np.allclose(audio.log_mel(x, rate).numpy(), ref_db, atol=0.05)


def test_loudness_survives_in_decibels():
    loud = audio.log_mel(tone(440, amplitude=0.8), 16_000).max()
    quiet = audio.log_mel(tone(440, amplitude=0.08), 16_000).max()
    assert float(loud - quiet) == pytest.approx(20.0, abs=0.1)     # 10x amplitude = +20 dB


def test_stereo_is_mixed_down_either_layout():
    left, right = tone(440), tone(660)
    mixed = (left + right) / 2
    assert np.allclose(audio.to_mono_float(np.stack([left, right])), mixed)
    assert np.allclose(audio.to_mono_float(np.stack([left, right], axis=1)), mixed)


def test_integer_pcm_is_scaled():
    pcm = np.array([0, 16384, -32768, 32767], dtype=np.int16)
    assert np.allclose(audio.to_mono_float(pcm), [0, 0.5, -1, 32767 / 32768])
    assert np.allclose(audio.to_mono_float(np.array([128, 255, 0], dtype=np.uint8)), [0, 127 / 128, -1])
    assert audio.log_mel(pcm.repeat(100), 16_000).shape[0] == 64


def test_resample_keeps_pitch_and_length():
    x = tone(1000, rate=44_100, seconds=1.0)
    y = audio.prepare(x, 44_100, 16_000)
    assert len(y) == 16_000
    spectrum = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spectrum) - 1000) <= 1          # 1 Hz bins for a 1 s clip
    assert audio.resample(x, 44_100, 44_100) is not None and len(audio.resample(x, 44_100, 44_100)) == len(x)


@pytest.mark.parametrize("bad, message", [
    (np.zeros(0, np.float32), "empty"),
    (np.array([0.0, np.nan]), "NaN or infinite"),
    (np.array([0.0, np.inf]), "NaN or infinite"),
    (np.zeros((2, 2, 10)), "shape"),
])
def test_bad_audio_raises(bad, message):
    with pytest.raises(ValueError, match=message):
        audio.log_mel(bad, 16_000)


def test_bad_rates_and_types():
    with pytest.raises(ValueError, match="sample_rate_hz"):
        audio.log_mel(tone(440), 0)
    with pytest.raises(ValueError, match="sample_rate_hz"):
        audio.log_mel(tone(440), 16_000.5)
    with pytest.raises(ValueError, match="looks like kHz; pass Hz"):
        audio.log_mel(tone(440), 16)
    with pytest.raises(ValueError, match="looks like kHz; pass Hz"):
        audio.prepare(tone(440), 44.1, 16_000)
    with pytest.raises(ValueError, match="384,000"):
        audio.log_mel(tone(440), 1_000_000)
    assert audio.log_mel(tone(440), np.int64(16_000)).shape == audio.log_mel(tone(440), 16_000.0).shape
    with pytest.raises(TypeError, match="numeric"):
        audio.to_mono_float(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="n_mels"):
        audio.log_mel(tone(440), 16_000, n_mels=0)


def test_mel_scale_round_trip_and_player():
    hz = np.array([0.0, 440.0, 8000.0])
    assert np.allclose(audio.mel_to_hz(audio.hz_to_mel(hz)), hz)
    player = audio.player(tone(440), 16_000)
    assert "<audio" in player._repr_html_().lower()
