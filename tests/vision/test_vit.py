"""The tiny ViT: encoder shapes with and without masking, the class-token head, ViT-B/16's size, fixed positions."""

import torch
import pytest

from helpers import vision
from helpers.core.probes import parameter_count

SMALL = vision.TinyViTConfig(width=16, depth=1, heads=2, learned_positions=True)


def test_encoder_shapes_with_and_without_masking():
    encoder = vision.ViTEncoder(SMALL)
    images = torch.rand(3, 1, 8, 8)
    full = encoder(images)
    assert full.hidden.shape == (3, 17, 16)
    assert torch.all(full.mask == 0)
    masked = encoder(images, mask_ratio=0.75, generator=torch.Generator().manual_seed(0))
    assert masked.hidden.shape == (3, 1 + 4, 16)  # the encoder runs on the visible quarter only
    assert masked.mask.sum().item() == 3 * 12
    out = encoder(images, return_attention=True)
    assert len(out.attentions) == 1 and out.attentions[0].shape == (3, 2, 17, 17)
    torch.testing.assert_close(out.attentions[0].sum(-1), torch.ones(3, 2, 17))
    torch.testing.assert_close(out.hidden, full.hidden)  # explicit attention equals the fused kernel


def test_head_reads_only_the_class_token():
    torch.manual_seed(0)
    model = vision.TinyViT(SMALL).eval()
    images = torch.rand(2, 1, 8, 8)
    hidden = model.encoder(images).hidden
    torch.testing.assert_close(model(images), model.head(hidden[:, 0]))


def test_vit_b16_shape_counts_like_transformers():
    import transformers

    with torch.device("meta"):
        ours = vision.ViTEncoder(vision.VIT_B16)
        theirs = transformers.ViTModel(transformers.ViTConfig(), add_pooling_layer=False)
    assert parameter_count(ours) == parameter_count(theirs) == 85_798_656


def test_sincos_table_is_fixed_and_distinct_per_position():
    table = vision.sincos_position_table(4, 16)
    assert table.shape == (17, 16)
    assert torch.all(table[0] == 0)
    assert torch.unique(table[1:], dim=0).shape[0] == 16
    with pytest.raises(ValueError, match="divisible by 4"):
        vision.sincos_position_table(4, 10)
