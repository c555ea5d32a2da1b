"""Lesson 03's committed checkpoints reach the issue's figures on the held-out digits; loading is checked."""

import shutil

import pytest
import torch

from helpers import vision
from helpers.core import checkpoints
from helpers.vision import checkpoint, comparison, reconstruction, side_by_side


@pytest.fixture(scope="module")
def digits():
    return vision.digits_split()


@pytest.fixture(scope="module")
def vit():
    model, message = vision.load_tiny_vit()
    assert model is not None, message
    return model


@pytest.fixture(scope="module")
def mae():
    model, message = vision.load_tiny_mae()
    assert model is not None, message
    return model


def test_the_tiny_vit_checkpoint_stays_at_97_percent_or_better(vit, digits):
    accuracy = vision.accuracy(vit, digits.test_images, digits.test_labels)
    assert accuracy >= 0.97
    assert accuracy == pytest.approx(checkpoints.read_card("tiny_vit").metrics["test_accuracy"], abs=1e-6)


def test_the_tiny_mae_fills_in_held_out_digits_far_better_than_the_average_digit(mae, digits):
    rec = vision.reconstruct(mae, digits.test_images, 0.75, seed=vision.HELD_OUT_SEED)
    guess = vision.average_image_error(digits.train_images, rec, mae.config.encoder.patch_size)
    assert rec.error <= 0.75 * guess
    assert rec.error == pytest.approx(checkpoints.read_card("tiny_mae").metrics["masked_mse"], rel=1e-4)
    assert "target ≤ 0.75×: met" in vision.target_verdict(mae, digits, "checkpoint")


def test_a_linear_probe_on_the_mae_beats_the_untrained_encoder_beyond_two_standard_errors(mae, digits):
    torch.manual_seed(0)
    rows = comparison.linear_probes(digits, {comparison.MAE: mae.encoder,
                                             comparison.UNTRAINED: vision.ViTEncoder(mae.config.encoder)})
    best = {name: max(r.accuracy for r in rows if r.features == name) for name in (comparison.MAE, comparison.UNTRAINED)}
    assert comparison.compare(best[comparison.MAE], best[comparison.UNTRAINED], len(digits.test_labels)) == "higher"


def test_fine_tuning_the_mae_encoder_beats_the_same_schedule_from_scratch(mae, digits):
    finetuned, scratch = vision.finetune_rows(mae.encoder, digits, progress=False)
    assert finetuned.features == comparison.MAE and scratch.features == comparison.SCRATCH
    assert finetuned.accuracy > scratch.accuracy


def test_the_checkpoints_are_small_and_their_cards_say_how_they_were_made():
    total = 0
    for name in checkpoint.RECIPES:
        weights, _ = checkpoints.paths(name)
        total += weights.stat().st_size
        card = checkpoints.read_card(name)
        assert card.steps > 0 and card.wall_time_s > 0 and "digits" in card.data and len(card.sha256) == 64
    assert total < 8 * 2**20


def _copy(name, folder):
    for path in checkpoints.paths(name):
        shutil.copy(path, folder / path.name)
    return checkpoints.paths(name, folder)


def test_a_corrupt_checkpoint_gives_one_line_and_the_lesson_goes_on(tmp_path):
    weights, _ = _copy("tiny_mae", tmp_path)
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(checkpoints.CheckpointError, match="corrupt"):
        checkpoints.load_into(vision.TinyMAE(vision.DIGITS_MAE), "tiny_mae", tmp_path)
    model, message = vision.load_tiny_mae(tmp_path)
    assert model is None and "\n" not in message
    assert "tiny_mae.safetensors" in message and "make checkpoints" in message and "live model" in message


def test_a_missing_checkpoint_or_one_for_another_model_gives_one_line(tmp_path):
    model, message = vision.load_tiny_vit(tmp_path)
    assert model is None and "missing" in message and "\n" not in message
    _copy("tiny_vit", tmp_path)
    (tmp_path / "tiny_mae.json").write_text((tmp_path / "tiny_vit.json").read_text())
    model, message = vision.load_tiny_mae(tmp_path)
    assert model is None and "make checkpoints" in message and "\n" not in message


@pytest.mark.parametrize("name", sorted(checkpoint.RECIPES))
def test_each_long_recipe_runs_for_a_few_steps_and_saves_a_loadable_checkpoint(name, tmp_path):
    model, card = checkpoint.RECIPES[name](steps=2, progress=False)
    assert card.name == name and card.steps == 2 and card.metrics
    checkpoints.save(model, card, tmp_path)
    loaded, message = getattr(vision, f"load_{name}")(tmp_path)
    assert loaded is not None, message
    for a, b in zip(model.state_dict().values(), loaded.state_dict().values()):
        assert torch.equal(a, b)


def test_the_side_by_side_table_says_when_a_model_was_not_run(vit, digits):
    table = side_by_side.live_vs_checkpoint("tiny_vit", digits, None, None, vit)
    assert "not run" in table and "test accuracy" in table and side_by_side.CHECKPOINT_COLUMN in table
    assert vision.checkpoint_or_live(None, None, lambda: "trained") == "trained"
    assert vision.checkpoint_or_live(None, "live", lambda: "trained") == "live"


def test_with_live_training_off_the_fine_tuning_figures_come_from_the_card():
    finetuned, scratch = vision.finetune_rows_from_card()
    metrics = checkpoints.read_card("tiny_mae").metrics
    assert finetuned.accuracy == metrics["finetuned_accuracy"] and "(card)" in finetuned.readout
    assert scratch.features == comparison.SCRATCH and finetuned.accuracy > scratch.accuracy


def test_the_tiny_vit_reads_the_digit_back_from_most_mae_reconstructions(vit, mae, digits):
    read = reconstruction.recognition({"checkpoint": mae, "missing": None}, vit, digits)
    reconstructed, average = read["the checkpoint MAE's reconstructions"], read["the average-digit fill"]
    assert reconstructed >= 0.6 and reconstructed >= average + 0.3 and len(read) == 3
    assert "from the average-digit fill" in vision.recognition_report({"checkpoint": mae}, vit, digits)
