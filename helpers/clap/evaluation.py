"""Judging a trained tiny CLAP: zero-shot classification, retrieval recall, and captions ranked for one clip.

Nothing here trains: every function encodes clips and texts with a model and compares them in
the shared space (cosine similarity of unit vectors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..core import checks
from .audio import prepare
from .contrastive import recall_at_k
from .tiny_clap import check_captions


def similarity_matrix(model, waveforms, captions):
    """Cosine similarities ``(n_clips, n_captions)`` between clips (waveforms or a SoundSet) and captions."""
    return model.encode_audio(waveforms) @ model.encode_text(list(captions)).T


def class_embeddings(model, prompts: dict[str, list[str]]):
    """One unit vector per class ``(n_classes, dim)``: the normalised mean of its prompts' embeddings."""
    rows = [model.encode_text(list(p)).mean(0) for p in prompts.values()]
    return F.normalize(torch.stack(rows), dim=-1)


@dataclass
class ZeroShot:
    """Zero-shot classification result: accuracy and per-clip predicted class indices."""

    accuracy: float
    predictions: np.ndarray
    labels: np.ndarray
    class_names: list[str]

    def confusion(self) -> np.ndarray:
        """``(classes, classes)`` counts: row = true class, column = predicted class."""
        k = len(self.class_names)
        m = np.zeros((k, k), dtype=int)
        np.add.at(m, (self.labels, self.predictions), 1)
        return m


def zero_shot(model, sound_set, prompts: dict[str, list[str]], audio_embeddings=None) -> ZeroShot:
    """Classify each clip of ``sound_set`` as the class whose prompts are closest; no training on them.

    ``audio_embeddings`` ``(n, dim)``: the clips already encoded by ``model`` (saves recomputing them).
    """
    names = list(prompts)
    missing = set(sound_set.kinds) - set(names)
    if missing:
        raise ValueError(f"no prompts for kinds {sorted(missing)}")
    if audio_embeddings is None:
        audio_embeddings = model.encode_audio(sound_set)
    scores = audio_embeddings @ class_embeddings(model, prompts).T
    predictions = scores.argmax(dim=1).numpy()
    labels = np.array([names.index(k) for k in sound_set.kinds])
    return ZeroShot(float((predictions == labels).mean()), predictions, labels, names)


def prompt_accuracy(model, sound_set, prompts: dict[str, list[str]]) -> list[tuple[str, str, float]]:
    """How well each single prompt works: ``[(kind, prompt, accuracy on that kind's clips)]``.

    For each prompt, its kind is represented by that prompt alone (the other kinds keep all their
    prompts), and the accuracy is the fraction of that kind's clips classified correctly.
    """
    kinds = np.array(sound_set.kinds)
    audio = model.encode_audio(sound_set)
    out = []
    for kind, phrases in prompts.items():
        index = np.flatnonzero(kinds == kind)
        clips = sound_set.subset(index)
        for phrase in phrases:
            result = zero_shot(model, clips, {k: ([phrase] if k == kind else v) for k, v in prompts.items()},
                               audio_embeddings=audio[index])
            out.append((kind, phrase, result.accuracy))
    return out


def nearest_phrases(queries, candidates) -> list[tuple[str, str, float]]:
    """For each query, the candidate MiniLM finds most similar: ``[(query, nearest, cosine)]``.

    Shows what the frozen text tower brings before any training: which training wording a new
    wording sits closest to.
    """
    from .tiny_clap import MINILM_CACHE   # the same unit vectors as minilm.embed, each computed once

    queries, candidates = checks.texts(queries, "queries"), checks.texts(candidates, "candidates")
    q, c = MINILM_CACHE(queries), MINILM_CACHE(candidates)
    sims = q @ c.T
    best = sims.argmax(dim=1)
    return [(queries[i], candidates[int(best[i])], float(sims[i, best[i]])) for i in range(len(queries))]


def retrieval(model, sound_set, ks=(1, 5)) -> dict[str, float]:
    """Recall@k both ways on ``sound_set``'s own (clip, caption) pairs: ``{"audio→text R@1": ...}``."""
    s = similarity_matrix(model, sound_set, sound_set.captions)
    out = {}
    for k in ks:
        out[f"audio→text R@{k}"] = recall_at_k(s, k)
        out[f"text→audio R@{k}"] = recall_at_k(s.T, k)
    return out


def rank_captions(model, waveform, sample_rate_hz: int, captions) -> list[tuple[str, float]]:
    """Candidate ``captions`` ranked for one clip: ``[(caption, probability)]``, best first.

    Probabilities are the softmax of the model's scaled similarities over the candidates. The clip
    is converted to the model's rate and to mono if needed; duplicate captions are an error.
    """
    captions = check_captions(captions)
    wave = prepare(waveform, sample_rate_hz, model.sample_rate_hz)
    sims = (model.encode_audio(wave[None]) @ model.encode_text(captions).T)[0]
    probs = torch.softmax(model.logit_scale * sims, dim=0).numpy()
    order = np.argsort(-probs, kind="stable")
    return [(captions[i], float(probs[i])) for i in order]
