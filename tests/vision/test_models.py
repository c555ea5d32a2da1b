"""The tiny ViT, the tiny MAE, their training loops, the probe, and facebook/vit-mae-base's loading path."""

import math

import pytest
import torch

import helpers
from helpers.vision import mae as mae_lib
from helpers import vision
from helpers.vision import tiny_vit
from helpers.vision.probe import ProbeResult, linear_probe, probe_table

SMALL = vision.TinyViTConfig(width=16, depth=1, heads=2, learned_positions=True)
SMALL_MAE = vision.TinyMAEConfig(encoder=vision.TinyViTConfig(width=16, depth=1, heads=2), decoder_width=8,
                                 decoder_depth=1, decoder_heads=2)


@pytest.fixture(scope="module")
def digits():
    return vision.digits_split()


@pytest.fixture(scope="module")
def small_digits(digits):
    return vision.DigitsSplit(digits.train_images[:256], digits.train_labels[:256],
                              digits.test_images[:128], digits.test_labels[:128])


def test_digits_split_is_real_stratified_and_fixed(digits):
    assert len(digits.train_labels) + len(digits.test_labels) == 1797
    assert digits.train_images.shape[1:] == (1, 8, 8)
    assert 0 <= float(digits.train_images.min()) and float(digits.train_images.max()) == 1.0
    assert set(digits.test_labels.tolist()) == set(range(10))
    again = vision.digits_split()
    assert torch.equal(again.test_labels, digits.test_labels)
    with pytest.raises(ValueError, match="test_fraction"):
        vision.digits_split(test_fraction=1.5)


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
    assert tiny_vit.parameter_count(ours) == tiny_vit.parameter_count(theirs) == 85_798_656


def test_sincos_table_is_fixed_and_distinct_per_position():
    table = tiny_vit.sincos_position_table(4, 16)
    assert table.shape == (17, 16)
    assert torch.all(table[0] == 0)
    assert torch.unique(table[1:], dim=0).shape[0] == 16
    with pytest.raises(ValueError, match="divisible by 4"):
        tiny_vit.sincos_position_table(4, 10)


def test_random_shift_moves_content_by_at_most_one_pixel():
    images = torch.zeros(64, 1, 8, 8)
    images[:, :, 3:5, 3:5] = 1
    shifted = tiny_vit.random_shift(images, torch.Generator().manual_seed(0))
    assert shifted.shape == images.shape
    assert torch.all(shifted.sum((1, 2, 3)) == 4)
    rows = shifted.sum((1, 3)).argmax(-1)
    assert set(rows.tolist()) <= {2, 3, 4} and len(set(rows.tolist())) > 1


def test_train_tiny_vit_learns_and_is_seeded(small_digits):
    config = vision.TinyViTConfig(width=32, depth=1, heads=2)
    model, log = vision.train_tiny_vit(small_digits, config, epochs=6, batch_size=16, lr=5e-3, progress=False)
    assert log.epochs == 6 and len(log.losses) == 6 and len(log.test_accuracy) == 6
    assert log.losses[-1] < log.losses[0]
    assert vision.accuracy(model, small_digits.test_images, small_digits.test_labels) > 0.3  # chance is 0.1
    again, _ = vision.train_tiny_vit(small_digits, config, epochs=6, batch_size=16, lr=5e-3, progress=False)
    for a, b in zip(model.state_dict().values(), again.state_dict().values()):
        torch.testing.assert_close(a, b)


def test_fine_tuning_starts_from_a_copy_of_the_given_encoder(small_digits):
    encoder = vision.ViTEncoder(SMALL)
    before = {k: v.clone() for k, v in encoder.state_dict().items()}
    model, _ = vision.train_tiny_vit(small_digits, SMALL, epochs=1, encoder=encoder, progress=False)
    for k, v in encoder.state_dict().items():
        torch.testing.assert_close(v, before[k])  # the pre-trained encoder is left untouched
    assert model.encoder is not encoder


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


# ---------------------------------------------------------------- MAE


def test_mae_loss_counts_masked_patches_only():
    target = torch.zeros(1, 4, 3)
    prediction = torch.zeros(1, 4, 3)
    prediction[0, 0] = 10.0  # a huge error on a visible patch...
    prediction[0, 1] = 1.0  # ...and error 1 on a masked one
    mask = torch.tensor([[0.0, 1.0, 1.0, 0.0]])
    assert float(mae_lib.mae_loss(prediction, target, mask)) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="mask"):
        mae_lib.mae_loss(prediction, target, torch.ones(1, 3))


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
    ours = mae_lib.mae_loss(out.logits, vision.patchify(pixels, 4), out.mask, norm_pix_loss=True)
    torch.testing.assert_close(ours, out.loss)


