"""The tiny MAE: its loss counts hidden patches only, matches transformers' normalised-pixel loss, and its shapes."""

import pytest
import torch

from helpers import vision
from helpers.vision import mae

SMALL_MAE = vision.TinyMAEConfig(encoder=vision.TinyViTConfig(width=16, depth=1, heads=2), decoder_width=8,
                                 decoder_depth=1, decoder_heads=2)


def test_mae_loss_counts_masked_patches_only():
    target = torch.zeros(1, 4, 3)
    prediction = torch.zeros(1, 4, 3)
    prediction[0, 0] = 10.0  # a huge error on a visible patch...
    prediction[0, 1] = 1.0  # ...and error 1 on a masked one
    mask = torch.tensor([[0.0, 1.0, 1.0, 0.0]])
    assert float(mae.mae_loss(prediction, target, mask)) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="mask"):
        mae.mae_loss(prediction, target, torch.ones(1, 3))


def test_norm_pix_target_matches_transformers():
    from transformers import ViTMAEConfig, ViTMAEForPreTraining

    config = ViTMAEConfig(image_size=16, patch_size=4, num_channels=3, hidden_size=8, num_hidden_layers=1,
                          num_attention_heads=2, intermediate_size=16, decoder_hidden_size=8,
                          decoder_num_hidden_layers=1, decoder_num_attention_heads=2, decoder_intermediate_size=16,
                          norm_pix_loss=True)
    reference = ViTMAEForPreTraining(config).eval()
    pixels = torch.randn(2, 3, 16, 16)
    noise = torch.rand(2, 16, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        out = reference(pixel_values=pixels, noise=noise)
    ours = mae.mae_loss(out.logits, vision.patchify(pixels, 4), out.mask, norm_pix_loss=True)
    torch.testing.assert_close(ours, out.loss)


def test_mae_forward_shapes_and_decoder_sees_every_position():
    torch.manual_seed(0)
    model = vision.TinyMAE(SMALL_MAE)
    out = model(torch.rand(3, 1, 8, 8), generator=torch.Generator().manual_seed(0))
    assert out.prediction.shape == (3, 16, 4)
    assert out.mask.shape == (3, 16) and torch.all(out.mask.sum(1) == 12)
    assert out.loss.ndim == 0 and out.loss.item() > 0
    assert SMALL_MAE.decoder_width < SMALL_MAE.encoder.width


@pytest.mark.parametrize("function", [vision.TinyMAE.forward, vision.TinyMAE.decode, vision.mae_loss])
def test_printed_code_is_the_idea_alone(function):
    import inspect

    body = inspect.getsource(function).split('"""')[-1]
    assert "raise" not in body and len(body.strip().splitlines()) <= 8
