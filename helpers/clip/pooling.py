"""Why CLIP reads its sentence embedding at the end token: under the causal mask, what each slot has seen.

Slot ``k`` may attend to slots ``0..k`` only, so it has seen the content tokens before it and none after.
The last word has seen every word, but its id changes from caption to caption; the end token comes right
after it with the same id every time, so it is the first slot a fixed rule (``argmax``) can find that has
seen every word.
"""

from __future__ import annotations

import torch

from ..core import checks
from . import text
from .text_tower import _check_ids_tensor, _check_model


def content_seen(allowed: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """How many content tokens each slot may attend to. ``allowed``: ``(77, 77)`` mask, ``ids``: ``(77,)`` -> ``(77,)``"""
    _check_one_row(allowed, ids)
    is_content = (ids != text.START_ID) & (ids != text.END_ID) & (ids != text.PAD_ID)
    is_content[ids.argmax() + 1:] = False  # a padded slot is never content, whatever id the library pads with
    return (allowed & is_content).sum(dim=-1)


def slot_states(model, ids: torch.Tensor) -> torch.Tensor:
    """The text tower's last-layer output at every slot, before pooling: ``(n, 77)`` ids -> ``(n, 77, width)``."""
    _check_model(model), _check_ids_tensor(ids)
    with torch.no_grad():
        x = model.token_embedding(ids) + model.positional_embedding
        return model.ln_final(model.transformer(x, attn_mask=model.attn_mask))


def slots_changed(model, ids_a: torch.Tensor, ids_b: torch.Tensor, tolerance: float = 1e-5) -> torch.Tensor:
    """Which slots' outputs differ between two captions of the same length: ``(77,)`` ids each -> ``(77,)`` bool."""
    _check_model(model), _check_ids_tensor(ids_a, "ids_a"), _check_ids_tensor(ids_b, "ids_b")
    tolerance = checks.real(tolerance, "tolerance", minimum=0)
    if ids_a.shape != ids_b.shape or ids_a.ndim != 1:
        raise ValueError(f"ids_a and ids_b must be single rows of equal shape, got {tuple(ids_a.shape)} and {tuple(ids_b.shape)}")
    states = slot_states(model, torch.stack([ids_a, ids_b]))
    return (states[0] - states[1]).abs().amax(dim=-1) > tolerance


def _check_one_row(allowed, ids) -> None:
    for name, value in (("allowed", allowed), ("ids", ids)):
        if not isinstance(value, torch.Tensor):
            raise TypeError(f"{name} must be a tensor, got {type(value).__name__} {checks.shown(value)}")
    if ids.ndim != 1 or allowed.shape != (ids.shape[0], ids.shape[0]):
        raise ValueError(f"allowed must be a mask (n, n) for ids (n,), got {tuple(allowed.shape)} for {tuple(ids.shape)}")


def random_windows(n: int = 64, seed: int = 0, pad_id: int = text.PAD_ID) -> torch.Tensor:
    """``(n, 77)`` windows of random content of random length, padded with ``pad_id``: inputs to test a pooling rule."""
    n, seed = checks.positive_int(n, "n"), checks.integer(seed, "seed", minimum=0)
    pad_id = checks.integer(pad_id, "pad_id", minimum=0, maximum=text.END_ID)
    generator = torch.Generator().manual_seed(seed)
    ids = torch.full((n, text.CONTEXT_LENGTH), pad_id, dtype=torch.long)
    ids[:, 0] = text.START_ID
    for row, length in enumerate(torch.randint(0, text.CONTEXT_LENGTH - 1, (n,), generator=generator).tolist()):
        ids[row, 1:length + 1] = torch.randint(0, text.START_ID, (length,), generator=generator)
        ids[row, length + 1] = text.END_ID
    return ids
