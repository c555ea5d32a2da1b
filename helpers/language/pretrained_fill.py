"""The held-out fill-in-the-middle comparison with the real models: bert-base-uncased against gpt2.

The tiny models share one vocabulary, so they are scored on the same pieces. The real ones do not (BERT:
30,522 uncased WordPiece pieces; GPT-2: 50,257 cased byte-level BPE pieces), so a word is scored only where
both can score it in one step, by the same rule:

- **targets**: words of *Lady Susan*'s held-out tail written in lower case, letters only, preceded by a
  space, that are one piece for both tokenizers (``word`` for BERT, ``Ġword``, the word with its leading
  space, for GPT-2);
- **candidates**: both models choose among the same words, every word with that property, so a top-1
  guess means the same thing for both (neither can win by guessing a piece the other cannot say);
- **context**: both read the same words around the target: BERT ``[CLS] left [MASK] right [SEP]`` (or
  with the right side cut off), GPT-2 the left words, whose last position predicts the next piece.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import NamedTuple

import torch

from ..core import checks
from ..core.runtime import cpu_threads
from .language_model import LanguageModel

# The lesson's measure: evenly spaced held-out words, ten words of context on each side; about 5 s of CPU for both
# models on one thread (40 words: 6.4 s; on two threads of the shared 2-core machine the wall time was as long or
# twice as long, as other work came and went). More words: a less noisy top-1 and a slower lesson.
REAL_FILL = {"n_words": 32, "left_words": 10, "right_words": 10}
REPOS = {"masked": "bert-base-uncased", "causal": "gpt2"}
_TARGET = re.compile(r"(?<=\s)[a-z]+(?![\w'’-])")  # a lower-case word after a space, not part of "don't" or "well-bred"


class RealModels(NamedTuple):
    """bert-base-uncased and gpt2 as ``LanguageModel``s, each ``None`` when its weights are not reachable;
    ``reason`` says which loaded or why not (an environment report reads ``available`` and ``reason``)."""

    bert: LanguageModel | None
    gpt: LanguageModel | None
    reason: str

    @property
    def available(self) -> bool:
        return self.bert is not None and self.gpt is not None


def load_real_models(bert_repo: str = REPOS["masked"], gpt_repo: str = REPOS["causal"]) -> RealModels:
    """Load bert-base-uncased (with its masked-LM head) and gpt2 (with its LM head) when reachable (hub,
    cache, or a local directory); within seconds, and without error, when not (``FIVEQ_OFFLINE=1``)."""
    from ..core.pretrained import WeightsUnavailable
    from .language_model import load_pretrained

    loaded, outcomes = {}, {}
    for kind, repo in (("masked", bert_repo), ("causal", gpt_repo)):
        try:  # hf_model loads quietly: bert-base-uncased's unused next-sentence head and pooler are not reported
            loaded[kind] = load_pretrained(kind, repo)
            outcome = "pretrained weights loaded"
        except WeightsUnavailable as exc:
            loaded[kind], outcome = None, str(exc).removeprefix(f"{repo}: ")
        outcomes.setdefault(outcome, []).append(str(repo))
    reason = "; ".join(f"{' and '.join(repos)}: {outcome}" for outcome, repos in outcomes.items())
    return RealModels(loaded["masked"], loaded["causal"], reason)


class Candidates(NamedTuple):
    """The words both models choose among, with each word's id in BERT's and in GPT-2's vocabulary."""

    words: list[str]
    bert_ids: torch.Tensor
    gpt_ids: torch.Tensor


