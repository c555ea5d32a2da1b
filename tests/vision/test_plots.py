"""The lesson's static figures: the right panels, any photo format, and the training curves on core's plot."""

import pytest
import torch

from helpers import vision
from helpers.vision import plots


def test_figures_are_figures_with_the_right_panels(photo, mae, images):
    from matplotlib.figure import Figure

    fig = plots.patch_grid(photo, 16)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    assert "7×7 = 49" in fig.axes[0].get_title()
    rec = {r: vision.reconstruct(mae, images, r) for r in (0.25, 0.75)}
    grid = plots.reconstruction_grid(rec, max_images=2)
    assert len(grid.axes) == 2 * 3 * 2
    overlay = plots.attention_overlay(images, torch.rand(4, 4, 4), ["a", "b", "c", "d"])
    assert len(overlay.axes) == 8 and overlay.axes[0].get_title() == "a"
    assert plots.figure_png(overlay).startswith(b"\x89PNG")


def test_patch_grid_converts_gray_uint8_and_rgba_photos():
    import numpy as np

    gray = (np.random.default_rng(0).random((32, 32)) * 255).astype(np.uint8)
    assert len(plots.patch_grid(gray, 8).axes) == 4
    rgba = np.zeros((32, 32, 4), dtype=np.uint8)
    assert "4×4 = 16" in plots.patch_grid(rgba, 8).axes[0].get_title()
    with pytest.raises(ValueError, match="not divisible"):
        plots.patch_grid(gray, 5)


def test_training_curves_draw_held_out_loss_and_baselines():
    from helpers.vision.training import TrainingLog

    log = TrainingLog(losses=[1.0, 0.5], test_accuracy=[0.5, 0.8])
    mae_log = TrainingLog(losses=[0.2, 0.1], test_loss=[0.3, 0.2])
    fig = plots.training_curves({"vit": log, "mae": mae_log}, baselines={"guess": 0.25})
    loss_ax, acc_ax = fig.axes
    labels = [line.get_label() for line in loss_ax.lines]
    assert labels == ["vit", "mae", "mae, held out", "guess"]
    assert [line.get_label() for line in acc_ax.lines] == ["vit"]
    assert loss_ax.get_yscale() == "log" and acc_ax.get_ylabel() == "test accuracy (%)"
    assert loss_ax.lines[1].get_color() == loss_ax.lines[2].get_color()  # held-out loss in its run's colour
