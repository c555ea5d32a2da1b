"""Reconstructions by the tiny MAE and by facebook/vit-mae-base's loading path, and the average-image guess."""

import pytest
import torch

import helpers
from helpers import vision
from helpers.vision import reconstruction

SMALL_MAE = vision.TinyMAEConfig(encoder=vision.TinyViTConfig(width=16, depth=1, heads=2), decoder_width=8,
                                 decoder_depth=1, decoder_heads=2)


def test_reconstruct_keeps_visible_patches_and_fills_the_rest():
    torch.manual_seed(0)
    model = vision.TinyMAE(SMALL_MAE).eval()
    images = torch.rand(4, 1, 8, 8)
    rec = vision.reconstruct(model, images, 0.5, seed=3)
    assert rec.reconstruction.shape == rec.masked.shape == images.shape
    kept = rec.mask == 0
    torch.testing.assert_close(vision.patchify(rec.reconstruction, 2)[kept], vision.patchify(images, 2)[kept])
    assert torch.all(vision.patchify(rec.masked, 2)[~kept] == 0.5)
    again = vision.reconstruct(model, images, 0.5, seed=3)
    torch.testing.assert_close(again.mask, rec.mask)
    assert not torch.equal(vision.reconstruct(model, images, 0.5, seed=4).mask, rec.mask)


@pytest.fixture(scope="module")
def tiny_pretrained_dir(tmp_path_factory):
    from transformers import ViTMAEConfig, ViTMAEForPreTraining

    config = ViTMAEConfig(image_size=32, patch_size=8, num_channels=3, hidden_size=16, num_hidden_layers=1,
                          num_attention_heads=2, intermediate_size=32, decoder_hidden_size=16,
                          decoder_num_hidden_layers=1, decoder_num_attention_heads=2, decoder_intermediate_size=32,
                          mask_ratio=0.75)
    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("vit-mae-tiny")
    ViTMAEForPreTraining(config).save_pretrained(path)
    return path


def test_pretrained_mae_loads_through_try_load(tiny_pretrained_dir):
    weights = helpers.core.pretrained.try_load(helpers.core.pretrained.hf_model, str(tiny_pretrained_dir), "ViTMAEForPreTraining")
    assert weights.available, weights.reason
    assert type(weights.model).__name__ == "ViTMAEForPreTraining"
    missing = helpers.core.pretrained.try_load(helpers.core.pretrained.hf_model, str(tiny_pretrained_dir / "absent"),
                                          "ViTMAEForPreTraining")
    assert not missing.available and "absent" in missing.reason


@pytest.mark.parametrize("ratio, kept", [(0.25, 12), (0.75, 4), (0.9, 1)])
def test_reconstruct_pretrained_at_any_ratio(tiny_pretrained_dir, ratio, kept):
    model = helpers.core.pretrained.hf_model(str(tiny_pretrained_dir), "ViTMAEForPreTraining")
    images = torch.rand(2, 3, 32, 32)
    rec = reconstruction.reconstruct_pretrained(model, images, ratio, seed=0)
    assert rec.reconstruction.shape == images.shape
    assert torch.all((rec.mask == 0).sum(1) == kept)
    assert model.config.mask_ratio == 0.75  # restored after the call
    assert 0 <= float(rec.reconstruction.min()) and float(rec.reconstruction.max()) <= 1
    kept_mask = rec.mask == 0
    torch.testing.assert_close(vision.patchify(rec.reconstruction, 8)[kept_mask], vision.patchify(images, 8)[kept_mask],
                               atol=1e-5, rtol=1e-5)
    with pytest.raises(ValueError, match="expected images"):
        reconstruction.reconstruct_pretrained(model, torch.rand(2, 3, 16, 16), ratio)


def test_average_image_error_scores_the_mean_guess_on_hidden_patches_only():
    train = torch.rand(10, 1, 8, 8)
    average = train.mean(0, keepdim=True)
    images = average.repeat(2, 1, 1, 1)
    images[:, :, :2, :2] += 1.0  # patch 0 differs from the average by exactly 1
    mask = torch.zeros(2, 16)
    rec = reconstruction.Reconstruction(images, images, images, images, mask)
    mask[:, 0] = 1
    assert reconstruction.average_image_error(train, rec, 2) == pytest.approx(1.0)
    mask[:, 0], mask[:, 5] = 0, 1
    assert reconstruction.average_image_error(train, rec, 2) == pytest.approx(0.0, abs=1e-6)


