"""What each model is trained to predict: BERT's masked LM and next-sentence pairs, GPT's next token.

``mlm_mask`` is BERT's corruption rule (choose 15% of the tokens; of those, 80% become [MASK], 10% a
random id, 10% stay) and ``masking_proportions`` measures what it did. ``nsp_pairs`` draws BERT's
next-sentence examples; ``next_token_pairs`` shows GPT's objective: the targets are the inputs shifted by one.
"""

from __future__ import annotations

import random

import torch

from ..core import checks

IGNORE_INDEX = -100  # the label cross-entropy skips: positions that are not scored


def _check_mlm_mask(input_ids, vocab_size, mask_id, prob):
    """``input_ids`` as a LongTensor, after checking every argument of ``mlm_mask``."""
    prob = checks.real(prob, "prob", minimum=0, maximum=1, open_minimum=True)
    if prob == 1:
        raise ValueError(f"prob must be a number in (0, 1), got {prob!r}")
    try:
        ids = torch.as_tensor(input_ids)
    except (TypeError, ValueError, RuntimeError):
        raise TypeError(f"input_ids must be a tensor or list of int ids, got {type(input_ids).__name__}") from None
    if ids.dtype not in (torch.int64, torch.int32):
        raise TypeError(f"input_ids must hold integer ids, got dtype {ids.dtype}")
    vocab_size = checks.positive_int(vocab_size, "vocab_size")
    checks.integer(mask_id, "mask_id", minimum=0, maximum=vocab_size - 1)
    return ids.long()


def _special(ids, special_ids):
    """Bool tensor shaped like ``ids``: True where the id is one of ``special_ids``."""
    return torch.isin(ids, torch.tensor([int(s) for s in special_ids], dtype=ids.dtype, device=ids.device))


def mlm_mask(input_ids, vocab_size: int, special_ids, mask_id: int, prob: float = 0.15, generator=None):
    """BERT's masked-LM corruption: ``(inputs, labels)``, both shaped like ``input_ids``.

    Each non-special token is chosen with probability ``prob``. A chosen token is replaced
    by ``mask_id`` 80% of the time, by a random id (uniform over ``vocab_size``) 10% of the
    time, and left unchanged 10% of the time. ``labels`` holds the original id where a token
    was chosen and -100 (ignored by the loss) everywhere else. ``generator`` is a
    ``torch.Generator`` for reproducible draws (made on the CPU, then moved to the ids' device).
    """
    ids = _check_mlm_mask(input_ids, vocab_size, mask_id, prob)
    chosen = (torch.rand(ids.shape, generator=generator).to(ids.device) < prob) & ~_special(ids, special_ids)
    action = torch.rand(ids.shape, generator=generator).to(ids.device)  # decides mask / random / keep
    random_ids = torch.randint(0, vocab_size, ids.shape, generator=generator).to(ids.device)
    inputs = torch.where(chosen & (action < 0.8), mask_id, ids)                          # 80%: [MASK]
    inputs = torch.where(chosen & (action >= 0.8) & (action < 0.9), random_ids, inputs)  # 10%: a random id
    labels = torch.where(chosen, ids, IGNORE_INDEX)                                      # 10%: kept as it was
    return inputs, labels


def masking_proportions(input_ids, inputs, labels, mask_id: int, special_ids=()) -> dict:
    """What ``mlm_mask`` did, measured: fractions of eligible tokens chosen, and of chosen ones
    turned into [MASK], into another id, or kept.

    A random replacement that happens to draw the original id counts as "kept" (what the model sees).
    """
    mask_id = checks.integer(mask_id, "mask_id", minimum=0)
    ids, inputs, labels = (torch.as_tensor(t) for t in (input_ids, inputs, labels))
    if not ids.shape == inputs.shape == labels.shape:
        raise ValueError(f"input_ids, inputs and labels must share a shape, got {tuple(ids.shape)}, "
                         f"{tuple(inputs.shape)} and {tuple(labels.shape)}")
    eligible = int((~_special(ids, special_ids)).sum())
    chosen = labels != IGNORE_INDEX
    n_chosen = int(chosen.sum())
    if n_chosen == 0:
        raise ValueError("labels choose no token (all -100); use more text or a larger prob")
    as_mask = int((chosen & (inputs == mask_id)).sum())
    kept = int((chosen & (inputs == ids)).sum())
    return {"eligible": eligible, "chosen": n_chosen, "chosen_fraction": n_chosen / eligible,
            "mask_fraction": as_mask / n_chosen,
            "random_fraction": (n_chosen - as_mask - kept) / n_chosen,
            "kept_fraction": kept / n_chosen}


def nsp_pairs(sentences: list[str], n: int, seed: int = 0) -> list[tuple[str, str, bool]]:
    """BERT's next-sentence-prediction examples: ``(A, B, is_next)``.

    Half the time B is the sentence that really follows A (``is_next=True``), otherwise a
    sentence drawn from elsewhere in the text.
    """
    n, sentences = checks.positive_int(n, "n"), checks.texts(sentences, "sentences", allow_empty=True)
    if len(sentences) < 3:
        raise ValueError(f"sentences must hold at least 3 sentences to draw pairs, got {len(sentences)}")
    rng = random.Random(checks.integer(seed, "seed"))
    pairs = []
    for _ in range(n):
        i = rng.randrange(len(sentences) - 1)
        if rng.random() < 0.5:
            pairs.append((sentences[i], sentences[i + 1], True))
        else:
            for _ in range(1000):  # any sentence but A and the one that really follows it (bounded draws)
                j = rng.randrange(len(sentences))
                if j not in (i, i + 1):
                    break
            else:
                j = (i + 2) % len(sentences)
            pairs.append((sentences[i], sentences[j], False))
    return pairs


def next_token_pairs(ids):
    """GPT's objective made visible: ``(inputs, targets)`` with ``targets[t] = ids[t + 1]``."""
    from ..core.tokenizers import check_ids

    ids = check_ids(ids, "ids")
    if len(ids) < 2:
        raise ValueError(f"ids must hold at least 2 tokens to predict a next one, got {len(ids)}")
    return ids[:-1], ids[1:]
