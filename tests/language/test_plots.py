"""helpers.language.plots: every figure is a Figure built from data."""

import pytest
import torch
from matplotlib.figure import Figure

from helpers import language
from helpers.language import plots


def test_figures_are_figures(models):
    rows = language.architecture_table(language.ARCHITECTURES[:2])
    figs = [plots.parameter_bars(rows),
            plots.embedding_rows(["[CLS]", "a", "[SEP]", "b", "[SEP]"], [0, 0, 0, 1, 1]),
            plots.embedding_rows(["a", "␣b"]),
            plots.mask_heatmaps({"causal": language.attention_mask("causal", 4)}, list("abcd")),
            plots.position_changes([("x", ["a", "b"], [0.0, 1.0], 1)]),
            plots.training_curves({"bert": models[0], "gpt": models[1]}),
            plots.similarity_heatmap(torch.eye(3), ["a", "b", "c"]),
            plots.attention_heatmap(torch.eye(3), ["a", "b", "c"]),
            plots.proportion_bars({"a": 0.2}, {"a": 0.15})]
    assert all(isinstance(f, Figure) for f in figs)
    # the segment row is drawn only for BERT
    assert len(figs[1].axes[0].patches) == 3 * 5 and len(figs[2].axes[0].patches) == 2 * 2


def test_training_curves_smooth_each_models_loss(models):
    bert, gpt = models
    fig = plots.training_curves({"tiny BERT": bert, "tiny GPT": gpt}, window=5)
    lines = [line for line in fig.axes[0].get_lines() if line.get_label().startswith("tiny")]
    assert [line.get_label().split(" (")[0] for line in lines] == ["tiny BERT", "tiny GPT"]
    assert len(lines[0].get_xdata()) == len(bert.losses) - 4
    assert lines[0].get_ydata()[0] == pytest.approx(sum(bert.losses[:5]) / 5)
    assert lines[0].get_color() == plots.BERT_COLOUR
