"""Using a language model: fill a masked word, continue a prompt, score an answer.

A masked LM (BERT) fills a [MASK] from both sides; a causal LM (GPT) can only read the words before
it. A causal LM generates natively, one sampled token at a time; a masked LM has to be coaxed by
appending a [MASK] and filling it, again and again.
"""

from __future__ import annotations

import torch

from ..core import checks
from .language_model import LanguageModel

MASK = "[MASK]"
MAX_NEW_TOKENS = 1000  # generate's bound on n_tokens: a few seconds for the tiny models, a minute for gpt2


def _check_lm(lm, name: str = "lm") -> LanguageModel:
    if not isinstance(lm, LanguageModel):
        raise TypeError(f"{name} must be a LanguageModel (from train_lm, load_pretrained or the checkpoints), "
                        f"got {type(lm).__name__}")
    return lm


def mask_word(sentence: str, index: int) -> str:
    """``sentence`` with its ``index``-th word (0-based, split on spaces) replaced by "[MASK]"."""
    words = checks.text(sentence, "sentence").split()
    if not words:
        raise ValueError("sentence has no word to mask; type a few words")
    index = checks.integer(index, "index")
    if not -len(words) <= index < len(words):
        raise ValueError(f"index must pick one of the sentence's {len(words)} words, got {index}")
    words[index] = MASK
    return " ".join(words)


def _check_fill_mask(text, lm, k) -> None:
    _check_lm(lm)
    if checks.text(text, "text").count(MASK) != 1:
        raise ValueError(f"text must hold exactly one {MASK}, got {checks.shown(text)}")
    checks.positive_int(k, "k")


def _window_around(ids: list[int], position: int, size: int) -> tuple[list[int], int]:
    """At most ``size`` of ``ids`` with ``position`` inside (centred when it can be), and its new index."""
    start = max(0, min(position - size // 2, len(ids) - size))
    return ids[start: start + size], position - start


def fill_mask(text: str, lm: LanguageModel, k: int = 5) -> list[tuple[str, float]]:
    """The ``k`` most likely whole words for the one "[MASK]" in ``text``: ``[(word, probability)]``.

    A masked LM reads both sides of the mask. A causal LM can only read the words before it:
    it predicts the next word after the left part and never sees what follows.
    """
    _check_fill_mask(text, lm, k)
    left, right = text.split(MASK)
    if lm.kind == "masked":
        before, after = lm.encode(left.rstrip()), lm.encode(right.lstrip())
        room = lm.n_ctx - len(lm.prefix) - len(lm.suffix)  # a long sentence: keep a window around the mask
        content, position = _window_around(before + [lm.mask_id] + after, len(before), room)
        ids, position = list(lm.prefix) + content + list(lm.suffix), position + len(lm.prefix)
    else:
        ids = lm.encode(left.rstrip())
        if not ids:
            raise ValueError("a causal model needs at least one word before [MASK]: it cannot read the right side")
        ids = ids[-lm.n_ctx:]
        position = len(ids) - 1
    logits = lm.logits(torch.tensor([ids]))[0, position]
    logits[~lm.word_starts] = float("-inf")
    probs = torch.softmax(logits, dim=-1)
    top = torch.topk(probs, min(k, int(lm.word_starts.sum())))
    return [(lm.decode([int(i)]).strip(), float(p)) for p, i in zip(top.values, top.indices)]


def _check_generate(prompt, lm, n_tokens, temperature, top_k, seed) -> None:
    _check_lm(lm)
    if not checks.text(prompt, "prompt").strip():
        raise ValueError("prompt is empty; type a few words to continue")
    if not lm.encode(prompt.strip()):
        raise ValueError(f"prompt has no tokens (only invisible or control characters: {checks.shown(prompt)}); "
                         "type a few words to continue")
    checks.integer(n_tokens, "n_tokens", minimum=0, maximum=MAX_NEW_TOKENS)
    checks.real(temperature, "temperature", minimum=0, open_minimum=True)
    checks.positive_int(top_k, "top_k")
    checks.integer(seed, "seed", minimum=0)


def generate(prompt: str, lm: LanguageModel, n_tokens: int = 20, temperature: float = 1.0, top_k: int = 20,
             seed: int = 0) -> str:
    """Continue ``prompt`` by ``n_tokens`` sampled tokens; return only the continuation.

    A causal LM samples the next token from its own distribution, one step at a time.
    A masked LM has no next-token head, so it is made to generate the awkward way: append
    [MASK], fill it from the left context, append another [MASK], and so on.
    ``temperature`` divides the logits; ``top_k`` keeps the k most likely tokens (1 = greedy).
    ``n_tokens`` is at most ``MAX_NEW_TOKENS`` (1,000).
    """
    _check_generate(prompt, lm, n_tokens, temperature, top_k, seed)
    n_tokens, temperature, top_k, seed = int(n_tokens), float(temperature), int(top_k), int(seed)
    rng = torch.Generator().manual_seed(seed)
    ids = lm.encode(prompt.strip())
    new: list[int] = []
    for _ in range(n_tokens):
        if lm.kind == "causal":
            window = (ids + new)[-lm.n_ctx:]
            logits = lm.logits_at(torch.tensor([window]), len(window) - 1)[0]  # output layer at the last position only
        else:
            room = lm.n_ctx - len(lm.prefix) - len(lm.suffix) - 1
            window = list(lm.prefix) + (ids + new)[-room:] + [lm.mask_id] + list(lm.suffix)
            logits = lm.logits_at(torch.tensor([window]), len(window) - 1 - len(lm.suffix))[0]
        logits = logits / temperature
        logits[lm.special] = float("-inf")
        kth = torch.topk(logits, min(top_k, int((~lm.special).sum()))).values[-1]
        logits[logits < kth] = float("-inf")
        new.append(int(torch.multinomial(torch.softmax(logits, -1), 1, generator=rng)))
    return lm.decode(new)


def answer_logprob(prompt: str, answer: str, lm: LanguageModel) -> float:
    """Log-probability (natural log) a causal LM gives ``answer``'s tokens right after ``prompt``."""
    lm = _check_lm(lm)
    if lm.kind != "causal":
        raise ValueError(f"lm must be a causal LM for answer_logprob, got the {lm.kind} {lm.name}")
    for name, value in (("prompt", prompt), ("answer", answer)):
        if not lm.encode(checks.text(value, name).strip()):
            raise ValueError(f"{name} must hold at least one token, got {checks.shown(value)}")
    p, a = lm.encode(prompt), lm.encode(answer)
    ids = (p + a)[-lm.n_ctx:]
    logp = torch.log_softmax(lm.logits(torch.tensor([ids]))[0], -1)
    start = len(ids) - len(a)
    return float(sum(logp[start - 1 + j, a[j]] for j in range(len(a))))
