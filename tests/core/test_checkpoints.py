"""helpers.core.checkpoints: a file the loader refuses is one line that names it."""

import json
import pickle

import pytest
import torch

from helpers.core import checkpoints


def _card(name: str, sha: str = "") -> checkpoints.Card:
    return checkpoints.Card(name=name, model="linear", config={}, recipe={}, seed=0, steps=1, data="none",
                            wall_time_s=0.0, metrics={}, sha256=sha)


def test_save_and_load_round_trip(tmp_path):
    model = torch.nn.Linear(3, 2)
    checkpoints.save(model, _card("lin"), tmp_path)
    other = torch.nn.Linear(3, 2)
    checkpoints.load_into(other, "lin", tmp_path)
    assert torch.equal(other.weight, model.weight)


def test_a_pickle_posing_as_a_checkpoint_is_refused_in_one_line(tmp_path):
    weights, card_path = checkpoints.paths("evil", tmp_path)
    weights.write_bytes(pickle.dumps({"weight": [1, 2, 3]}))
    card = _card("evil", checkpoints._sha256(weights))    # even with a matching hash
    card_path.write_text(json.dumps(card.__dict__))
    with pytest.raises(checkpoints.CheckpointError, match="evil.safetensors is not a safetensors file") as info:
        checkpoints.load_into(torch.nn.Linear(3, 2), "evil", tmp_path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", '{"name": "x"}', "\x00\x01"])
def test_an_unreadable_card_is_one_line(tmp_path, content):
    _, card_path = checkpoints.paths("bad", tmp_path)
    card_path.write_text(content)
    with pytest.raises(checkpoints.CheckpointError, match="bad.json is unreadable") as info:
        checkpoints.read_card("bad", tmp_path)
    assert "\n" not in str(info.value)


def test_a_checkpoint_for_another_shape_is_one_line(tmp_path):
    checkpoints.save(torch.nn.Linear(3, 2), _card("lin"), tmp_path)
    with pytest.raises(checkpoints.CheckpointError, match="lin.safetensors does not fit the model") as info:
        checkpoints.load_into(torch.nn.Linear(4, 2), "lin", tmp_path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("name, folder, error", [(5, None, TypeError), ("x", 3.5, TypeError)])
def test_bad_names_and_folders(name, folder, error):
    with pytest.raises(error, match="name|folder"):
        checkpoints.paths(name, folder)
