"""Lesson 03's figures and widgets: driven by setting control values, checked by what they show."""

import pytest
import torch

from helpers import vision
from helpers.vision import plots
from helpers.vision import widgets as vw

SMALL_MAE = vision.TinyMAEConfig(encoder=vision.TinyViTConfig(width=16, depth=2, heads=2), decoder_width=8,
                                 decoder_depth=1, decoder_heads=2)


@pytest.fixture(scope="module")
def photo():
    return vision.load_photo("astronaut", 112)


@pytest.fixture(scope="module")
def mae():
    torch.manual_seed(0)
    return vision.TinyMAE(SMALL_MAE).eval()


@pytest.fixture(scope="module")
def images():
    return vision.digits_split().test_images[:4]


def _image(box):
    return [w for w in _walk(box) if type(w).__name__ == "Image"][0]


def _html(box):
    return [w for w in _walk(box) if type(w).__name__ == "HTML"][0]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_patch_summary_counts_tokens():
    assert "196 patches + 1 class token = 197 tokens" in vw.patch_summary(224, 16)
    assert "768 numbers" in vw.patch_summary(224, 16)
    with pytest.raises(ValueError, match="not divisible"):
        vw.patch_summary(224, 15)


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


def test_patch_size_control_redraws_and_recounts(photo):
    box = vw.patch_size_explorer(photo)
    slider = vw.controls(box)["patch size"]
    assert slider.options == (8, 14, 16, 28, 56)  # only divisors of 112
    before_png, before_text = _image(box).value, _html(box).value
    assert "49 patches" in before_text
    slider.value = 8
    assert "196 patches" in _html(box).value
    assert _image(box).value != before_png
    with pytest.raises(ValueError, match="initial patch size"):
        vw.patch_size_explorer(photo, initial=32)


def test_mask_ratio_slider_and_resample_button(mae, images):
    box = vw.mask_explorer(mae, images)
    found = vw.controls(box)
    ratio, button = found["mask ratio"], found["re-sample"]
    assert "sees 4 of 16" in _html(box).value and "mask #0" in _html(box).value
    first_png = _image(box).value
    ratio.value = 0.25
    assert "sees 12 of 16" in _html(box).value
    assert _image(box).value != first_png
    png = _image(box).value
    button.click()
    assert "mask #1" in _html(box).value
    assert _image(box).value != png  # a new random mask, same images


def test_attention_explorer_layer_and_head(mae, images):
    box = vw.attention_explorer(mae.encoder, images)
    found = vw.controls(box)
    layer, head = found["layer"], found["head"]
    assert layer.max == 1 and layer.value == 1
    assert "layer 1, mean of heads" in _html(box).value
    png = _image(box).value
    head.value = 0
    assert "layer 1, head 0" in _html(box).value and _image(box).value != png
    layer.value = 0
    assert "layer 0, head 0" in _html(box).value


def test_lesson_widget_is_the_main_container_and_every_control_is_described(photo, mae, images):
    tabs = vw.lesson_widget(photo, mae, images, mae.encoder, images)
    assert "fiveq-main" in tabs._dom_classes
    assert tabs.titles == ("patches", "MAE masking", "ViT attention")
    names = set(vw.controls(tabs))
    assert {"patch size", "mask ratio", "re-sample", "layer", "head"} <= names
    for w in _walk(tabs):
        if type(w).__name__ in {"SelectionSlider", "FloatSlider", "IntSlider", "Dropdown", "Button"}:
            assert w.description


def test_fast_renderers_shapes_and_colours():
    import numpy as np

    from helpers.vision import render as vr

    digit = torch.zeros(1, 8, 8)
    digit[0, 0, 0] = 1.0
    rgb = vr.to_rgb_uint8(digit)
    assert rgb.shape == (8, 8, 3) and rgb.dtype == np.uint8
    assert tuple(rgb[0, 0]) == (0, 0, 0) and tuple(rgb[1, 1]) == (255, 255, 255)  # dark ink on white
    mask = torch.zeros(16)
    mask[15] = 1
    painted = vr.paint_hidden(rgb, mask)
    assert tuple(painted[7, 7]) == vr.HIDDEN_RGB and tuple(painted[0, 7]) == (255, 255, 255)
    assert vr.enlarge(rgb, 3).shape == (24, 24, 3)
    grid = vr.draw_grid(np.zeros((8, 8, 3), dtype=np.uint8), 4)
    assert grid[4, 1].tolist() == [255, 255, 255] and grid[1, 1].tolist() == [0, 0, 0]
    canvas = vr.tile([[rgb, rgb], [rgb]], gap=2)
    assert canvas.shape == (18, 18, 3)
    assert vr.to_png(canvas).startswith(b"\x89PNG")
    view = vr.patch_view(torch.rand(3, 32, 32), 8)
    assert view.shape[1] >= 32 and view.shape[0] > 32
    with pytest.raises(ValueError, match="not divisible"):
        vr.patch_view(torch.rand(3, 32, 32), 5)
    heat = vr.heat_overlay(vr.enlarge(rgb, 4), torch.rand(4, 4))
    assert heat.shape == (32, 32, 3)


def test_training_curves_draw_held_out_loss_and_baselines():
    from helpers.vision.tiny_vit import TrainingLog

    log = TrainingLog(losses=[1.0, 0.5], test_accuracy=[0.5, 0.8])
    mae_log = TrainingLog(losses=[0.2, 0.1])
    mae_log.test_loss = [0.3, 0.2]
    fig = plots.training_curves({"vit": log, "mae": mae_log}, baselines={"guess": 0.25})
    loss_ax, acc_ax = fig.axes
    labels = [line.get_label() for line in loss_ax.lines]
    assert labels == ["vit", "mae", "mae, held out", "guess"]
    assert [line.get_label() for line in acc_ax.lines] == ["vit"]
