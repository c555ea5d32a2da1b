"""helpers.core.figures: one figure setup and one training-curve plot, checked by what they draw."""

import numpy as np
import pytest
import torch
from matplotlib.figure import Figure

from helpers.core import figures
from helpers.core.figures import Curve, Panel


def test_figure_has_the_asked_size_and_no_pyplot_state():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = figures.figure(4.0, 2.5)
    assert isinstance(fig, Figure) and tuple(fig.get_size_inches()) == (4.0, 2.5)
    assert fig.get_layout_engine() is not None and plt.get_fignums() == before


def test_as_numpy_takes_tensors_with_grad_lists_and_arrays():
    x = torch.ones(2, 3, requires_grad=True) * 2
    assert np.array_equal(figures.as_numpy(x), np.full((2, 3), 2.0))
    assert figures.as_numpy([1, 2]).tolist() == [1, 2]
    array = np.arange(3)
    assert figures.as_numpy(array) is array


def test_training_curves_one_axes_per_panel_with_curves_and_reference_lines():
    panels = [Panel([Curve("train", [3.0, 2.0, 1.0]), Curve("test", [3.5, 2.5, 2.0], style="--")],
                    references={"chance": 2.3}, title="loss", log_y=True),
              Panel([Curve("accuracy", [0.2, 0.5], x=[10, 20], marker="o")], xlabel="epoch", ylabel="accuracy",
                    references={"chance": 0.1, "paper": 0.9}, ylim=(0, 1), grid=True)]
    fig = figures.training_curves(panels)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    loss, accuracy = fig.axes
    assert [line.get_label() for line in loss.lines] == ["train", "test", "chance"]
    assert list(loss.lines[0].get_xdata()) == [1, 2, 3] and list(loss.lines[1].get_ydata()) == [3.5, 2.5, 2.0]
    assert list(loss.lines[2].get_ydata()) == [2.3, 2.3] and loss.lines[2].get_linestyle() == ":"
    assert loss.get_yscale() == "log" and loss.get_title() == "loss"
    assert list(accuracy.lines[0].get_xdata()) == [10, 20] and accuracy.lines[0].get_marker() == "o"
    assert [line.get_ydata()[0] for line in accuracy.lines[1:]] == [0.1, 0.9]
    assert accuracy.get_ylim() == (0, 1) and accuracy.get_xlabel() == "epoch"
    assert [t.get_text() for t in accuracy.get_legend().get_texts()] == ["accuracy", "chance", "paper"]


def test_smoothing_is_a_moving_average_aligned_to_its_last_step():
    fig = figures.training_curves([Panel([Curve("loss", [1.0, 3.0, 5.0, 7.0], smooth=2)])])
    line = fig.axes[0].lines[0]
    assert list(line.get_xdata()) == [2, 3, 4] and list(line.get_ydata()) == [2.0, 4.0, 6.0]
    wide = figures.training_curves([Panel([Curve("loss", [1.0, 3.0], smooth=10)])]).axes[0].lines[0]
    assert list(wide.get_ydata()) == [2.0]  # a window wider than the curve averages all of it


def test_curve_colours_and_default_width():
    fig = figures.training_curves([Panel([Curve("a", [1, 2]), Curve("b", [2, 1], colour="#000000")])] * 3)
    a, b = fig.axes[0].lines[:2]
    assert a.get_color() == figures.PALETTE[0] and b.get_color() == "#000000"
    assert fig.get_size_inches()[0] == pytest.approx(4.5 * 3 + 0.5)
