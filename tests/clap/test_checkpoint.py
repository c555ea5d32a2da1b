"""The committed tiny-CLAP checkpoints: they load (hash checked), reach issue 11's held-out targets, fail safely."""

import shutil

import pytest

from helpers.clap import captions, checkpoint, evaluation
from helpers.core import checkpoints

TARGETS = {"zero_shot_phrases": 0.85, "zero_shot_ensemble": 0.90}   # held-out clips, held-out wordings


@pytest.fixture(scope="module")
def held_out():
    return checkpoint.held_out_set()


@pytest.fixture(scope="module")
def loaded():
    models = {}
    for name in checkpoint.RECIPES:
        model, message = checkpoint.load_tiny_clap(name)
        assert model is not None, message
        models[name] = model
    return models


def test_frozen_minilm_checkpoint_reaches_the_targets_on_held_out_data(loaded, held_out):
    metrics = checkpoint.held_out_metrics(loaded["tiny_clap"], held_out)
    card = checkpoints.read_card("tiny_clap")
    for name, target in TARGETS.items():
        assert metrics[name] == pytest.approx(card.metrics[name], abs=0.01), name   # the card tells the truth
        assert metrics[name] >= target, f"{name} {metrics[name]:.1%} < {target:.0%}"


def test_pretrained_text_tower_beats_the_scratch_one_on_new_wordings(loaded, held_out):
    prompts = captions.prompts("test")
    accuracy = {name: evaluation.zero_shot(model, held_out, prompts).accuracy for name, model in loaded.items()}
    assert accuracy["tiny_clap"] > accuracy["tiny_clap_scratch"] + 0.2
    assert checkpoints.read_card("tiny_clap_scratch").metrics["zero_shot_phrases"] == pytest.approx(
        accuracy["tiny_clap_scratch"], abs=0.01)


def test_cards_say_what_was_stored_and_how(loaded):
    card = checkpoints.read_card("tiny_clap")
    assert "only the trained parts" in card.recipe["stored"] and "rebuilt from its package" in card.recipe["stored"]
    assert card.recipe["chosen_on"].startswith("validation split") and card.wall_time_s > 0
    assert "frozen before training" in card.data
    assert not any(key.startswith("text_encoder.model") for key in loaded["tiny_clap"].state_dict())  # no MiniLM weights
    weights, _ = checkpoints.paths("tiny_clap")
    sizes = sum(checkpoints.paths(name)[0].stat().st_size for name in checkpoint.RECIPES)
    assert weights.is_file() and sizes < 10 * 2**20


def _copy(tmp_path, name):
    for path in checkpoints.paths(name):
        shutil.copy(path, tmp_path / path.name)
    return checkpoints.paths(name, tmp_path)


def test_a_corrupt_copy_gives_one_line_and_no_model(tmp_path):
    weights, _ = _copy(tmp_path, "tiny_clap")
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(checkpoints.CheckpointError, match="tiny_clap.safetensors is corrupt"):
        checkpoints.load_into(checkpoint.TinyCLAP(checkpoint.TinyCLAPConfig()), "tiny_clap", tmp_path)
    model, message = checkpoint.load_tiny_clap("tiny_clap", folder=tmp_path)
    assert model is None and "\n" not in message
    assert "tiny_clap.safetensors" in message and "make checkpoints" in message and "live model" in message


def test_a_missing_checkpoint_gives_one_line_and_no_model(tmp_path):
    model, message = checkpoint.load_tiny_clap("tiny_clap", folder=tmp_path)
    assert model is None and "tiny_clap.json is missing" in message and "\n" not in message


@pytest.mark.parametrize("name", list(checkpoint.RECIPES))
def test_long_recipe_runs_a_few_steps(name):
    model, card = checkpoint.RECIPES[name](steps=3, progress=False)
    assert card.steps == 3 and card.name == name and card.config["text_tower"] == checkpoint.LONG_RECIPES[name]["text_tower"]
    assert set(card.metrics) >= set(TARGETS) and all(0 <= v <= 1 for v in card.metrics.values())
    assert model.encode_audio(checkpoint.held_out_set(1).waveforms[:2]).shape == (2, model.config.embed_dim)
