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

from ..core import checks
from .language_model import LanguageModel
from .vocab import TextData

READERS = ("bert_both", "bert_left", "gpt")
# the lesson's held-out measure, for the live models and the checkpoints alike: the same windows, the same targets
LESSON_WINDOWS = {"n_windows": 80, "context": 32, "positions": range(1, 32, 3)}


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


def compare_held_out(bert: LanguageModel | None, gpt: LanguageModel | None, data: TextData, n_windows: int = 48,
                     positions=None, context: int | None = None) -> HeldOutComparison:
    """Score both tiny models on the same held-out targets (see ``HeldOutComparison``); either may be
    ``None`` to score one model alone (its readers only). Windows hold ``context`` tokens (default:
    the shorter model context), so models with different contexts can be scored on the same windows."""
    for name, lm, kind in (("bert", bert, "masked"), ("gpt", gpt, "causal")):
        if lm is not None and not isinstance(lm, LanguageModel):
            raise TypeError(f"{name} must be a LanguageModel or None, got {type(lm).__name__}")
        if lm is not None and lm.kind != kind:
            raise ValueError(f"{name} must be a {kind} LM, got the {lm.kind} {lm.name}")
    if bert is None and gpt is None:
        raise ValueError("bert and gpt are both None; pass at least one model to score")
    if not isinstance(data, TextData):
        raise TypeError(f"data must be a TextData (prepare_text() or novels_data()), got {type(data).__name__}")
    n_windows = checks.positive_int(n_windows, "n_windows")
    context = None if context is None else checks.integer(context, "context", minimum=2)
    T = min([lm.n_ctx for lm in (bert, gpt) if lm is not None] + ([context] if context else []))
    windows = held_out_windows(data, T, n_windows)
    positions = list(positions or range(1, T, 4))
    if min(positions) < 1 or max(positions) >= T:
        raise ValueError(f"positions must lie in [1, {T - 1}]")
    word = data.vocab.word_starts()
    whole = _whole_words(windows, data.vocab)
    gpt_logits = gpt.logits(windows) if gpt is not None else None  # one pass: position i-1 predicts token i
    readers = [r for r in READERS if (bert if r.startswith("bert") else gpt) is not None]
    correct = {r: [] for r in readers}
    nll = {r: [] for r in readers}
    n_words = []
    for i in positions:
        target = windows[:, i]
        scores = {"gpt": gpt_logits[:, i - 1]} if gpt is not None else {}
        if bert is not None:
            both = windows.clone()
            both[:, i] = bert.mask_id
            left = torch.cat([windows[:, :i], torch.full((len(windows), 1), bert.mask_id)], 1)
            scores.update(bert_both=bert.logits_at(both, i), bert_left=bert.logits_at(left, i))
        n_words.append(int(whole[:, i].sum()))
        for r, logits in scores.items():
            nll[r].append(float(F.cross_entropy(logits, target, reduction="sum")))
            guess = logits.masked_fill(~word, float("-inf")).argmax(-1)
            correct[r].append(int(((guess == target) & whole[:, i]).sum()))
    return HeldOutComparison(positions, n_words, correct, nll, len(windows))


def unigram_perplexity(data: TextData) -> float:
    """Perplexity on ``data.test`` of a model that knows only how often each piece occurs in
    ``data.train`` (add-one smoothed): the baseline a language model must beat to use context at all."""
    if not isinstance(data, TextData):
        raise TypeError(f"data must be a TextData (prepare_text() or novels_data()), got {type(data).__name__}")
    counts = torch.bincount(data.train, minlength=len(data.vocab)).float() + 1
    logp = torch.log(counts / counts.sum())
    return math.exp(-float(logp[data.test].mean()))


def side_by_side(columns: dict) -> str:
    """A text table of held-out figures, one column per ``name -> (comparison, bert, gpt)`` (for instance
    the live models and the checkpoints, scored on the same windows); a column may be ``None`` (skipped)."""
    if not isinstance(columns, dict):
        raise TypeError(f"columns must be a dict of name -> (comparison, bert, gpt) or None, got {type(columns).__name__}")
    rows = [("parameters (each model)", lambda c, b, g: f"{b.n_params:,}"),
            ("training (BERT / GPT)", lambda c, b, g: f"{_trained(b)} / {_trained(g)}"),
            ("top-1, BERT both sides", lambda c, b, g: f"{c.accuracy('bert_both'):.1%}"),
            ("top-1, BERT right side cut off", lambda c, b, g: f"{c.accuracy('bert_left'):.1%}"),
            ("top-1, GPT (left side only)", lambda c, b, g: f"{c.accuracy('gpt'):.1%}"),
            ("next-token perplexity, GPT", lambda c, b, g: f"{c.perplexity('gpt'):.1f}")]
    width = max(len(r[0]) for r in rows) + 2
    lines = ["".ljust(width) + "".join(f"{name:>26}" for name in columns)]
    for label, cell in rows:
        lines.append(label.ljust(width) + "".join(
            f"{(cell(*col) if col is not None else 'skipped'):>26}" for col in columns.values()))
    return "\n".join(lines)


def _trained(lm: LanguageModel) -> str:
    seconds = lm.card.wall_time_s if lm.card is not None else lm.train_seconds
    return f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"
