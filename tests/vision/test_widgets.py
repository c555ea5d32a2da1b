"""Lesson 03's widgets: driven by setting control values, checked by what they show."""

import pytest

from helpers.vision import widgets


def _image(box):
    return [w for w in _walk(box) if type(w).__name__ == "Image"][0]


def _html(box):
    return [w for w in _walk(box) if type(w).__name__ == "HTML"][0]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_patch_summary_counts_tokens():
    assert "196 patches + 1 class token = 197 tokens" in widgets.patch_summary(224, 16)
    assert "768 numbers" in widgets.patch_summary(224, 16)
    with pytest.raises(ValueError, match="not divisible"):
        widgets.patch_summary(224, 15)


def test_patch_size_control_redraws_and_recounts(photo):
    box = widgets.patch_size_explorer(photo)
    slider = widgets.controls(box)["patch size"]
    assert slider.options == (8, 14, 16, 28, 56)  # only divisors of 112
    before_png, before_text = _image(box).value, _html(box).value
    assert "49 patches" in before_text
    slider.value = 8
    assert "196 patches" in _html(box).value
    assert _image(box).value != before_png
    with pytest.raises(ValueError, match="initial patch size"):
        widgets.patch_size_explorer(photo, initial=32)


def test_mask_ratio_slider_and_resample_button(mae, images):
    box = widgets.mask_explorer(mae, images)
    found = widgets.controls(box)
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
    box = widgets.attention_explorer(mae.encoder, images)
    found = widgets.controls(box)
    layer, head = found["layer"], found["head"]
    assert layer.max == 1 and layer.value == 1
    assert "layer 1, mean of heads" in _html(box).value
    png = _image(box).value
    head.value = 0
    assert "layer 1, head 0" in _html(box).value and _image(box).value != png
    layer.value = 0
    assert "layer 0, head 0" in _html(box).value


def test_lesson_widget_is_the_main_container_and_every_control_is_described(photo, mae, images):
    tabs = widgets.lesson_widget(photo, mae, images, mae.encoder, images)
    assert "fiveq-main" in tabs._dom_classes
    assert tabs.titles == ("patches", "MAE masking", "ViT attention")
    names = set(widgets.controls(tabs))
    assert {"patch size", "mask ratio", "re-sample", "layer", "head"} <= names
    for w in _walk(tabs):
        if type(w).__name__ in {"SelectionSlider", "FloatSlider", "IntSlider", "Dropdown", "Button"}:
            assert w.description
