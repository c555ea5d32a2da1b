import numpy as np
import pytest

from helpers.clap import fusion, laion_clap



def _tone(duration_s, rate=16000):
    t = np.arange(int(duration_s * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


frames = 1001


def test_short_clip_is_one_mel_four_times():
    fused = fusion.fusion_input(_tone(2.0), 16000)
    assert fused.mel_fusion.shape == (4, 64, frames)
    assert not fused.longer and not fusion.views_differ(fused)


def test_long_clip_gets_a_global_view_and_three_crops():
    wave = _tone(25.0) * np.linspace(0, 1, 25 * 16000, dtype=np.float32)   # louder as it goes: views differ
    fused = fusion.fusion_input(wave, 16000)
    assert fused.mel_fusion.shape == (4, 64, frames)
    assert fused.longer and fusion.views_differ(fused)
    assert fused.duration_s == pytest.approx(25.0)
    assert laion_clap.CLIP_SAMPLES == 480_000


def test_bad_rate_is_refused():
    with pytest.raises(ValueError, match="sample_rate_hz"):
        fusion.fusion_input(_tone(1.0), 0)
