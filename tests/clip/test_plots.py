"""helpers.clip.plots: figures built from data, with their content checkable."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers.clip import plots


def test_token_grid_draws_every_slot():
    fig = plots.token_grid([49406, 320, 49407, 0], ["<start>", "a·", "<end>", "<pad>"],
                           ["special", "content", "special", "pad"], columns=2, title="t")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "a·" in texts and "49406" in texts and len(fig.axes[0].patches) == 4
    with pytest.raises(ValueError, match="equal lengths"):
        plots.token_grid([1], ["a", "b"], ["content"])
    with pytest.raises(ValueError, match="columns"):
        plots.token_grid([1], ["a"], ["content"], columns=0)


def test_mask_heatmap():
    fig = plots.mask_heatmap(np.tril(np.ones((4, 4), bool)), title="causal")
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (4, 4) and image[0, 3] == 0 and image[3, 0] == 1
    with pytest.raises(ValueError, match="square"):
        plots.mask_heatmap(np.ones((2, 3)))


def test_distribution_marks_median_and_claim():
    fig = plots.distribution([58, 60, 61, 61, 63], "words", claim=70, claim_label="seed")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "median 61" in labels and "seed" in labels
    with pytest.raises(ValueError, match="at least one"):
        plots.distribution([], "x")


def test_grouped_bars():
    fig = plots.grouped_bars(["a", "b"], {"clip": [1.2, 3.0], "bert": [1.1, 2.0]}, "tokens per word", reference=1.0)
    assert len(fig.axes[0].patches) == 4
    with pytest.raises(ValueError, match="2 groups"):
        plots.grouped_bars(["a", "b"], {"clip": [1.0]}, "y")


def test_embedding_drift_curves_plot_both_lines_and_the_effective_length():
    fig = plots.embedding_drift_curves([2, 5, 9], [0.0, 0.2, 0.05], [0.7, 0.9, 1.0], effective_tokens=20)
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and len(ax.lines) == 3
    assert list(ax.lines[0].get_xdata()) == [2, 5, 9] and list(ax.lines[1].get_ydata()) == [0.7, 0.9, 1.0]
    assert list(ax.lines[2].get_xdata()) == [20, 20]  # the vertical mark
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["1 − cos(previous prefix)", "cos(full caption)", "Long-CLIP: ~20"]
    with pytest.raises(ValueError, match="equal lengths"):
        plots.embedding_drift_curves([1, 2, 3], [0.0], [1.0, 1.0, 1.0])
