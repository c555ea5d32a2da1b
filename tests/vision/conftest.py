"""Small models and real inputs shared by the figure and widget tests of lesson 03."""

import pytest
import torch

from helpers import vision

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
