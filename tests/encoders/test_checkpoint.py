"""The committed miniature-LLaVA captioner: it loads (hash and ViT checked), its card tells the truth, it fails safely."""

import json
import shutil

import pytest
import torch

from helpers import vision
from helpers.core import checkpoints
from helpers.encoders import CaptionVocab, patch_tokens, side_by_side
from helpers.encoders import checkpoint as C


@pytest.fixture(scope="module")
def held_out():
    vit, message = vision.load_tiny_vit()
    assert vit is not None, message
    digits = vision.digits_split(test_fraction=0.25, seed=0)
    return CaptionVocab(), patch_tokens(vit.encoder, digits.test_images), digits.test_labels


@pytest.fixture(scope="module")
def captioner():
    model, message = C.load_captioner()
    assert model is not None, message
    return model


def test_checkpoint_captions_held_out_digits_and_the_card_tells_the_truth(captioner, held_out):
    metrics = C.captioner_metrics(captioner, *held_out)
    card = checkpoints.read_card(C.NAME)
    for name, value in metrics.items():
        assert value == pytest.approx(card.metrics[name], abs=0.01), name
    assert metrics["caption_accuracy_after"] >= 0.7 > 0.2 >= metrics["caption_accuracy_before"]
    assert metrics["caption_loss_after"] < metrics["caption_loss_before"] / 2
    assert card.recipe["vit_sha256"] == checkpoints.read_card("tiny_vit").sha256


def test_only_the_projector_is_trainable_and_the_twin_shares_the_frozen_lm(captioner):
    trainable = {n for n, p in captioner.named_parameters() if p.requires_grad}
    assert trainable and all(n.startswith("projector.") for n in trainable)
    twin = C.untrained_twin(captioner)
    assert twin.lm is captioner.lm
    assert not torch.equal(twin.projector[0].weight, captioner.projector[0].weight)
    assert torch.equal(C.untrained_twin(captioner).projector[0].weight, twin.projector[0].weight)   # seeded


def test_table_measures_each_model_once_and_names_the_source(captioner, held_out):
    text, measured = side_by_side.captioner_table(held_out, checkpoint=captioner)
    assert set(measured) == {side_by_side.CHECKPOINT}
    assert f"{measured[side_by_side.CHECKPOINT]['caption_accuracy_after']:.1%}" in text and "not run" in text


def _copy(tmp_path, *names):
    for name in names:
        for path in checkpoints.paths(name):
            shutil.copy(path, tmp_path / path.name)


def test_corrupt_file_or_another_vit_gives_one_line(tmp_path):
    _copy(tmp_path, C.NAME, C.VIT)
    weights, card_path = checkpoints.paths(C.NAME, tmp_path)
    model, message = C.load_captioner(tmp_path)
    assert model is not None, message
    card = json.loads(card_path.read_text())
    card["recipe"]["vit_sha256"] = "0" * 64
    card_path.write_text(json.dumps(card))
    model, message = C.load_captioner(tmp_path)
    assert model is None and "another tiny ViT" in message and "\n" not in message
    shutil.copy(checkpoints.paths(C.NAME)[1], card_path)
    weights.write_bytes(weights.read_bytes()[:-8] + b"\0" * 8)
    model, message = C.load_captioner(tmp_path)
    assert model is None and "corrupt" in message and "make checkpoints" in message and "\n" not in message


def test_long_recipe_runs_a_few_steps():
    model, card = C.train(steps=3, progress=False)
    assert card.steps == 6 and set(card.metrics) >= {"caption_accuracy_after", "caption_loss_after"}
    assert card.config["visual_width"] == 64 and card.recipe["lm_steps"] == 3
