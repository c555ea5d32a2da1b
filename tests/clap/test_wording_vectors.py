"""The stored MiniLM vectors of the frozen wordings: what MiniLM computes, used only for those texts."""

import json
import shutil

import torch

from helpers.clap import wording_vectors as W
from helpers.clap.tiny_clap import MINILM_CACHE
from helpers.core import checkpoints, minilm


def test_stored_vectors_are_minilms_own_for_the_frozen_wordings():
    texts = W.frozen_wordings()
    store = W.WordingVectors(len(texts))
    card = checkpoints.load_into(store, W.NAME)
    assert card.config["texts_sha256"] == W.texts_sha256(texts) and card.config["texts"] == len(texts) > 660
    sample = [0, len(texts) // 2, len(texts) - 1]
    computed = minilm.embed([texts[i] for i in sample]).cpu()
    assert torch.allclose(store.vectors[sample], computed, atol=1e-4)


def test_prefill_fills_the_cache_and_refuses_other_texts(tmp_path):
    for path in checkpoints.paths(W.NAME):
        shutil.copy(path, tmp_path / path.name)
    card_path = checkpoints.paths(W.NAME, tmp_path)[1]
    card = json.loads(card_path.read_text())
    card["config"]["texts_sha256"] = "0" * 64
    card_path.write_text(json.dumps(card))
    message = W.prefill(tmp_path)
    assert "other texts" in message and "make checkpoints" in message and "\n" not in message
    message = W.prefill()
    assert message.startswith("MiniLM's vectors of the") and W.frozen_wordings()[5] in MINILM_CACHE.vectors


def test_compute_runs_on_a_few_texts():
    store, card = W.compute(steps=3, progress=False)
    assert store.vectors.shape == (3, 384) and card.config["texts"] == 3
    assert torch.allclose(store.vectors.norm(dim=1), torch.ones(3), atol=1e-4)
