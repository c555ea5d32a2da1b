"""helpers.clap.plots: each figure function returns a Figure that shows the data it was given."""

import numpy as np
import pytest
import torch

from helpers.clap import audio, contrastive, plots, sounds
from helpers.clap.training import History


def test_waveform_and_mel_gallery():
    clip = sounds.synthesize("chord", 300, 0.5)
    fig = plots.waveform_and_mel(clip, sounds.SAMPLE_RATE_HZ, audio.log_mel(clip, sounds.SAMPLE_RATE_HZ), "a chord")
    assert len(fig.axes) == 4 and fig._suptitle.get_text() == "a chord"                  # three panels + colour bar
    mels = [audio.log_mel(clip, sounds.SAMPLE_RATE_HZ)] * 3
    fig = plots.mel_gallery(mels, ["a", "b", "c"], columns=2)
    assert [ax.get_title() for ax in fig.axes[:3]] == ["a", "b", "c"] and not fig.axes[3].axison


def test_similarity_figures_outline_the_diagonal():
    s = contrastive.similarity(*contrastive.noisy_pairs(4, 8, noise=1.0, seed=0))
    fig = plots.similarity_heatmap(s, list("abcd"), list("wxyz"), "pairs")
    assert len(fig.axes[0].patches) == 4 and np.allclose(fig.axes[0].images[0].get_array(), s.numpy())
    fig = plots.before_after(s, s.flip(0), list("abcd"), list("wxyz"))
    assert [ax.get_title() for ax in fig.axes[:2]] == ["before training", "after training"]


def test_temperature_and_batch_figures():
    fig = plots.temperature_softmax(torch.tensor([0.3, 0.2, 0.1]), [1.0, 0.07])
    heights = [bar.get_height() for bar in fig.axes[1].patches]
    assert heights == pytest.approx(contrastive.softmax_rows(torch.tensor([[0.3, 0.2, 0.1]]), 0.07)[0].tolist())
    fig = plots.loss_vs_batch({2: (0.1, 0.69), 8: (0.3, 2.08)})
    assert list(fig.axes[0].lines[1].get_ydata()) == [0.69, 2.08]


def test_training_curves_show_every_history():
    histories = [History("minilm", [4.0, 3.0, 2.0], [14.3, 15.0, 15.5], seconds=3.0),
                 History("scratch", [4.1, 3.5, 3.0], [14.3, 14.0, 16.0], seconds=2.0)]
    fig = plots.training_curves(histories)
    loss, scale = fig.axes
    assert [line.get_label() for line in loss.lines] == ["minilm (3 s)", "scratch (2 s)"]
    assert list(loss.lines[0].get_ydata()) == [4.0, 3.0, 2.0]
    assert scale.get_ylim() == pytest.approx((0, 16.0 * 1.3))
    assert "start: 1/0.07" in [line.get_label() for line in scale.lines]


def test_confusion_and_caption_ranking():
    fig = plots.confusion(np.array([[3, 1], [0, 4]]), ["tone", "noise"])
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "3", "4"]
    fig = plots.caption_ranking([("a hiss", 0.7), ("a hum", 0.3)], "ranked")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a hum", "a hiss"]
