"""Lesson 05's borrowed tiny models: checkpoint or live run, and the two side by side on the same held-out data."""

from types import SimpleNamespace

import pytest
import torch

from helpers import clap, vision
from helpers.encoders import side_by_side

LOG = SimpleNamespace(steps=12, seconds=3.4)


def _trainer(calls):
    def train():
        calls.append(1)
        return "live model", LOG
    return train


def test_live_run_trains_when_live_training_is_on():
    calls = []
    model, log, line = side_by_side.live_run("tiny ViT", True, "checkpoint", _trainer(calls))
    assert (model, log, calls) == ("live model", LOG, [1])
    assert line == "live tiny ViT: 12 steps in 3.4 s on the CPU"


def test_live_run_is_skipped_with_live_training_off_and_a_checkpoint():
    calls = []
    model, log, line = side_by_side.live_run("tiny CLAP", False, "checkpoint", _trainer(calls))
    assert (model, log, calls) == (None, None, [])
    assert line.startswith("LIVE_TRAINING is off: the live tiny CLAP run is skipped") and "\n" not in line


def test_live_run_trains_anyway_when_the_checkpoint_did_not_load():
    calls = []
    model, log, line = side_by_side.live_run("tiny ViT", False, None, _trainer(calls))
    assert (model, calls) == ("live model", [1])
    assert "did not load" in line and "trained anyway (12 steps in 3.4 s" in line and "\n" not in line


def test_chosen_prefers_the_checkpoint_and_names_the_source():
    assert side_by_side.chosen("ckpt", "live") == ("ckpt", side_by_side.CHECKPOINT)
    assert side_by_side.chosen(None, "live") == ("live", side_by_side.LIVE)


@pytest.fixture(scope="module")
def small_digits():
    d = vision.digits_split(test_fraction=0.25, seed=0)
    return vision.training.DigitsSplit(d.train_images[:50], d.train_labels[:50], d.test_images[:40], d.test_labels[:40])


def test_vit_table_has_both_columns_and_says_what_was_not_run(small_digits):
    torch.manual_seed(0)
    model = vision.TinyViT(vision.DIGITS_VIT).eval()
    text = side_by_side.live_vs_checkpoint("tiny ViT", side_by_side.vit_figures, small_digits, "tiny_vit",
                                           model, LOG, None)
    lines = text.splitlines()
    assert "live (this run)" in lines[0] and "checkpoint (make checkpoints)" in lines[0]
    assert [line.split("  ")[0] for line in lines[1:]] == ["trained", "test accuracy", "class token, 1-NN same digit"]
    assert "12 steps, 3 s" in lines[1] and "not run" in lines[1]


def test_clap_figures_are_the_four_figures_the_lesson_uses():
    model = clap.untrained_tiny_clap("scratch", seed=0)
    figures = side_by_side.clap_figures(model, clap.make_set(2, "test", seed=0))
    assert list(figures) == ["audio, 1-NN same kind", "audio → caption, same kind",
                             "audio → its own caption, recall@1", "zero-shot, held-out phrases"]
    assert all(v.endswith("%") for v in figures.values())
