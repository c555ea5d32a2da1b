"""Real photos as float images: grayscale, RGBA, uint8 and channels-last in, (B, C, H, W) in [0, 1] out."""

import numpy as np
import pytest
import torch

from helpers import vision


def test_as_image_batch_converts_gray_rgba_and_uint8():
    gray_u8 = np.full((6, 4), 255, dtype=np.uint8)
    x = vision.as_image_batch(gray_u8)
    assert x.shape == (1, 1, 6, 4) and x.dtype == torch.float32 and float(x.max()) == 1.0
    rgba = np.zeros((5, 5, 4), dtype=np.uint8)
    rgba[..., 0] = 51
    y = vision.as_image_batch(rgba)
    assert y.shape == (1, 3, 5, 5)
    assert torch.allclose(y[0, 0], torch.full((5, 5), 0.2))
    z = vision.to_rgb(gray_u8)
    assert z.shape == (1, 3, 6, 4)
    chw = torch.rand(3, 8, 8)
    torch.testing.assert_close(vision.as_image_batch(chw)[0], chw)
    with pytest.raises(ValueError, match="channels"):
        vision.as_image_batch(torch.zeros(1, 2, 8, 8))


def test_load_photo_is_a_square_rgb_float_image():
    photo = vision.load_photo("camera", 64)  # camera is grayscale in scikit-image: converted, not rejected
    assert photo.shape == (3, 64, 64) and photo.dtype == torch.float32
    assert 0 <= float(photo.min()) and float(photo.max()) <= 1
    assert torch.equal(photo[0], photo[1])
    astronaut = vision.load_photo("astronaut", 224)
    assert vision.patchify(astronaut[None], 16).shape == (1, 196, 768)
    with pytest.raises(ValueError, match="must be one of"):
        vision.load_photo("lena")


def test_every_photo_has_a_caption_from_data():
    assert vision.PHOTOS[:2] == ("astronaut", "chelsea")
    assert vision.PHOTO_CAPTIONS["chelsea"] == "cat"
    assert set(vision.PHOTO_CAPTIONS) == set(vision.PHOTOS)
