"""Lesson 05's figures: each returns a matplotlib Figure built from the data it is given."""

import numpy as np
import pytest
import torch
from matplotlib.figure import Figure

from helpers.encoders import plots


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title() for ax in fig.axes]


def test_pipeline_writes_every_shape_and_rejects_unknown_stages():
    fig = plots.pipeline([("image", [("signal", "image", (1, 3, 336, 336)), ("encoder", "ViT", ()),
                                     ("features", "patches", (1, 576, 1024))])], title="t")
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    assert "(1, 576, 1,024)" in texts and "(1, 3, 336, 336)" in texts and "image" in texts
    with pytest.raises(ValueError, match="stage kind"):
        plots.pipeline([("x", [("teleporter", "?", ())])])
    with pytest.raises(ValueError):
        plots.pipeline([])


def test_feature_maps_one_panel_per_encoder_with_its_score():
    rng = np.random.default_rng(0)
    panels = [{"title": f"enc {k}", "xy": rng.normal(size=(20, 2)), "labels": np.arange(20) % 4,
               "class_names": list("abcd"), "score": "1-NN 50%"} for k in range(5)]
    fig = plots.feature_maps(panels, columns=3)
    assert len(fig.axes) == 5
    assert fig.axes[4].get_title() == "enc 4\n1-NN 50%"
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == 20
    with pytest.raises(ValueError):
        plots.feature_maps([])


def test_token_growth_plots_each_series_and_checks_lengths():
    fig = plots.token_growth([1, 2, 4], {"a": [10, 20, 40], "b": [1, 2, 4]}, {"4k": 4096})
    assert [line.get_ydata().tolist() for line in fig.axes[0].lines[:2]] == [[10, 20, 40], [1, 2, 4]]
    with pytest.raises(ValueError, match="series 'a'"):
        plots.token_growth([1, 2], {"a": [1]}, {})


def test_image_strip_accepts_gray_and_rgb():
    assert len(plots.image_strip(torch.rand(3, 1, 8, 8), ["a", "b", "c"]).axes) == 3
    assert len(plots.image_strip(np.random.rand(2, 3, 16, 16)).axes) == 2
    with pytest.raises(ValueError):
        plots.image_strip(np.zeros((4, 4)))


def test_grouped_scores_and_training_curves():
    fig = plots.grouped_scores(["x", "y"], {"s": [0.2, 0.9]}, chance=0.1)
    assert "90%" in _texts(fig) and "chance 10%" in _texts(fig)
    with pytest.raises(ValueError):
        plots.grouped_scores(["x"], {"s": [0.1, 0.2]})
    fig = plots.connector_curves({"linear": [0.5, 0.9]}, before={"linear": 0.1}, chance=0.1)
    line = fig.axes[0].lines[0]
    assert line.get_xdata().tolist() == [0, 1, 2] and line.get_ydata().tolist() == [0.1, 0.5, 0.9]
