"""helpers.clap.widgets: the plain functions, and the widgets driven through their controls."""

import numpy as np
import pytest
import torch

from helpers.clap import contrastive, sounds, training, widgets


@pytest.fixture(scope="module")
def model():
    train = sounds.make_set(12, "train", seed=0, kinds=["high tone", "low tone", "white noise"])
    return training.train_tiny_clap(train, "minilm", epochs=10, batch_size=12, lr=5e-3, seed=0, progress=False)[0]


def test_temperature_view_matches_the_loss():
    a, b = contrastive.noisy_pairs(6, 16, noise=1.0, seed=0)
    s = a @ b.T
    view = widgets.temperature_view(s, 0.07)
    assert view["loss"] == pytest.approx(float(contrastive.clip_loss(a, b, 1 / 0.07)), abs=1e-5)
    assert torch.allclose(view["probabilities"].sum(1), torch.ones(6))
    assert widgets.temperature_view(s, 0.01)["diagonal_mean"] > widgets.temperature_view(s, 1.0)["diagonal_mean"]
    with pytest.raises(ValueError, match="square"):
        widgets.temperature_view(np.zeros((2, 3)), 0.1)
    with pytest.raises(ValueError, match="temperature"):
        widgets.temperature_view(s, 0.0)


def test_temperature_slider_redraws():
    a, b = contrastive.noisy_pairs(5, 16, noise=1.0, seed=0)
    box = widgets.temperature_explorer((a @ b.T).numpy(), [f"p{i}" for i in range(5)])
    assert "fiveq-main" in box._dom_classes
    slider, readout, grid = box.children
    assert slider.description
    before_grid, before_loss = grid.value, box.view["loss"]
    assert before_grid.count("<td") == 25
    slider.value = 0.5
    assert grid.value != before_grid and "0.500" in readout.value
    assert box.view["loss"] == pytest.approx(widgets.temperature_view((a @ b.T).numpy(), 0.5)["loss"])
    assert box.view["loss"] != before_loss
    shown = [float(x) for x in __import__("re").findall(r">(\d\.\d\d)</td>", grid.value)]
    assert shown == pytest.approx(box.view["probabilities"].numpy().ravel().tolist(), abs=0.006)


def test_wav_bytes_round_trip():
    import io
    import wave

    clip = widgets.design_sound("chord", 300, 0.3)
    with wave.open(io.BytesIO(widgets.wav_bytes(clip, sounds.SAMPLE_RATE_HZ))) as w:
        assert w.getframerate() == sounds.SAMPLE_RATE_HZ and w.getnframes() == len(clip) and w.getnchannels() == 1
        pcm = np.frombuffer(w.readframes(len(clip)), dtype="<i2")
    assert np.allclose(pcm / 32767, clip, atol=1e-4)


def test_design_sound():
    clip = widgets.design_sound("high tone", 3000, 0.5, noise=0.0, loud=True)
    assert clip.shape == (int(sounds.CLIP_S * sounds.SAMPLE_RATE_HZ),)
    spectrum = np.abs(np.fft.rfft(clip))
    assert abs(np.argmax(spectrum) * sounds.SAMPLE_RATE_HZ / len(clip) - 3000) < 2
    quiet = widgets.design_sound("high tone", 3000, 0.5, loud=False)
    assert np.abs(quiet).max() < 0.2 * np.abs(clip).max()
    noisy = widgets.design_sound("white noise", 440, 0.5, noise=0.2)
    assert noisy[-1000:].std() == pytest.approx(0.2, abs=0.03)     # the silent tail carries the background
    with pytest.raises(ValueError, match="kind must be one of"):
        widgets.design_sound("violin", 440)
    with pytest.raises(ValueError, match="pitch_hz"):
        widgets.design_sound("high tone", 5)


def test_sound_designer_controls_change_the_ranking(model):
    box = widgets.sound_designer(model, ["a high-pitched beep", "a low hum", "a steady hiss"])
    assert "fiveq-main" in box._dom_classes
    controls = [w for row in box.children[:3] for w in getattr(row, "children", [row])]
    assert all(getattr(w, "description", "") for w in controls)
    kind, loud = box.children[0].children
    pitch, duration, noise = box.children[1].children
    own, add = box.children[2].children
    assert box.last_ranking[0][0] == "a high-pitched beep"
    player = box.children[4]
    assert bytes(player.value[:4]) == b"RIFF"
    before_sound = player.value
    kind.value, pitch.value = "low tone", 100
    assert player.value != before_sound and "a low hum" in box.children[5].value
    assert bytes(box.children[6].value[:4]) == b"\x89PNG"
    assert box.last_ranking[0][0] == "a low hum"
    kind.value = "white noise"
    assert box.last_ranking[0][0] == "a steady hiss"
    own.value = "a gentle hiss of static"
    assert "a gentle hiss of static" in box.candidates and own.value == ""
    assert len(box.last_ranking) == 4
    own.value = "a low hum"                                        # a duplicate is refused, not crashed on
    assert box.candidates.count("a low hum") == 1 and "already" in box.children[3].value
    add.click()                                                    # empty box: nothing added
    assert len(box.candidates) == 4


def test_designer_ranking_and_figures(model):
    clip, ranking = widgets.designer_ranking(model, "low tone", 100, 1.0, 0.0, True, widgets.DEFAULT_CANDIDATES)
    assert len(ranking) == len(widgets.DEFAULT_CANDIDATES) == 10 and "a shrill tone" in widgets.DEFAULT_CANDIDATES
    assert sum(p for _, p in ranking) == pytest.approx(1.0, abs=1e-5)
    fig = widgets.designer_figure(clip, ranking, "ranked")
    bars = fig.axes[1]
    assert [t.get_text() for t in bars.get_yticklabels()][-1] == ranking[0][0]     # the best at the top
    assert bars.get_title() == "ranked" and len(fig.axes[0].images) == 1
    a, b = contrastive.noisy_pairs(4, 16, noise=1.0, seed=0)
    fig = widgets.temperature_figure((a @ b.T).numpy(), 0.1, list("abcd"))
    assert "τ = 0.100" in fig.axes[1].get_title()
