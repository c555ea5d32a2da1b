"""Property tests for lesson 03 (issue 15): random slider, dropdown and button input through every widget
(no exception escapes a callback, what it shows is one line, a valid change works afterwards), and random
shapes and sizes through patchify and the patch arithmetic (an answer or a one-line refusal, never a crash).

Lesson 03 has no text box, so there is no text to throw at it."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import vision
from helpers.vision import widgets

PROPERTY = settings(derandomize=True, deadline=None, max_examples=50)
NUMBERS = st.one_of(st.integers(-300, 300), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.text(max_size=3), st.builds(np.int64, st.integers(-300, 300)))


@pytest.fixture(scope="module")
def explorers(photo, mae, images):
    torch.manual_seed(0)
    encoder = vision.TinyViT(vision.TinyViTConfig(width=16, depth=2, heads=2)).eval()
    return (widgets.patch_size_explorer(photo), widgets.mask_explorer(mae, images),
            widgets.attention_explorer(encoder.encoder, images, ["a", "b", "c", "d"]))


def _info(box):
    return next(c for c in box.children if type(c).__name__ == "HTML").value


@PROPERTY
@given(choice=st.integers(0, 100))
def test_any_patch_size_on_the_slider_redraws(explorers, choice):
    box = explorers[0]
    slider = widgets.controls(box)["patch size"]
    slider.value = slider.options[choice % len(slider.options)]
    assert "fiveq-error" not in _info(box) and f"/{slider.value} = " in _info(box)


@PROPERTY
@given(ratio=st.floats(0.0, 0.95), clicks=st.integers(0, 2))
def test_any_mask_ratio_and_resample_clicks_redraw(explorers, ratio, clicks):
    box = explorers[1]
    found = widgets.controls(box)
    found["mask ratio"].value = ratio
    for _ in range(clicks):
        found["re-sample"].click()
    info = _info(box)
    assert "fiveq-error" not in info and "mask ratio" in info and "\n" not in info


@PROPERTY
@given(layer=st.integers(0, 1), head=st.integers(-1, 1))
def test_any_layer_and_head_redraw(explorers, layer, head):
    box = explorers[2]
    found = widgets.controls(box)
    found["layer"].value, found["head"].value = layer, head
    info = _info(box)
    assert "fiveq-error" not in info and f"layer {layer}" in info


def test_a_failing_redraw_shows_one_line_and_the_next_valid_change_works(mae, images, monkeypatch):
    box = widgets.mask_explorer(mae, images)
    found = widgets.controls(box)
    picture = box.children[2].value

    def broken(*args, **kwargs):
        raise RuntimeError("the model broke\nsecond line")

    monkeypatch.setattr(mae, "forward", broken)
    found["mask ratio"].value = 0.5
    assert "fiveq-error" in _info(box) and "second line" not in _info(box)
    assert box.children[2].value == picture                     # the last good picture stays
    monkeypatch.undo()
    found["mask ratio"].value = 0.25
    assert "fiveq-error" not in _info(box) and "25%" in _info(box)


@PROPERTY
@given(image_size=NUMBERS, patch_size=NUMBERS, channels=NUMBERS)
def test_patch_summary_answers_or_refuses_in_one_line(image_size, patch_size, channels):
    try:
        line = widgets.patch_summary(image_size, patch_size, channels)
    except (TypeError, ValueError) as error:
        assert "\n" not in str(error)
        assert any(name in str(error) for name in ("image_size", "patch_size", "channels"))
    else:
        assert "\n" not in line and "-" not in line.split("=")[1]       # no negative patch counts


@PROPERTY
@given(batch=st.integers(1, 3), channels=st.sampled_from([1, 3]), side=st.integers(1, 4), patch=st.integers(1, 4),
       channels_last=st.booleans())
def test_patchify_round_trips_or_refuses_in_one_line(batch, channels, side, patch, channels_last):
    images = torch.rand(batch, channels, side * patch, side * patch)
    given_images = images.permute(0, 2, 3, 1) if channels_last else images
    clearly_channels_last = channels_last and side * patch not in (1, 3, 4)     # else (B, H, W, C) reads as (B, C, H, W)
    try:
        patches = vision.patchify(given_images, patch)
    except ValueError as error:
        assert channels_last and "\n" not in str(error)
        assert "channels-last" in str(error) or not clearly_channels_last
    else:
        assert not clearly_channels_last
        if not channels_last:
            assert torch.equal(vision.unpatchify(patches, patch, channels), images)
