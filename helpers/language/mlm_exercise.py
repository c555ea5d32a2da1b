"""The coding exercise of lesson 02: the reader writes BERT's masked-LM corruption; this checks it.

``check_mlm_mask(candidate)`` runs ``candidate(ids, vocab_size, special_ids, mask_id)`` on random id streams
and holds it to what the tested ``objectives.mlm_mask`` guarantees: labels are the original id where a
token was chosen and -100 elsewhere, special tokens are never chosen, unchosen tokens are untouched, and
the shares (15% chosen; 80% [MASK], 10% random, 10% kept) are within four standard errors of the rule
(``masking_noise``), as ``mlm_mask``'s own are on the same streams. Random draws differ from the helper's, so
the check compares behaviour, not values. Returns an ``exercises.Verdict``; ``None`` is "not answered yet".
"""

from __future__ import annotations

import torch

from ..core import exercises
from .masking_noise import share_errors
from .objectives import IGNORE_INDEX, masking_proportions, mlm_mask

CASES = ((20_000, 1000), (30_000, 50))
"""(stream length, vocabulary size) of the random streams the check tries."""
SPECIALS, MASK_ID = (0, 1, 2), 3
_NAMES = {"chosen_fraction": "chosen", "mask_fraction": "[MASK]", "random_fraction": "random", "kept_fraction": "kept"}


def _stream(n: int, vocab_size: int, generator) -> torch.Tensor:
    ids = torch.randint(4, vocab_size, (n,), generator=generator)
    every = torch.arange(0, n, 25)
    ids[every] = torch.tensor(SPECIALS)[torch.arange(len(every)) % len(SPECIALS)]  # a special token every 25 ids
    return ids


def _first_problem(candidate, seed: int) -> str:
    """An empty string when ``candidate`` behaves like ``mlm_mask`` on every case, else what went wrong first."""
    generator = torch.Generator().manual_seed(seed)
    for n, vocab_size in CASES:
        ids = _stream(n, vocab_size, generator)
        try:
            result = candidate(ids.clone(), vocab_size, SPECIALS, MASK_ID)
        except Exception as error:  # the reader's code: report it, don't crash the lesson
            return f"on {n:,} ids it raised {type(error).__name__}: {error}"
        if not (isinstance(result, tuple) and len(result) == 2
                and all(isinstance(t, torch.Tensor) and t.shape == ids.shape for t in result)):
            return f"it must return (inputs, labels), two tensors shaped like the ids {tuple(ids.shape)}"
        inputs, labels = result
        chosen = labels != IGNORE_INDEX
        if not chosen.any():
            return "no token was chosen: labels are -100 everywhere (about 15% of the tokens should be chosen)"
        if not torch.equal(labels[chosen], ids[chosen]):
            return "labels must hold the original id at every chosen position (and -100 elsewhere)"
        if chosen[torch.isin(ids, torch.tensor(SPECIALS))].any():
            return "a special token ([CLS], [SEP], [PAD]) was chosen; they never are"
        if not torch.equal(inputs[~chosen], ids[~chosen]):
            return "a token that was not chosen changed; only chosen tokens are corrupted"
        props = masking_proportions(ids, inputs, labels, MASK_ID, SPECIALS)
        for share, (measured, expected, _, z) in share_errors(props, vocab_size).items():
            if abs(z) > 4:
                return (f"with a vocabulary of {vocab_size} the {_NAMES[share]} share is {measured:.1%}, the rule gives "
                        f"{expected:.1%} (more than four standard errors away)")
    return ""


def reference_passes(seed: int = 0) -> bool:
    """The tested ``mlm_mask`` passes its own check (a guard on the check, used by the tests)."""
    return _first_problem(lambda ids, v, s, m: mlm_mask(ids, v, s, m), seed) == ""


def check_mlm_mask(candidate, seed: int = 0) -> exercises.Verdict:
    """The reader's ``candidate(ids, vocab_size, special_ids, mask_id)`` held to ``mlm_mask``'s behaviour."""
    return exercises.check_code("Exercise 4: masked-LM corruption", candidate, lambda f: _first_problem(f, seed),
                                hint="Draw who is chosen, then one more number per token for [MASK]/random/keep.")
