"""Lesson 03's public helpers refuse bad input with one line that names the argument (issue 15).

Each case is ``(call, expected exception, the argument's name)``: the message must be one line and
name the argument. Below the table, edge inputs that must work (a batch of one, one-pixel patches,
numpy and torch scalars for numbers, channels-last photos through ``as_image_batch``).
"""

import numpy as np
import pytest
import torch

from refusals import assert_refused
from helpers import vision
from helpers.vision import norm_pix, patches, render, widgets

IMAGES = torch.zeros(2, 3, 8, 8)
TOKENS = torch.zeros(2, 16, 4)
NAN = float("nan")


def _case(call, error, name, id):
    return pytest.param(call, error, name, id=id)


CASES = [
    _case(lambda: vision.patchify(torch.zeros(1, 8, 8, 4), 4), ValueError, "images", "patchify-channels-last-batch"),
    _case(lambda: vision.patchify(torch.zeros(8, 8, 3), 4), ValueError, "images", "patchify-channels-last-image"),
    _case(lambda: vision.patchify(torch.zeros(3, 8, 8), 4), ValueError, "images", "patchify-no-batch-axis"),
    _case(lambda: vision.patchify(IMAGES, 0), ValueError, "patch_size", "patchify-zero-patch"),
    _case(lambda: vision.patchify(IMAGES, -2), ValueError, "patch_size", "patchify-negative-patch"),
    _case(lambda: vision.patchify(IMAGES, 3), ValueError, "patch_size", "patchify-patch-not-dividing"),
    _case(lambda: vision.patchify(IMAGES, 2.5), TypeError, "patch_size", "patchify-float-patch"),
    _case(lambda: vision.patchify(IMAGES, True), TypeError, "patch_size", "patchify-bool-patch"),
    _case(lambda: vision.patchify("a picture", 4), TypeError, "images", "patchify-str-images"),
    _case(lambda: vision.patchify([[0.0]], 4), TypeError, "images", "patchify-list-images"),
    _case(lambda: vision.patchify(np.array([["a"]], dtype=object), 4), TypeError, "images", "patchify-object-array"),
    _case(lambda: vision.unpatchify(torch.zeros(1, 4, 12), 2, 0), ValueError, "channels", "unpatchify-zero-channels"),
    _case(lambda: vision.unpatchify(torch.zeros(1, 3, 12), 2, 3), ValueError, "patches", "unpatchify-not-square"),
    _case(lambda: vision.unpatchify(torch.zeros(4, 12), 2), ValueError, "patches", "unpatchify-2d"),
    _case(lambda: vision.unpatchify(torch.zeros(1, 4, 13), 2), ValueError, "patch_dim", "unpatchify-wrong-dim"),
    _case(lambda: vision.grid_shape(-224, 16), ValueError, "image_size", "grid-negative-size"),
    _case(lambda: vision.grid_shape(0, 16), ValueError, "image_size", "grid-zero-size"),
    _case(lambda: vision.grid_shape(224, 0), ValueError, "patch_size", "grid-zero-patch"),
    _case(lambda: vision.grid_shape(224, 15), ValueError, "patch_size", "grid-not-dividing"),
    _case(lambda: vision.grid_shape("224", 16), TypeError, "image_size", "grid-str-size"),
    _case(lambda: vision.sequence_length(-32, 16), ValueError, "image_size", "sequence-negative"),
    _case(lambda: vision.keep_count(196, 1.0), ValueError, "mask_ratio", "keep-ratio-one"),
    _case(lambda: vision.keep_count(196, -0.1), ValueError, "mask_ratio", "keep-ratio-negative"),
    _case(lambda: vision.keep_count(196, "half"), TypeError, "mask_ratio", "keep-ratio-str"),
    _case(lambda: vision.keep_count(196, NAN), ValueError, "mask_ratio", "keep-ratio-nan"),
    _case(lambda: vision.keep_count(-5, 0.5), ValueError, "num_patches", "keep-negative-patches"),
    _case(lambda: vision.keep_count(2.5, 0.5), TypeError, "num_patches", "keep-float-patches"),
    _case(lambda: vision.random_masking(TOKENS, 1.5), ValueError, "mask_ratio", "masking-ratio-above-one"),
    _case(lambda: vision.random_masking(torch.zeros(16, 4), 0.5), ValueError, "tokens", "masking-2d-tokens"),
    _case(lambda: vision.random_masking("tokens", 0.5), TypeError, "tokens", "masking-str-tokens"),
    _case(lambda: vision.restore_order(torch.zeros(2, 4), torch.zeros(2, 16, dtype=torch.long), torch.zeros(4)),
          ValueError, "visible", "restore-2d-visible"),
    _case(lambda: vision.restore_order(torch.zeros(2, 4, 4), torch.zeros(2, 3, dtype=torch.long), torch.zeros(4)),
          ValueError, "ids_restore", "restore-short-ids"),
    _case(lambda: vision.restore_order(torch.zeros(2, 4, 4), torch.zeros(2, 16, dtype=torch.long), torch.zeros(3)),
          ValueError, "fill", "restore-wrong-fill"),
    _case(lambda: vision.as_image_batch(torch.zeros(2, 2, 2, 2, 2)), ValueError, "images", "batch-5d"),
    _case(lambda: vision.as_image_batch(torch.zeros(1, 2, 8, 8)), ValueError, "images", "batch-two-channels"),
    _case(lambda: vision.as_image_batch("photo.png"), TypeError, "images", "batch-str"),
    _case(lambda: vision.as_image_batch(torch.zeros(0, 3, 8, 8)), ValueError, "images", "batch-empty"),
    _case(lambda: vision.to_rgb(None), TypeError, "images", "rgb-none"),
    _case(lambda: vision.masked_image(IMAGES, torch.zeros(2, 4), 4, fill="grey"), TypeError, "fill", "masked-fill-str"),
    _case(lambda: vision.masked_image(IMAGES, torch.zeros(2, 5), 4), ValueError, "mask", "masked-wrong-mask"),
    _case(lambda: vision.load_photo("dog"), ValueError, "name", "photo-unknown"),
    _case(lambda: vision.load_photo("astronaut", 4), ValueError, "size", "photo-tiny"),
    _case(lambda: vision.load_photo("astronaut", 32.0), TypeError, "size", "photo-float-size"),
    _case(lambda: vision.sincos_position_table(0, 8), ValueError, "side", "sincos-zero-side"),
    _case(lambda: vision.sincos_position_table(4, 6), ValueError, "width", "sincos-width-not-4k"),
    _case(lambda: vision.sincos_position_table(4, 8, temperature=0), ValueError, "temperature", "sincos-temperature"),
    _case(lambda: vision.interpolate_position_table(torch.zeros(17, 8), 0), ValueError, "new_side", "interp-zero"),
    _case(lambda: vision.interpolate_position_table("table", 4), TypeError, "table", "interp-str-table"),
    _case(lambda: vision.interpolate_position_table(torch.zeros(18, 8), 4), ValueError, "table", "interp-not-square"),
    _case(lambda: vision.TinyViTConfig(image_size=8, patch_size=3), ValueError, "patch_size", "vit-config-patch"),
    _case(lambda: vision.TinyViTConfig(image_size=-8, patch_size=2), ValueError, "image_size", "vit-config-size"),
    _case(lambda: vision.TinyViTConfig(width=30, heads=4), ValueError, "heads", "vit-config-heads"),
    _case(lambda: vision.mae_loss(torch.zeros(2, 4, 3), torch.zeros(2, 4, 4), torch.zeros(2, 4)), ValueError,
          "prediction", "mae-loss-shapes"),
    _case(lambda: vision.mae_loss(torch.zeros(2, 4, 3), torch.zeros(2, 4, 3), torch.zeros(2, 5)), ValueError, "mask",
          "mae-loss-mask"),
    _case(lambda: vision.normalise_patches(torch.zeros(1, 4, 12), eps=-1), ValueError, "eps", "normalise-eps"),
    _case(lambda: vision.brightness_invariance(torch.rand(1, 4, 12), scale=0), ValueError, "scale", "invariance-scale"),
    _case(lambda: vision.patch_statistics(IMAGES, 0), ValueError, "patch_size", "statistics-patch"),
    _case(lambda: norm_pix.patch_statistics(IMAGES, 4, flat_std=-1), ValueError, "flat_std", "statistics-flat-std"),
    _case(lambda: vision.resolution_report(patch_size=0), ValueError, "patch_size", "resolution-patch"),
    _case(lambda: vision.resolution_report(image_sizes=(224, 100)), ValueError, "image_size", "resolution-size"),
    _case(lambda: vision.digits_split(test_fraction=1.5), ValueError, "test_fraction", "digits-fraction"),
    _case(lambda: vision.digits_split(seed="zero"), TypeError, "seed", "digits-seed"),
    _case(lambda: vision.compare(0.5, 0.6, 0), ValueError, "n", "compare-n"),
    _case(lambda: vision.compare("high", 0.6, 100), TypeError, "a", "compare-a"),
    _case(lambda: widgets.patch_summary(224, 0), ValueError, "patch_size", "summary-patch"),
    _case(lambda: widgets.patch_summary(-224, 16), ValueError, "image_size", "summary-size"),
    _case(lambda: widgets.patch_summary(224, 16, channels=0), ValueError, "channels", "summary-channels"),
    _case(lambda: patches.masked_image(IMAGES, "mask", 4), TypeError, "mask", "masked-str-mask"),
    _case(lambda: vision.neighbour_fill(torch.zeros(1, 3, 32, 32), torch.zeros(1, 5), 16), ValueError, "mask",
          "neighbour-fill-mask"),
    _case(lambda: vision.mean_colour_fill(torch.zeros(1, 3, 32, 32), torch.zeros(4), 16), ValueError, "mask",
          "mean-fill-mask"),
    _case(lambda: vision.accuracy(vision.TinyViT(), torch.zeros(2, 1, 8, 8), torch.zeros(3)), ValueError, "labels",
          "accuracy-labels"),
    _case(lambda: vision.predict(vision.TinyViT(), "digits"), TypeError, "images", "predict-str"),
    _case(lambda: render.patch_view(torch.rand(3, 32, 32), 8, scale=0), ValueError, "scale", "render-scale"),
    _case(lambda: render.patch_view(torch.rand(3, 32, 32), 8, sequence_shown=-1), ValueError, "sequence_shown",
          "render-sequence"),
    _case(lambda: render.to_png("picture"), TypeError, "rgb", "render-png-str"),
    _case(lambda: render.tile([], gap=3), ValueError, "rows", "render-tile-empty"),
    _case(lambda: render.heat_overlay(np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4)), alpha=2), ValueError, "alpha",
          "render-alpha"),
    _case(lambda: vision.predict(vision.TinyViT(), torch.zeros(2, 1, 8, 8), batch_size=0), ValueError, "batch_size",
          "predict-batch"),
]


