"""The digits, the one training loop, and the two trainings built on it: seeded, learning, recipes from data/."""

import pytest
import torch

from helpers import vision
from helpers.vision import reconstruction, training

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


def test_random_shift_moves_content_by_at_most_one_pixel():
    images = torch.zeros(64, 1, 8, 8)
    images[:, :, 3:5, 3:5] = 1
    shifted = training.random_shift(images, torch.Generator().manual_seed(0))
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


def test_train_tiny_mae_lowers_the_held_out_loss(small_digits):
    model, log = vision.train_tiny_mae(small_digits, SMALL_MAE, epochs=3, lr=3e-3, progress=False)
    assert len(log.losses) == 3 and len(log.test_loss) == 3
    assert log.test_loss[-1] < reconstruction.held_out_loss(vision.TinyMAE(SMALL_MAE), small_digits.test_images)


def test_recipes_come_from_data_and_changes_override_them():
    assert vision.VIT_RECIPE == vision.Recipe(epochs=12, batch_size=32, lr=5e-3, weight_decay=0.05)
    assert vision.MAE_RECIPE.betas == (0.9, 0.95) and vision.MAE_RECIPE.batch_size == 16
    with pytest.raises(TypeError, match="epoch"):
        vision.train_tiny_vit(None, epoch=3)  # a misspelt recipe field is refused before any work


def test_one_loop_logs_what_each_training_measures(small_digits):
    recipe = vision.Recipe(epochs=2, batch_size=64, lr=3e-3)
    _, vit_log = vision.train_tiny_vit(small_digits, SMALL, recipe, progress=False)
    _, mae_log = vision.train_tiny_mae(small_digits, SMALL_MAE, recipe, progress=False)
    assert (vit_log.steps, mae_log.steps) == (2 * 4, 2 * 4)  # 256 images in batches of 64
    assert len(vit_log.test_accuracy) == 2 and not vit_log.test_loss
    assert len(mae_log.test_loss) == 2 and not mae_log.test_accuracy
