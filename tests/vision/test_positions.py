import pytest
import torch

from helpers.vision import positions


def test_vit_b16_from_224_to_384_matches_transformers():
    from transformers.models.vit import modeling_vit
    from transformers import ViTConfig

    torch.manual_seed(0)
    embeddings = modeling_vit.ViTEmbeddings(ViTConfig()).eval()
    table = embeddings.position_embeddings.detach()[0]
    assert table.shape == (197, 768)
    ours = positions.interpolate_position_table(table, 24)
    assert ours.shape == (577, 768)
    theirs = embeddings.interpolate_pos_encoding(torch.zeros(1, 577, 768), 384, 384)[0]
    assert torch.allclose(ours, theirs, atol=1e-5)
    assert torch.equal(ours[0], table[0])


def test_a_table_that_varies_slowly_keeps_its_corners():
    ramp = torch.linspace(0, 1, 4)
    grid = (ramp[:, None] + ramp[None, :]).reshape(16, 1).repeat(1, 8)
    table = torch.cat([torch.full((1, 8), 9.0), grid])
    out = positions.interpolate_position_table(table, 8)
    assert out.shape == (65, 8) and torch.equal(out[0], table[0])
    assert out[1, 0] < out[-1, 0]


def test_bad_tables_teach():
    with pytest.raises(ValueError, match="square grid"):
        positions.interpolate_position_table(torch.zeros(11, 4), 4)
    with pytest.raises(ValueError, match="new_side"):
        positions.interpolate_position_table(torch.zeros(17, 4), 0)


def test_resolution_report_names_the_real_shapes():
    report = positions.resolution_report()
    assert "14 × 14" in report and "(197, 768)" in report and "24 × 24" in report and "(577, 768)" in report