def test_mae_forward_shapes_and_decoder_sees_every_position():
    torch.manual_seed(0)
    model = vision.TinyMAE(SMALL_MAE)
    out = model(torch.rand(3, 1, 8, 8), generator=torch.Generator().manual_seed(0))
    assert out.prediction.shape == (3, 16, 4)
    assert out.mask.shape == (3, 16) and torch.all(out.mask.sum(1) == 12)
    assert out.loss.ndim == 0 and out.loss.item() > 0
    assert SMALL_MAE.decoder_width < SMALL_MAE.encoder.width


def test_train_tiny_mae_lowers_the_held_out_loss(small_digits):
    model, log = vision.train_tiny_mae(small_digits, SMALL_MAE, epochs=3, lr=3e-3, progress=False)
    assert len(log.losses) == 3 and len(log.test_loss) == 3
    assert log.test_loss[-1] < mae_lib.held_out_loss(vision.TinyMAE(SMALL_MAE), small_digits.test_images)


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


def test_encoder_cost_counts_fewer_flops_on_the_visible_quarter():
    config = vision.TinyViTConfig(image_size=32, patch_size=4, channels=3, width=32, depth=2, heads=2)
    full = vision.encoder_cost(config, 0.0, repeats=1)
    masked = vision.encoder_cost(config, 0.75, repeats=1)
    assert (full.tokens, masked.tokens) == (65, 17)
    assert full.flops / masked.flops > 3.5
    assert masked.seconds > 0


# ---------------------------------------------------------------- probe


def test_linear_probe_separates_separable_features_and_checks_shapes():
    generator = torch.Generator().manual_seed(0)
    labels = torch.arange(200) % 2
    features = torch.randn(200, 5, generator=generator) + 4 * labels[:, None]
    assert linear_probe(features[:100], labels[:100], features[100:], labels[100:]) == 1.0
    noise = torch.randn(200, 5, generator=generator)
    assert linear_probe(noise[:100], labels[:100], noise[100:], labels[100:]) < 0.75
    with pytest.raises(ValueError, match="one d"):
        linear_probe(features[:100], labels[:100], features[100:, :3], labels[100:])
    with pytest.raises(ValueError, match="length"):
        linear_probe(features[:100], labels[:90], features[100:], labels[100:])
    table = probe_table([ProbeResult("a", "x", 0.5), ProbeResult("b", "y", 0.9)])
    assert table.splitlines()[1].startswith("b")


# ---------------------------------------------------------------- facebook/vit-mae-base's loading path


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
    rec = mae_lib.reconstruct_pretrained(model, images, ratio, seed=0)
    assert rec.reconstruction.shape == images.shape
    assert torch.all((rec.mask == 0).sum(1) == kept)
    assert model.config.mask_ratio == 0.75  # restored after the call
    assert 0 <= float(rec.reconstruction.min()) and float(rec.reconstruction.max()) <= 1
    kept_mask = rec.mask == 0
    torch.testing.assert_close(vision.patchify(rec.reconstruction, 8)[kept_mask], vision.patchify(images, 8)[kept_mask],
                               atol=1e-5, rtol=1e-5)
    with pytest.raises(ValueError, match="expected images"):
        mae_lib.reconstruct_pretrained(model, torch.rand(2, 3, 16, 16), ratio)


def test_average_image_error_scores_the_mean_guess_on_hidden_patches_only():
    train = torch.rand(10, 1, 8, 8)
    average = train.mean(0, keepdim=True)
    images = average.repeat(2, 1, 1, 1)
    images[:, :, :2, :2] += 1.0  # patch 0 differs from the average by exactly 1
    mask = torch.zeros(2, 16)
    rec = mae_lib.Reconstruction(images, images, images, images, mask)
    mask[:, 0] = 1
    assert mae_lib.average_image_error(train, rec, 2) == pytest.approx(1.0)
    mask[:, 0], mask[:, 5] = 0, 1
    assert mae_lib.average_image_error(train, rec, 2) == pytest.approx(0.0, abs=1e-6)


def test_encoder_cost_can_time_a_given_encoder():
    config = vision.TinyViTConfig(width=16, depth=1, heads=2)
    encoder = vision.ViTEncoder(config)
    encoder.train()
    cost = vision.encoder_cost(config, 0.5, repeats=2, encoder=encoder)
    assert cost.tokens == 9 and cost.seconds > 0 and not encoder.training
    untimed = vision.encoder_cost(config, 0.5, repeats=0)
    assert math.isnan(untimed.seconds) and untimed.flops == cost.flops
