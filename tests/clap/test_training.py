"""helpers.clap.training: seeded training that learns, and its argument checks."""

import numpy as np
import pytest
import torch

from helpers.clap import tiny_clap, training


def test_training_lowers_the_loss_and_is_seeded(small_sets, trained):
    train, _ = small_sets
    model, history = trained
    assert isinstance(model, tiny_clap.TinyCLAP) and not model.training
    assert history.steps == 12 * (len(train) // 16) == len(history.losses)
    assert 0 < history.cpu_seconds and 0 < history.seconds
    assert np.mean(history.losses[-4:]) < 0.6 * np.mean(history.losses[:4])
    assert all(1.0 <= s <= 100.0 for s in history.logit_scales)
    assert history.logit_scales[0] == pytest.approx(1 / 0.07, rel=0.05)
    again, history2 = training.train_tiny_clap(train, "minilm", epochs=1, batch_size=16, lr=5e-3, seed=0, progress=False)
    once, history3 = training.train_tiny_clap(train, "minilm", epochs=1, batch_size=16, lr=5e-3, seed=0, progress=False)
    assert history2.losses == history3.losses
    assert torch.equal(again.encode_audio(train.waveforms[:2]), once.encode_audio(train.waveforms[:2]))


def test_untrained_model_is_seeded():
    a, b = training.untrained_tiny_clap("minilm", seed=0), training.untrained_tiny_clap("minilm", seed=0)
    c = training.untrained_tiny_clap("minilm", seed=1)
    mel = torch.randn(2, 1, 64, 151, generator=torch.Generator().manual_seed(0))
    assert torch.equal(a.encode_audio_features(mel), b.encode_audio_features(mel))
    assert not torch.equal(a.encode_audio_features(mel), c.encode_audio_features(mel))


def test_bad_arguments(small_sets):
    train, _ = small_sets
    with pytest.raises(ValueError, match="text_tower"):
        training.train_tiny_clap(train, "gpt", epochs=1)
    with pytest.raises(ValueError, match="at least 2"):
        training.train_tiny_clap(train.subset(np.arange(1)), "minilm", epochs=1)


def test_history_summary_reports_the_run():
    history = training.History("minilm", losses=[4.2] + [1.0] * 10, logit_scales=[14.3, 15.0], seconds=2.0,
                               cpu_seconds=1.5, steps=11)
    assert history.summary() == ("minilm   text tower: 11 steps in 2.0 s (1.5 s of CPU), loss 4.20 → 1.00, "
                                 "logit scale 14.3 → 15.0")
