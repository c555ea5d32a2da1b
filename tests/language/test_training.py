"""helpers.language.training: seeded training at equal compute."""

import pytest
import torch

from helpers import language
from helpers.language import training


def test_random_windows_same_seed_same_text(data):
    a = training.random_windows(data.train, 16, 4, torch.Generator().manual_seed(0))
    b = training.random_windows(data.train, 16, 4, torch.Generator().manual_seed(0))
    assert a.shape == (4, 16) and torch.equal(a, b)
    with pytest.raises(ValueError):
        training.random_windows(data.train[:10], 16, 4, torch.Generator())


def test_training_lowers_the_loss_and_is_reproducible(data, models, small):
    bert, gpt = models
    for model in models:
        first, last = sum(model.losses[:5]) / 5, sum(model.losses[-5:]) / 5
        assert last < first - 0.3, (model.name, first, last)
        assert model.train_seconds > 0
    again = language.train_lm("causal", data, small, progress=False)
    assert again.losses == gpt.losses


def test_equal_compute_gives_the_masked_model_more_steps():
    config = language.TinyLMConfig()
    causal, masked = (language.training_flops(k, config, 1000) for k in ("causal", "masked"))
    assert masked < causal  # the output layer runs on 15% of positions only
    steps = language.equal_compute_steps(config, 1000)
    assert steps > config.steps
    assert steps * masked == pytest.approx(config.steps * causal, rel=0.01)
    with pytest.raises(ValueError):
        language.training_flops("encoder", config, 1000)


def test_training_targets_every_next_token_or_the_masked_share():
    config = language.TinyLMConfig()
    assert language.training_targets("causal", config) == 240 * 32 * 31
    assert language.training_targets("masked", config, steps=400) == pytest.approx(400 * 32 * 32 * 0.15)


def test_train_lm_steps_override(data, small):
    model = language.train_lm("masked", data, small, progress=False, steps=7)
    assert len(model.losses) == 7
    with pytest.raises(ValueError):
        language.train_lm("masked", data, small, progress=False, steps=0)


def test_train_lm_rejects_unknown_kind(data, small):
    with pytest.raises(ValueError):
        language.train_lm("bidirectional", data, small)
