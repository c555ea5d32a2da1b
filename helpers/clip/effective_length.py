"""How much of the 77 slots does CLIP use? A measurement that separates position from caption length.

Growing a caption word by word and watching the embedding settle is confounded: the end token pools over
more and more tokens, so each added word moves it less, for any weights. Here the caption length is fixed:
the same one-word swap ("a red balloon" / "a blue balloon") is placed early (before token 20) or late
(after it) in the same caption, and we measure how far the swap moves the embedding at each place.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ..core import checks
from . import text
from .text_tower import _check_model

DETAIL = "a {} balloon in the corner"
SWAPS = (("red", "blue"), ("black", "white"), ("small", "huge"))  # three swaps: each costs a forward pass


def place_detail(clauses: list[str], detail: str, index: int) -> str:
    """The caption ``clauses`` joined by commas with ``detail`` inserted as clause ``index``."""
    _check_clauses(clauses, index)
    checks.text(detail, "detail")
    return ", ".join(clauses[:index] + [detail] + clauses[index:])


def detail_start_token(clauses: list[str], index: int) -> int:
    """The slot where the detail clause begins when inserted at ``index`` (slot 0 is ``<start>``)."""
    _check_clauses(clauses, index)
    before = ", ".join(clauses[:index]) + ("," if index else "")
    return 1 + (text.count_tokens(before) if before else 0)


def _check_clauses(clauses, index) -> None:
    if not isinstance(clauses, (list, tuple)):
        raise TypeError(f"clauses must be a list of str, got {type(clauses).__name__} {checks.shown(clauses)}")
    checks.texts(list(clauses), "clauses", allow_empty=True)
    checks.integer(index, "index", minimum=0, maximum=len(clauses))


def swap_effect(model, tokenizer, clauses: list[str], index: int, swaps=SWAPS) -> list[float]:
    """``1 - cos`` between the embeddings of the caption with each swap's two words, detail at ``index``."""
    _check_model(model, tokenizer)
    captions = [place_detail(clauses, DETAIL.format(word), index) for pair in swaps for word in pair]
    with torch.no_grad():
        emb = model.encode_text(tokenizer(captions), normalize=True)
    ea, eb = emb[0::2], emb[1::2]
    return (1 - (ea * eb).sum(-1)).tolist()


@dataclass(frozen=True)
class PositionEffect:
    """Mean embedding change of the same swap placed early and late in one caption of fixed length."""

    early_slot: int
    late_slot: int
    early: list[float]
    late: list[float]
    caption_tokens: int

    @property
    def late_over_early(self) -> float:
        return (sum(self.late) / len(self.late)) / (sum(self.early) / len(self.early))


def position_effect(model, tokenizer, caption: str, early_index: int = 0) -> PositionEffect:
    """Split ``caption`` at commas, place the detail after clause ``early_index`` and at the very end."""
    _check_model(model, tokenizer)
    clauses = [c.strip() for c in checks.text(caption, "caption").split(",") if c.strip()]
    late_index = len(clauses)
    length = text.count_tokens(place_detail(clauses, DETAIL.format(SWAPS[0][0]), late_index))
    if length > text.CONTEXT_LENGTH - 2:
        raise ValueError(f"caption with the detail is {length} tokens; it must fit in 75 so nothing is cut")
    return PositionEffect(detail_start_token(clauses, early_index), detail_start_token(clauses, late_index),
                          swap_effect(model, tokenizer, clauses, early_index),
                          swap_effect(model, tokenizer, clauses, late_index), length)