def shared_words(bert: LanguageModel, gpt: LanguageModel) -> Candidates:
    """Lower-case, letters-only words that are one WordPiece for ``bert`` and one BPE piece (with its
    leading space) for ``gpt``: the words both can name in one step."""
    gpt_vocab = {p: i for i, p in enumerate(gpt.labels(list(range(len(gpt.special))))) if p}
    rows = [(p, i, gpt_vocab["Ġ" + p]) for i, p in enumerate(bert.labels(list(range(len(bert.special)))))
            if p and p.isascii() and p.isalpha() and p.islower() and "Ġ" + p in gpt_vocab]
    return Candidates([r[0] for r in rows], torch.tensor([r[1] for r in rows]), torch.tensor([r[2] for r in rows]))


class FillExample(NamedTuple):
    left: str    # the words before the target (GPT-2 reads these)
    target: str
    right: str   # the text right after it, ``right_words`` words (with its leading space, if any)


def fill_examples(text: str, words, n_words: int = 32, left_words: int = 10,
                  right_words: int = 10) -> list[FillExample]:
    """``n_words`` evenly spaced targets in ``text`` (whitespace-normalised) that are in ``words``, each
    with ``left_words`` words of context on the left and ``right_words`` on the right."""
    checks.positive_int(n_words, "n_words")
    text, allowed = " ".join(text.split()), set(words)
    spots = []
    for match in _TARGET.finditer(text):
        after = text[match.end():]
        left, right = text[:match.start()].split()[-left_words:], after.split()[:right_words]
        if match.group() in allowed and len(left) == left_words and len(right) == right_words:
            space = " " if after.startswith(" ") else ""  # "word, and" keeps its comma next to the word
            spots.append(FillExample(" ".join(left), match.group(), space + " ".join(right)))
    if not spots:
        raise ValueError("no target word in the text has enough context on both sides")
    step = len(spots) / min(n_words, len(spots))
    return [spots[int(i * step)] for i in range(min(n_words, len(spots)))]


def held_out_examples(n_words: int = 32, left_words: int = 10, right_words: int = 10, words=None) -> list[FillExample]:
    """Targets from the held-out tail of *Lady Susan* (the tail the tiny models are scored on)."""
    from ..core.corpora import austen
    from .vocab import split_at_sentence

    _, tail = split_at_sentence(austen(), 0.1)
    return fill_examples(tail, words if words is not None else _letters(tail), n_words, left_words, right_words)


def _letters(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text))


@dataclass
class RealFill:
    """Top-1 guesses among the shared candidates on the same held-out words, per reader: ``bert_both``,
    ``bert_left`` (right side cut off), ``gpt`` (left side by construction)."""

    examples: list[FillExample]
    guesses: dict
    names: dict
    n_candidates: int
    seconds: float

    def accuracy(self, reader: str) -> float:
        return sum(g == e.target for g, e in zip(self.guesses[reader], self.examples)) / len(self.examples)


def _batch(rows: list[list[int]], pad_id: int):
    """Right-padded ids ``(B, T)`` and the attention mask (a causal model's earlier positions never see the padding)."""
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
    return ids, (torch.arange(width)[None] < torch.tensor([len(r) for r in rows])[:, None]).long()


def _guesses(lm: LanguageModel, rows: list[list[int]], at: list[int], candidate_ids, batch_size: int) -> list[int]:
    """The index of the best candidate at position ``at[i]`` of each row (the output layer runs there only)."""
    head = lm.model.cls if lm.kind == "masked" else lm.model.lm_head
    out = []
    for s in range(0, len(rows), batch_size):
        ids, attention = _batch(rows[s:s + batch_size], 0)
        with torch.no_grad(), lm._threads():
            hidden = lm.model.base_model(input_ids=ids, attention_mask=attention).last_hidden_state
            logits = head(hidden[torch.arange(len(ids)), torch.tensor(at[s:s + batch_size])])
        out += logits[:, candidate_ids].argmax(-1).tolist()
    return out