def test_reconstruction_report_compares_with_the_average_guess():
    torch.manual_seed(0)
    model = vision.TinyMAE(SMALL_MAE).eval()
    train = torch.rand(10, 1, 8, 8)
    recs = {r: vision.reconstruct(model, train[:3], r) for r in (0.25, 0.75)}
    lines = reconstruction.reconstruction_report(recs, train, 2).splitlines()
    assert lines[0].startswith("mask 25%: encoder sees 12 of 16 patches")
    assert lines[1].startswith("mask 75%: encoder sees  4 of 16 patches")
    assert all(line.endswith("than that guess)") for line in lines)


@pytest.mark.parametrize("norm_pix_loss", [False, True])
def test_pretrained_error_is_the_models_own_loss_without_peeking(tiny_pretrained_dir, norm_pix_loss):
    model = helpers.core.pretrained.hf_model(str(tiny_pretrained_dir), "ViTMAEForPreTraining")
    model.config.norm_pix_loss = norm_pix_loss
    images = 0.4 + 0.2 * torch.rand(3, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    rec = reconstruction.reconstruct_pretrained(model, images, 0.75, seed=2)
    pixels = reconstruction._imagenet(images)
    noise = torch.rand(3, 16, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        out = model(pixel_values=pixels, noise=noise)
    assert rec.error == pytest.approx(float(out.loss), rel=1e-5)   # transformers' own masked-patch loss
    assert rec.extra["per_image_error"].shape == (3,)
    assert ("norm_pix_loss" in rec.extra["target"]) == norm_pix_loss
    hidden = rec.mask.bool()
    shown = vision.patchify(reconstruction._imagenet(rec.reconstruction), 8)[hidden]
    if norm_pix_loss:   # for display the pattern gets the true patch's mean and spread back
        true = vision.patchify(pixels, 8)
        expected = reconstruction._denormalise_like(out.logits, true)[hidden]
        assert not torch.allclose(shown, out.logits[hidden], atol=1e-3)
    else:
        expected = out.logits[hidden]
    torch.testing.assert_close(shown, expected, atol=1e-4, rtol=1e-4)


def _masked_rec(images, mask, norm_pix_loss=False):
    return reconstruction.Reconstruction(images, images, images, images, mask, extra={"norm_pix_loss": norm_pix_loss})


def test_mean_colour_guess_paints_hidden_patches_with_the_visible_mean():
    images = torch.empty(1, 3, 16, 16)
    images[:, 0], images[:, 1], images[:, 2] = 0.2, 0.5, 0.7
    mask = torch.tensor([[0.0, 1.0, 0.0, 1.0]])       # 2x2 patches of 8; patches 1 and 3 hidden
    assert float(reconstruction.mean_colour_error(_masked_rec(images, mask), 8)[0]) == pytest.approx(0, abs=1e-10)
    hidden = images.clone()
    hidden[:, :, :, 8:] += 0.1                         # the right column (patches 1 and 3) is brighter by 0.1
    expected = float(((0.1 / torch.tensor(reconstruction.IMAGENET_STD)) ** 2).mean())
    assert float(reconstruction.mean_colour_error(_masked_rec(hidden, mask), 8)[0]) == pytest.approx(expected, rel=1e-4)
    textured = torch.tensor(reconstruction.IMAGENET_MEAN).view(1, 3, 1, 1).repeat(1, 1, 16, 16)  # 0 for the model
    textured[:, :, :, 8:] += 0.05 * torch.rand(1, 3, 16, 8, generator=torch.Generator().manual_seed(0))
    d = 8 * 8 * 3                      # a normalised hidden patch has variance (d-1)/d; the guess, all zeros, stays 0
    error = reconstruction.mean_colour_error(_masked_rec(textured, mask, norm_pix_loss=True), 8)
    assert float(error[0]) == pytest.approx((d - 1) / d, rel=1e-3)


def test_pretrained_verdict_names_the_model_and_each_photo(tiny_pretrained_dir):
    model = helpers.core.pretrained.hf_model(str(tiny_pretrained_dir), "ViTMAEForPreTraining")
    rec = reconstruction.reconstruct_pretrained(model, torch.rand(2, 3, 32, 32), 0.75, seed=0)
    line = reconstruction.pretrained_verdict(rec, ["cat", "coffee cup"], "tiny random ViTMAE", 8)
    assert line.startswith("tiny random ViTMAE, 12 of 16 patches hidden, MSE on the hidden patches in ImageNet-normalised")
    assert "cat " in line and "coffee cup " in line and "over the 2 photos" in line
    assert line.endswith("the mean-colour guess here") and ("does not beat" in line) != (" beats " in line)
    assert "\n" not in line
