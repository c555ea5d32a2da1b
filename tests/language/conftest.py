"""Shared fixtures for lesson 02's tests: a small slice of Lady Susan and a tiny BERT and GPT trained on it."""

import pytest

from helpers import language
from helpers.core import corpora

SMALL = language.TinyLMConfig(d_model=32, n_layer=1, n_head=2, block_size=16, batch_size=8, steps=25, lr=3e-3,
                              warmup_steps=3)


@pytest.fixture(scope="session")
def small():
    """A config small enough to train in about a second."""
    return SMALL


@pytest.fixture(scope="session")
def data():
    return language.prepare_text(" ".join(corpora.austen().split()[:4000]), held_out=0.2)


@pytest.fixture(scope="session")
def models(data, small):
    return (language.train_lm("masked", data, small, progress=False),
            language.train_lm("causal", data, small, progress=False))
