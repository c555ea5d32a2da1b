"""What fills CLIP's 77 slots: the real meaning of id 0, and why padding never matters for pooling.

Id 0 is not a padding token: it is the vocabulary's first entry, ``"!"``. open_clip fills the slots
after ``<end>`` with 0 anyway; Hugging Face's ``CLIPTokenizer`` pads with its own pad token (for
``openai/clip-vit-base-patch32`` that is ``<|endoftext|>``, id 49407). Either way the embedding is
read at the first end token, and the causal mask hides every slot after it.
"""

from __future__ import annotations

import torch

from ..core import checks, tokenizers
from . import text


def vocabulary_entry(token_id: int) -> str:
    """The string CLIP's vocabulary holds for ``token_id`` (``</w>`` marks a word's end)."""
    decoder = tokenizers.clip_bpe().decoder
    return decoder[checks.integer(token_id, "token_id", minimum=0, maximum=len(decoder) - 1)]


def slot_labels(ids) -> list[str]:
    """Labels by role: slots after the first ``<end>`` are ``pad`` with their id's real entry, e.g. ``pad:'!'``."""
    ids = tokenizers.check_ids(ids, "ids", text.END_ID + 1)
    end = ids.index(text.END_ID) if text.END_ID in ids else len(ids)
    labels = text.piece_labels(ids[: end + 1])
    return labels + [f"pad:{vocabulary_entry(i).replace('</w>', '')!r}" for i in ids[end + 1:]]


def pad_with(ids: torch.Tensor, pad_id: int) -> torch.Tensor:
    """The same windows ``(n, 77)`` with every slot after the first end token set to ``pad_id``."""
    _check_windows(ids)
    checks.integer(pad_id, "pad_id", minimum=0, maximum=text.END_ID)
    after_end = torch.arange(ids.shape[-1]) > ids.argmax(dim=-1, keepdim=True)
    return ids.masked_fill(after_end, pad_id)


def _check_windows(ids) -> None:
    if not isinstance(ids, torch.Tensor) or ids.ndim != 2 or ids.dtype != torch.long:
        raise TypeError(f"ids must be a LongTensor (n, context_length) from tokenize, got "
                        f"{type(ids).__name__} {tuple(getattr(ids, 'shape', ()))}")
