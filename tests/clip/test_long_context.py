"""helpers.clip.long_context: Long-CLIP's stretching of the position table, on the real (77, 512) shape."""

import pytest
import torch

from helpers.clip import long_context


def test_stretches_77_to_248_keeping_the_first_20():
    table = torch.randn(77, 512)
    new = long_context.stretch_positions(table)
    assert new.shape == (248, 512)
    assert torch.equal(new[:20], table[:20])
    for k in range(57):  # every old row from 20 on lands on every 4th new row
        assert torch.allclose(new[20 + 4 * k], table[20 + k])


def test_matches_long_clip_reference_loop():
    table = torch.randn(77, 8, dtype=torch.float64)
    keep, n = 20, 77
    ref = torch.zeros(4 * n - 3 * keep, 8, dtype=torch.float64)
    ref[:keep] = table[:keep]
    for i in range(n - 1 - keep):
        for j in range(4):
            ref[4 * i + j + keep] = (4 - j) / 4 * table[i + keep] + j / 4 * table[i + 1 + keep]
    for j in range(4):
        ref[4 * n - 3 * keep - 4 + j] = table[n - 1] + j * (table[n - 1] - table[n - 2]) / 4
    assert torch.allclose(long_context.stretch_positions(table), ref)


def test_bad_arguments():
    with pytest.raises(ValueError, match="2-D"):
        long_context.stretch_positions(torch.zeros(77))
    with pytest.raises(ValueError, match="keep"):
        long_context.stretch_positions(torch.zeros(77, 4), keep=76)
    with pytest.raises(ValueError, match="ratio"):
        long_context.stretch_positions(torch.zeros(77, 4), ratio=0)


def test_attention_cost_ratio():
    assert long_context.attention_cost_ratio(248) == pytest.approx(248**2 / 77**2)
