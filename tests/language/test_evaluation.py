"""helpers.language.evaluation: both tiny models scored on the same held-out targets."""

import math

import pytest
import torch

from helpers import language
from helpers.language import evaluation


def test_compare_held_out(models, data):
    bert, gpt = models
    c = language.compare_held_out(bert, gpt, data, n_windows=6, positions=[1, 5, 15])
    assert c.positions == [1, 5, 15] and c.n_targets == 6
    for reader in evaluation.READERS:
        assert 0 <= c.accuracy(reader) <= 1
        assert len(c.accuracy_by_position(reader)) == 3
        assert 1 < c.perplexity(reader) < 10 * len(data.vocab)
    with pytest.raises(ValueError):
        language.compare_held_out(gpt, bert, data)
    with pytest.raises(ValueError):
        language.compare_held_out(bert, gpt, data, positions=[0, 3])


def test_compare_held_out_gpt_matches_its_own_loss(models, data):
    # the GPT column must be exactly next-token cross-entropy computed another way
    bert, gpt = models
    c = language.compare_held_out(bert, gpt, data, n_windows=4, positions=[3])
    windows = evaluation.held_out_windows(data, 16, 4)
    logits = gpt.logits(windows)[:, 2]
    expected = float(torch.nn.functional.cross_entropy(logits, windows[:, 3]))
    assert math.log(c.perplexity("gpt")) == pytest.approx(expected, rel=1e-5)


def test_unigram_perplexity_is_between_one_and_vocab(data):
    assert 1 < language.unigram_perplexity(data) < len(data.vocab)


def test_compare_held_out_scores_one_model_alone(models, data):
    bert, gpt = models
    both = language.compare_held_out(bert, gpt, data, n_windows=4, positions=[3, 7])
    alone = language.compare_held_out(None, gpt, data, n_windows=4, positions=[3, 7])
    assert set(alone.correct) == {"gpt"} and alone.perplexity("gpt") == pytest.approx(both.perplexity("gpt"))
    assert set(language.compare_held_out(bert, None, data, n_windows=4, positions=[3]).correct) == {"bert_both", "bert_left"}
    short = language.compare_held_out(bert, gpt, data, n_windows=4, positions=[3], context=8)
    assert short.accuracy("gpt") >= 0


def test_side_by_side_names_every_column(models, data):
    bert, gpt = models
    c = language.compare_held_out(bert, gpt, data, n_windows=4, positions=[3])
    table = language.side_by_side({"live": None, "checkpoint": (c, bert, gpt)})
    assert "skipped" in table and "checkpoint" in table and f"{c.accuracy('gpt'):.1%}" in table
