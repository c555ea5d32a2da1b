"""Reading a ViT: the class token's attention as a distribution over the grid, and the two feature pools."""

import pytest
import torch

from helpers import vision

SMALL = vision.TinyViTConfig(width=16, depth=1, heads=2, learned_positions=True)


def test_class_token_attention_is_a_distribution_over_the_grid():
    encoder = vision.ViTEncoder(SMALL)
    maps = vision.class_token_attention(encoder, torch.rand(3, 1, 8, 8), layer=0, head=1)
    assert maps.shape == (3, 4, 4)
    torch.testing.assert_close(maps.sum((1, 2)), torch.ones(3))
    with pytest.raises(ValueError, match="layer"):
        vision.class_token_attention(encoder, torch.rand(1, 1, 8, 8), layer=5)
    with pytest.raises(ValueError, match="head"):
        vision.class_token_attention(encoder, torch.rand(1, 1, 8, 8), head=2)


def test_encoder_features_pools():
    encoder = vision.ViTEncoder(SMALL)
    images = torch.rand(5, 1, 8, 8)
    hidden = encoder(images).hidden
    torch.testing.assert_close(vision.encoder_features(encoder, images, "cls"), hidden[:, 0])
    torch.testing.assert_close(vision.encoder_features(encoder, images, "mean"), hidden[:, 1:].mean(1))
    with pytest.raises(ValueError, match="pool"):
        vision.encoder_features(encoder, images, "max")