def compare_real_models(bert: LanguageModel, gpt: LanguageModel, n_words: int = 32, left_words: int = 10,
                        right_words: int = 10, batch_size: int = 16) -> RealFill:
    """Score pretrained ``bert`` (both sides, then the right side cut off) and ``gpt`` (left side) on the same
    held-out words of *Lady Susan*, each choosing among the same candidates (see the module docstring)."""
    for name, lm in (("bert", bert), ("gpt", gpt)):
        if not isinstance(lm, LanguageModel):
            raise TypeError(f"{name} must be a LanguageModel (load_real_models()), got {type(lm).__name__}")
    if bert.kind != "masked" or gpt.kind != "causal":
        raise ValueError("bert must be a pretrained masked LM (bert-base-uncased) and gpt a causal LM (gpt2), "
                         f"got a {bert.kind} and a {gpt.kind} one")
    for name, value in (("n_words", n_words), ("left_words", left_words), ("right_words", right_words),
                        ("batch_size", batch_size)):
        checks.positive_int(value, name)
    with cpu_threads(1):  # see REAL_FILL
        return _compare(bert, gpt, n_words, left_words, right_words, batch_size)


def _compare(bert, gpt, n_words, left_words, right_words, batch_size) -> RealFill:
    start = time.perf_counter()
    candidates = shared_words(bert, gpt)
    examples = held_out_examples(n_words, left_words, right_words, candidates.words)
    wrap = lambda ids: list(bert.prefix) + ids + list(bert.suffix)  # noqa: E731
    both = [wrap(bert.encode(f"{e.left} [MASK]{e.right}")) for e in examples]
    left = [wrap(bert.encode(f"{e.left} [MASK]")) for e in examples]
    gpt_rows = [gpt.encode(e.left) for e in examples]
    picks = {"bert_both": _guesses(bert, both, [r.index(bert.mask_id) for r in both], candidates.bert_ids, batch_size),
             "bert_left": _guesses(bert, left, [r.index(bert.mask_id) for r in left], candidates.bert_ids, batch_size),
             "gpt": _guesses(gpt, gpt_rows, [len(r) - 1 for r in gpt_rows], candidates.gpt_ids, batch_size)}
    guesses = {r: [candidates.words[i] for i in p] for r, p in picks.items()}
    names = {"bert_both": f"{bert.name}, both sides", "bert_left": f"{bert.name}, right side cut off",
             "gpt": f"{gpt.name}, left side only"}
    return RealFill(examples, guesses, names, len(candidates.words), time.perf_counter() - start)


def real_fill_summary(result: RealFill) -> str:
    """The comparison as printed lines, ending with a verdict computed from the figures."""
    if not isinstance(result, RealFill):
        raise TypeError(f"result must be the RealFill compare_real_models returns, got {type(result).__name__}")
    lines = [f"{len(result.examples)} held-out words of Lady Susan, {len(result.examples[0].left.split())} words of "
             f"context on each side, each model choosing among the same {result.n_candidates:,} words "
             f"({result.seconds:.1f} s):"]
    lines += [f"  {result.names[r]:50} top-1 {result.accuracy(r):6.1%}" for r in result.guesses]
    gain = result.accuracy("bert_both") - result.accuracy("bert_left")
    lead = result.accuracy("bert_both") - result.accuracy("gpt")
    bert_name = result.names["bert_left"].split(",")[0]
    lines.append(f"what the right side is worth to {bert_name}: {gain * 100:+.1f} points of top-1; with both sides it "
                 f"{'beats' if lead > 0 else 'does not beat'} {result.names['gpt'].split(',')[0]} ({lead * 100:+.1f} points)")
    return "\n".join(lines)


def offline_note() -> str:
    """One line for the offline path: what the real-model comparison needs and what it would measure."""
    return (f"needs the pretrained weights of {REPOS['masked']} and {REPOS['causal']} (not loaded); with them this cell "
            f"scores both on {REAL_FILL['n_words']} held-out words of Lady Susan, {REAL_FILL['left_words']} words of "
            "context on each side: bert-base-uncased with both sides and with the right side cut off, gpt2 with the left")
