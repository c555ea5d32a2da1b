"""InfoNCE as a lower bound on mutual information, and what false negatives do to it.

For a batch of ``B`` pairs drawn from the joint distribution of (clip, caption), the InfoNCE loss of
*any* scoring function satisfies ``I(audio; text) >= log B - L`` (van den Oord et al., 2018; Poole et al.,
2019). Each direction of the symmetric loss is such a bound, so their mean is one too. The bound can
never exceed ``log B``: the batch size caps what the loss can certify.

A **false negative** is another item in the batch whose caption fits the clip just as well (two
clips of the same kind). The loss still asks the clip to pick its own caption among them, so even a
model that knows every kind perfectly pays about ``log(number of same-kind items)`` per row.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from ..core import checks
from .contrastive import clip_loss


def mutual_information_bound(loss: float, batch: int) -> float:
    """``log(batch) - loss`` in nats: what an InfoNCE loss certifies about ``I(audio; text)``."""
    return math.log(batch) - loss


def _check_embeddings(audio, text, labels):
    if audio.shape != text.shape or audio.ndim != 2:
        raise ValueError(f"audio and text must be matched (n, dim) embeddings of one shape, got "
                         f"{tuple(audio.shape)} and {tuple(text.shape)}")
    if labels is not None and len(labels) != len(audio):
        raise ValueError(f"labels must give one kind per pair: {len(labels)} labels for {len(audio)} pairs")


def random_batches(n: int, batch: int, repeats: int, seed: int = 0) -> list[np.ndarray]:
    """``repeats`` index arrays of ``batch`` distinct pairs out of ``n``, seeded."""
    batch = checks.integer(batch, "batch", 2, n)
    rng = np.random.default_rng(seed)
    return [rng.choice(n, size=batch, replace=False) for _ in range(checks.positive_int(repeats, "repeats"))]


def bound_by_batch_size(audio, text, logit_scale: float, batch_sizes, repeats: int = 20,
                        seed: int = 0) -> dict[int, dict[str, float]]:
    """For each ``B``: mean held-out loss over random batches, ``log B`` and the bound ``log B - loss``.

    ``audio``, ``text``: ``(n, dim)`` unit vectors of ``n`` held-out pairs, encoded once.
    """
    _check_embeddings(audio, text, None)
    out = {}
    for batch in batch_sizes:
        losses = [float(clip_loss(audio[i], text[i], logit_scale))
                  for i in random_batches(len(audio), batch, repeats, seed)]
        loss = sum(losses) / len(losses)
        out[int(batch)] = {"loss": loss, "log_b": math.log(batch), "bound": mutual_information_bound(loss, batch)}
    return out


def directional_losses(logits) -> tuple[float, float]:
    """``(audio -> text, text -> audio)`` cross-entropies of a ``(B, B)`` logit matrix (rows are clips)."""
    targets = torch.arange(len(logits))
    return float(F.cross_entropy(logits, targets)), float(F.cross_entropy(logits.T, targets))


def clip_loss_without_false_negatives(a, b, logit_scale, labels):
    """The symmetric InfoNCE loss with same-kind items removed from each row's and column's negatives."""
    labels = torch.as_tensor(labels)
    same_kind = labels[:, None] == labels[None, :]
    false_negative = same_kind & ~torch.eye(len(labels), dtype=torch.bool)
    logits = (logit_scale * a @ b.T).masked_fill(false_negative, float("-inf"))
    targets = torch.arange(len(labels))
    return (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2


def same_kind_floor(labels) -> float:
    """``mean_i log(n_i)``, ``n_i`` the items of row ``i``'s kind in the batch (itself included).

    The loss of a model that ranks its own kind's captions above all others but cannot tell them
    apart: each row spreads its probability evenly over ``n_i`` captions that all fit.
    """
    _, inverse, counts = np.unique(np.asarray(labels), return_inverse=True, return_counts=True)
    return float(np.log(counts[inverse]).mean())


def false_negative_report(audio, text, logit_scale: float, labels, batch: int, repeats: int = 20,
                          seed: int = 0) -> dict[str, float]:
    """Mean over random held-out batches of size ``batch``: the loss, the loss without same-kind
    negatives, the floor ``mean log n_i``, same-kind items per row, and the probability each clip
    puts on captions of its own kind that are not its own."""
    _check_embeddings(audio, text, labels)
    labels = torch.as_tensor(np.asarray(labels))
    rows = {"loss": [], "loss_without_false_negatives": [], "floor": [], "same_kind_per_row": [],
            "probability_on_false_negatives": []}
    for i in random_batches(len(audio), batch, repeats, seed):
        a, b, y = audio[i], text[i], labels[i]
        rows["loss"].append(float(clip_loss(a, b, logit_scale)))
        rows["loss_without_false_negatives"].append(float(clip_loss_without_false_negatives(a, b, logit_scale, y)))
        rows["floor"].append(same_kind_floor(y.numpy()))
        false_negative = (y[:, None] == y[None, :]) & ~torch.eye(len(y), dtype=torch.bool)
        rows["same_kind_per_row"].append(float(false_negative.sum(1).double().mean()))
        p = torch.softmax(logit_scale * a @ b.T, dim=1)
        rows["probability_on_false_negatives"].append(float((p * false_negative).sum(1).mean()))
    return {k: sum(v) / len(v) for k, v in rows.items()}
