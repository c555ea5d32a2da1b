import pytest
import torch

from helpers.vision import patchify, random_masking
from helpers.vision import redundancy as R


def _smooth_images(batch=2, size=32):
    ramp = torch.linspace(0, 1, size)
    image = (ramp[None, :] + ramp[:, None]) / 2
    return image.expand(batch, 3, size, size).clone()


def test_neighbour_fill_copies_a_flat_image_exactly():
    images = torch.full((2, 3, 32, 32), 0.3)
    _, mask, _ = random_masking(patchify(images, 8), 0.5, torch.Generator().manual_seed(0))
    assert torch.allclose(R.neighbour_fill(images, mask, 8), patchify(images, 8))


def test_neighbour_fill_shape_and_keeps_colour_channels_apart():
    images = torch.zeros(1, 3, 16, 16)
    images[:, 0] = 1.0  # red only
    mask = torch.zeros(1, 4)
    mask[0, 0] = 1
    fill = R.neighbour_fill(images, mask, 8).view(1, 4, 64, 3)
    assert fill.shape == (1, 4, 64, 3)
    assert torch.allclose(fill[0, 0, :, 0], torch.ones(64)) and torch.allclose(fill[0, 0, :, 1:], torch.zeros(64, 2))


def test_neighbours_beat_mean_colour_on_a_smooth_image_and_less_so_when_more_is_hidden():
    rows = R.photo_sweep(_smooth_images(), patch_size=4, ratios=(0.15, 0.9))
    gain = [1 - r.errors[R.NEIGHBOURS] / r.errors[R.MEAN_COLOUR] for r in rows]
    assert gain[0] > 0.5 and gain[0] > gain[1]
    assert "removes" in R.redundancy_verdict(rows, 0.15, 0.9)
    assert "Mask" not in R.sweep_report(rows, R.MEAN_COLOUR) and "15%" in R.sweep_report(rows, R.MEAN_COLOUR)


def test_mask_ratio_sweep_with_the_tiny_mae(tmp_path):
    from helpers.vision import DIGITS_MAE, TinyMAE

    torch.manual_seed(0)
    model = TinyMAE(DIGITS_MAE)
    images = torch.rand(6, 1, 8, 8)
    rows = R.mask_ratio_sweep(model, images, torch.rand(10, 1, 8, 8), ratios=(0.25, 0.75))
    assert [r.mask_ratio for r in rows] == [0.25, 0.75]
    assert set(rows[0].errors) == {R.TINY_MAE, R.NEIGHBOURS, R.AVERAGE}
    assert "most accurate at" in R.digits_verdict(rows)
    fig = R.sweep_figure(R.photo_sweep(_smooth_images(), 4, (0.15, 0.75)), rows)
    assert len(fig.axes) == 3


def test_bad_ratios_teach():
    with pytest.raises(ValueError, match="at least one"):
        R.photo_sweep(_smooth_images(), 4, ratios=())
    with pytest.raises(ValueError, match="mask ratio"):
        R.photo_sweep(_smooth_images(), 4, ratios=(1.5,))
