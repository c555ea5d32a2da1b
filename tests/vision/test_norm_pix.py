import pytest
import torch

from helpers.vision import norm_pix


def test_a_brighter_dimmer_patch_has_the_same_normalised_target_but_not_the_same_pixels():
    torch.manual_seed(0)
    patches = torch.rand(2, 5, 48)
    result = norm_pix.brightness_invariance(patches, scale=0.5, shift=0.2)
    assert result.plain > 0.01
    assert result.normalised < 1e-3


def test_patch_statistics_of_flat_and_textured_images():
    flat = torch.zeros(1, 1, 8, 8)
    flat[..., :4, :] = 1.0  # two flat halves: all variance is between patches, every patch flat
    stats = norm_pix.patch_statistics(flat, 2)
    assert stats.patch_dim == 4 and stats.mean_share == pytest.approx(1.0) and stats.flat_share == 1.0
    checker = (torch.arange(8)[:, None] + torch.arange(8)[None, :]) % 2
    stats = norm_pix.patch_statistics(checker.float().view(1, 1, 8, 8), 2)
    assert stats.mean_share == pytest.approx(0.0) and stats.flat_share == 0.0


def test_report_names_the_set_that_loses_more():
    a = norm_pix.PatchStatistics(2, 4, 0.7, 0.3)
    b = norm_pix.PatchStatistics(16, 768, 0.4, 0.0)
    report = norm_pix.norm_pix_report({"digits": a, "photos": b})
    assert "discards more of the digits (70%" in report and "50.0%" in report


def test_bad_scale_teaches():
    with pytest.raises(ValueError, match="scale"):
        norm_pix.brightness_invariance(torch.rand(1, 2, 4), scale=0)