@pytest.mark.parametrize("call, error, name", CASES)
def test_bad_input_is_refused_in_one_line_that_names_the_argument(call, error, name):
    assert_refused(call, error, name)


def test_widget_factories_refuse_bad_starting_values(photo, mae, images):
    with pytest.raises(ValueError, match="initial"):
        widgets.patch_size_explorer(photo, initial=7)
    with pytest.raises(ValueError, match="initial_ratio"):
        widgets.mask_explorer(mae, images, initial_ratio=1.5)
    with pytest.raises(TypeError, match="seed"):
        widgets.mask_explorer(mae, images, seed=0.5)


# --- edge inputs that must work -------------------------------------------------------------------------------

def test_a_batch_of_one_and_one_pixel_patches_round_trip():
    image = torch.rand(1, 3, 4, 4)
    p = vision.patchify(image, 1)
    assert p.shape == (1, 16, 3)
    assert torch.equal(vision.unpatchify(p, 1, 3), image)


@pytest.mark.parametrize("scalar", [np.int64(4), torch.tensor(4), np.int32(4)])
def test_numpy_and_torch_integers_count_as_numbers(scalar):
    assert vision.patchify(IMAGES, scalar).shape == (2, 4, 48)
    assert vision.grid_shape(np.int64(224), scalar) == (56, 56)
    assert vision.keep_count(np.int64(196), np.float32(0.75)) == 49
    assert vision.sequence_length(torch.tensor(224), scalar) == 56 * 56 + 1


