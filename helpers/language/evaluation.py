"""Comparing the tiny BERT and the tiny GPT on text neither has seen.

On evenly spaced held-out windows, every chosen position is predicted by three readers: the tiny
BERT with both sides, the same BERT with everything right of the mask cut off, and the tiny GPT
(left side only, by construction). ``unigram_perplexity`` is the bar a model must clear to use context at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .language_model import LanguageModel
from .vocab import TextData

READERS = ("bert_both", "bert_left", "gpt")


def held_out_windows(data: TextData, block_size: int, n_windows: int):
    """``(n, block_size)`` evenly spaced, non-overlapping windows of the held-out text."""
    n = min(n_windows, len(data.test) // block_size)
    if n < 1:
        raise ValueError(f"held-out text has {len(data.test)} tokens, fewer than one window of {block_size}")
    stride = len(data.test) // n
    return torch.stack([data.test[i * stride:i * stride + block_size] for i in range(n)])


@dataclass
class HeldOutComparison:
    """Masked-word accuracy and next-token NLL on held-out windows, by position in the window.

    ``positions``: the predicted positions (position i has i tokens to its left and
    ``block_size - 1 - i`` to its right). Per position, arrays over the three readers:
    ``bert_both`` (masked LM, both sides), ``bert_left`` (masked LM, right side cut off),
    ``gpt`` (causal LM, left side by construction). ``word_*``: correct top-1 among whole-word
    targets (counts); ``n_words``: number of whole-word targets; ``nll_*``: summed NLL over all targets.
    """

    positions: list[int]
    n_words: list[int]
    correct: dict
    nll: dict
    n_targets: int

    def accuracy(self, reader: str, positions=None) -> float:
        keep = [i for i, p in enumerate(self.positions) if positions is None or p in positions]
        return sum(self.correct[reader][i] for i in keep) / max(1, sum(self.n_words[i] for i in keep))

    def accuracy_by_position(self, reader: str) -> list[float]:
        return [c / max(1, n) for c, n in zip(self.correct[reader], self.n_words)]

    def perplexity(self, reader: str) -> float:
        return math.exp(sum(self.nll[reader]) / (self.n_targets * len(self.positions)))


def _whole_words(windows, vocab):
    """Bool ``(n, T)``: the token starts a word and is not followed by a ``##`` continuation."""
    nxt = torch.cat([windows[:, 1:], torch.zeros(len(windows), 1, dtype=torch.long)], 1)
    continues = torch.tensor([[vocab.pieces[int(t)].startswith("##") for t in row] for row in nxt])
    return vocab.word_starts()[windows] & ~continues


def compare_held_out(bert: LanguageModel, gpt: LanguageModel, data: TextData, n_windows: int = 48,
                     positions=None) -> HeldOutComparison:
    """Score both tiny models on the same held-out targets (see ``HeldOutComparison``)."""
    if bert.kind != "masked" or gpt.kind != "causal":
        raise ValueError("expected a masked LM then a causal LM")
    T = min(bert.n_ctx, gpt.n_ctx)
    windows = held_out_windows(data, T, n_windows)
    positions = list(positions or range(1, T, 4))
    if min(positions) < 1 or max(positions) >= T:
        raise ValueError(f"positions must lie in [1, {T - 1}]")
    word = data.vocab.word_starts()
    whole = _whole_words(windows, data.vocab)
    gpt_logits = gpt.logits(windows)  # one pass: position i-1 predicts token i
    correct = {r: [] for r in READERS}
    nll = {r: [] for r in READERS}
    n_words = []
    for i in positions:
        target = windows[:, i]
        both = windows.clone()
        both[:, i] = bert.mask_id
        left = torch.cat([windows[:, :i], torch.full((len(windows), 1), bert.mask_id)], 1)
        scores = {"bert_both": bert.logits(both)[:, i], "bert_left": bert.logits(left)[:, i],
                  "gpt": gpt_logits[:, i - 1]}
        n_words.append(int(whole[:, i].sum()))
        for r, logits in scores.items():
            nll[r].append(float(F.cross_entropy(logits, target, reduction="sum")))
            guess = logits.masked_fill(~word, float("-inf")).argmax(-1)
            correct[r].append(int(((guess == target) & whole[:, i]).sum()))
    return HeldOutComparison(positions, n_words, correct, nll, len(windows))


def unigram_perplexity(data: TextData) -> float:
    """Perplexity on ``data.test`` of a model that knows only how often each piece occurs in
    ``data.train`` (add-one smoothed): the baseline a language model must beat to use context at all."""
    counts = torch.bincount(data.train, minlength=len(data.vocab)).float() + 1
    logp = torch.log(counts / counts.sum())
    return math.exp(-float(logp[data.test].mean()))
