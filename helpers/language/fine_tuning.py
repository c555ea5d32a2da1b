"""How BERT is fine-tuned: a small head on the encoder's output, then every weight trained on the task.

Two heads cover most of BERT's paper: ``ClassificationHead`` reads the final ``[CLS]`` vector (through a
pooler: dense ``d → d`` and tanh) and gives one logit per class, for sentence and sentence-pair tasks;
``SpanHead`` gives every position a start and an end logit, for extractive question answering (the
answer is the span ``i..j`` that maximises ``start[i] + end[j]``). ``head_shapes`` runs both on an
encoder's hidden states and reports every shape on the way.
"""

from __future__ import annotations

import torch
from torch import nn

from ..core import checks
from ..core.probes import parameter_count
from ..core.runtime import cpu_threads


class ClassificationHead(nn.Module):
    """Final ``[CLS]`` vector ``(B, d)`` → pooler (dense, tanh) → logits ``(B, n_classes)``."""

    def __init__(self, d: int, n_classes: int):
        super().__init__()
        self.pool = nn.Linear(d, d)
        self.out = nn.Linear(d, n_classes)

    def forward(self, hidden):
        """``hidden``: the encoder's last layer ``(B, T, d)``; position 0 holds ``[CLS]``."""
        return self.out(torch.tanh(self.pool(hidden[:, 0])))


class SpanHead(nn.Module):
    """One linear layer ``d → 2``: a start logit and an end logit for every position, ``(B, T)`` each."""

    def __init__(self, d: int):
        super().__init__()
        self.qa = nn.Linear(d, 2)

    def forward(self, hidden):
        start, end = self.qa(hidden).unbind(-1)
        return start, end


def best_span(start, end, first: int = 0, max_length: int = 30) -> tuple[int, int]:
    """The span ``(i, j)`` with ``first <= i <= j < i + max_length`` that maximises ``start[i] + end[j]`` (1-D logits)."""
    start, end = torch.as_tensor(start), torch.as_tensor(end)
    if start.ndim != 1 or start.shape != end.shape:
        raise ValueError(f"start and end must be 1-D logits of one length, got {tuple(start.shape)} and {tuple(end.shape)}")
    first = checks.integer(first, "first", minimum=0, maximum=len(start) - 1)
    max_length = checks.positive_int(max_length, "max_length")
    scores = start[:, None] + end[None, :]                     # scores[i, j] = start[i] + end[j]
    i, j = torch.meshgrid(torch.arange(len(start)), torch.arange(len(end)), indexing="ij")
    allowed = (i >= first) & (j >= i) & (j < i + max_length)
    best = int(scores.masked_fill(~allowed, float("-inf")).argmax())
    return divmod(best, len(end))


def head_shapes(hidden, n_classes: int = 2, first: int = 0, seed: int = 0) -> list[str]:
    """Lines that trace both heads over ``hidden`` ``(1, T, d)`` (fresh heads, seeded: untrained, shapes only)."""
    if not isinstance(hidden, torch.Tensor) or hidden.ndim != 3 or hidden.shape[0] != 1:
        raise ValueError(f"hidden must be a tensor (1, T, d), got {getattr(hidden, 'shape', type(hidden).__name__)}")
    n_classes = checks.integer(n_classes, "n_classes", minimum=2)
    d = hidden.shape[-1]
    torch.manual_seed(seed)
    classify, span = ClassificationHead(d, n_classes), SpanHead(d)
    with torch.no_grad(), cpu_threads(1):
        logits = classify(hidden)
        start, end = span(hidden)
    i, j = best_span(start[0], end[0], first=first)
    return [f"encoder output, last layer        {tuple(hidden.shape)}   (batch, positions, width)",
            f"classification: [CLS] vector      {tuple(hidden[:, 0].shape)} -> pooler (dense + tanh) {tuple(hidden[:, 0].shape)}"
            f" -> logits {tuple(logits.shape)}   head: {parameter_count(classify):,} parameters",
            f"question answering: start logits  {tuple(start.shape)}, end logits {tuple(end.shape)}"
            f"   head: {parameter_count(span):,} parameters",
            f"  best span from position {first} on: tokens {i}..{j} (an untrained head: the position is arbitrary)"]