def test_channels_last_photos_are_read_as_channels_last_by_as_image_batch():
    hwc = np.random.default_rng(0).random((8, 8, 3)).astype(np.float32)
    batch = vision.as_image_batch(hwc)
    assert batch.shape == (1, 3, 8, 8) and np.allclose(batch[0].permute(1, 2, 0).numpy(), hwc)
    rgba = torch.rand(1, 8, 8, 4)
    assert vision.as_image_batch(rgba).shape == (1, 3, 8, 8)
    assert vision.patchify(vision.as_image_batch(rgba), 4).shape == (1, 4, 48)


def test_masking_keeps_one_patch_of_a_batch_of_one():
    visible, mask, ids = vision.random_masking(torch.rand(1, 1, 4), 0.0)
    assert visible.shape == (1, 1, 4) and mask.sum() == 0
    restored = vision.restore_order(visible, ids, torch.zeros(4))
    assert restored.shape == (1, 1, 4)


def test_numpy_and_torch_scalars_as_seeds_and_config_sizes(mae, images):
    config = vision.TinyViTConfig(image_size=np.int64(8), patch_size=torch.tensor(2), width=np.int64(16), heads=2)
    assert config == vision.TinyViTConfig(image_size=8, patch_size=2, width=16, heads=2)
    assert type(config.patch_size) is int
    a = vision.reconstruct(mae, images, np.float32(0.5), seed=np.int64(1))
    b = vision.reconstruct(mae, images, 0.5, seed=1)
    assert a.error == pytest.approx(b.error)
    with pytest.raises(TypeError, match="seed"):
        vision.reconstruct(mae, images, 0.5, seed=1.5)
