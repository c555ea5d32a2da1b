"""Is a measured 80/10/10 split the rule, or further from it than chance allows?

``mlm_mask`` draws every choice at random, so the shares it produces scatter around the rule. Each
share is a fraction of ``n`` independent draws with probability ``p``, whose standard error is
``sqrt(p·(1 − p) / n)``. The rule's "kept" share is a little above 10%: a random replacement is
uniform over the vocabulary, so it draws the original token with probability ``1 / vocab_size``.
``share_errors`` puts each measured share beside its expected value and standard error,
``seed_spread`` measures the scatter over seeds directly, and ``kept_share_verdict`` says which it is.
"""

from __future__ import annotations

import math

import torch

from ..core import checks
from .objectives import masking_proportions, mlm_mask

_SHARES = ("chosen_fraction", "mask_fraction", "random_fraction", "kept_fraction")


def expected_shares(vocab_size: int, prob: float = 0.15) -> dict:
    """The shares the rule gives on average: ``{share name: probability}``."""
    vocab_size = checks.positive_int(vocab_size, "vocab_size")
    prob = checks.real(prob, "prob", minimum=0, maximum=1, open_minimum=True)
    if prob == 1:
        raise ValueError("prob must be a number in (0, 1), got 1")
    same = 1 / vocab_size  # a uniform random id equals the original this often
    return {"chosen_fraction": prob, "mask_fraction": 0.8,
            "random_fraction": 0.1 * (1 - same), "kept_fraction": 0.1 + 0.1 * same}


def standard_error(p: float, n: int) -> float:
    """Standard error of a share measured on ``n`` independent draws of probability ``p``."""
    p, n = checks.real(p, "p", minimum=0, maximum=1), checks.positive_int(n, "n")
    return math.sqrt(p * (1 - p) / n)


def _check_props(props) -> dict:
    if not isinstance(props, dict) or not {"eligible", "chosen", *_SHARES} <= set(props):
        raise TypeError(f"props must be the dict masking_proportions returns, got {type(props).__name__}")
    return props


def share_errors(props: dict, vocab_size: int, prob: float = 0.15) -> dict:
    """``{share: (measured, expected, standard error, gap in standard errors)}`` for ``masking_proportions`` output.

    The chosen share is out of the eligible tokens; the other three are out of the chosen ones.
    """
    props, expected = _check_props(props), expected_shares(vocab_size, prob)
    rows = {}
    for share in _SHARES:
        n = props["eligible"] if share == "chosen_fraction" else props["chosen"]
        se = standard_error(expected[share], n)
        rows[share] = (props[share], expected[share], se, (props[share] - expected[share]) / se)
    return rows


def seed_spread(stream, vocab_size: int, special_ids, mask_id: int, seeds: int = 20) -> dict:
    """``{share: standard deviation over seeds}``: ``mlm_mask`` run with seeds 0..seeds−1 on the same ``stream``."""
    seeds = checks.integer(seeds, "seeds", minimum=2)
    draws = []
    for seed in range(seeds):
        inputs, labels = mlm_mask(stream, vocab_size, special_ids, mask_id, generator=torch.Generator().manual_seed(seed))
        draws.append(masking_proportions(stream, inputs, labels, mask_id, special_ids))
    return {share: float(torch.tensor([d[share] for d in draws], dtype=torch.float64).std()) for share in _SHARES}


def kept_share_verdict(props: dict, vocab_size: int, spread: dict | None = None) -> str:
    """Lines: each share beside the rule and its standard error, then a verdict on the kept share."""
    rows = share_errors(props, vocab_size)
    lines = [f"  {share:16} measured {m:7.2%}   rule {e:8.4%}   standard error ±{se:.2%}   gap {z:+.1f} SE"
             + (f"   (spread over seeds ±{spread[share]:.2%})" if spread else "")
             for share, (m, e, se, z) in rows.items()]
    measured, expected, se, z = rows["kept_fraction"]
    if abs(z) < 2:
        why = "within two standard errors: sampling noise, nothing more"
    elif abs(z) < 3:
        why = "between two and three standard errors: about 1 run in 20 lands this far by chance; try another seed"
    else:
        why = "more than three standard errors: larger than sampling noise explains, so check the rule"
    lines.append(f"-> kept {measured:.2%} against the rule's {expected:.4%} (10% plus 10% × 1/{vocab_size:,}, the "
                 f"chance that a random replacement draws the original token): {why}")
    return "\n".join(lines)
