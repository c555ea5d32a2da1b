"""Shared fixtures for the tiny-CLAP tests: a small four-kind set and a model trained on it once."""

import pytest

from helpers.clap import sounds, training

SMALL_KINDS = ["high tone", "low tone", "white noise", "slow clicks"]


@pytest.fixture(scope="session")
def small_sets():
    return (sounds.make_set(16, "train", seed=0, kinds=SMALL_KINDS),
            sounds.make_set(6, "test", seed=1, kinds=SMALL_KINDS))


@pytest.fixture(scope="session")
def trained(small_sets):
    train, _ = small_sets
    return training.train_tiny_clap(train, "minilm", epochs=12, batch_size=16, lr=5e-3, seed=0, progress=False)
