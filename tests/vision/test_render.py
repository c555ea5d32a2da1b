"""The fast numpy renderers behind the widgets: shapes, colours, PNG bytes."""

import numpy as np
import pytest
import torch

from helpers.vision import render


def test_fast_renderers_shapes_and_colours():
    digit = torch.zeros(1, 8, 8)
    digit[0, 0, 0] = 1.0
    rgb = render.to_rgb_uint8(digit)
    assert rgb.shape == (8, 8, 3) and rgb.dtype == np.uint8
    assert tuple(rgb[0, 0]) == (0, 0, 0) and tuple(rgb[1, 1]) == (255, 255, 255)  # dark ink on white
    mask = torch.zeros(16)
    mask[15] = 1
    painted = render.paint_hidden(rgb, mask)
    assert tuple(painted[7, 7]) == render.HIDDEN_RGB and tuple(painted[0, 7]) == (255, 255, 255)
    assert render.enlarge(rgb, 3).shape == (24, 24, 3)
    grid = render.draw_grid(np.zeros((8, 8, 3), dtype=np.uint8), 4)
    assert grid[4, 1].tolist() == [255, 255, 255] and grid[1, 1].tolist() == [0, 0, 0]
    canvas = render.tile([[rgb, rgb], [rgb]], gap=2)
    assert canvas.shape == (18, 18, 3)
    assert render.to_png(canvas).startswith(b"\x89PNG")
    view = render.patch_view(torch.rand(3, 32, 32), 8)
    assert view.shape[1] >= 32 and view.shape[0] > 32
    with pytest.raises(ValueError, match="not divisible"):
        render.patch_view(torch.rand(3, 32, 32), 5)
    heat = render.heat_overlay(render.enlarge(rgb, 4), torch.rand(4, 4))
    assert heat.shape == (32, 32, 3)
