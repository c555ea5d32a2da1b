"""Inside CLIP's text tower: why the window is 77 slots and why padding does not matter.

Built with open_clip from its own architecture configs. With ``pretrained=None`` the weights
are random: good for shapes and for properties that hold for any weights (the causal mask,
reading the end token); never for what a trained model "means".
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import open_clip
import torch

from ..core import checks
from ..core.probes import parameter_count
from . import text


@functools.lru_cache(maxsize=2)
def untrained_clip(arch: str = "ViT-B-32"):
    """A whole open_clip CLIP model (image and text towers) of architecture ``arch``, random weights, eval mode, CPU."""
    if arch not in open_clip.list_models():
        raise ValueError(f"unknown open_clip architecture {arch!r}; e.g. ViT-B-32, ViT-B-16, ViT-L-14")
    logging.getLogger().setLevel(logging.ERROR)  # open_clip warns that no weights were loaded: we know
    return open_clip.create_model(arch, pretrained=None).eval()


@dataclass(frozen=True)
class TextTowerFacts:
    """Shapes that fix CLIP's text input, read off a built model."""

    context_length: int
    vocab_size: int
    width: int
    layers: int
    heads: int
    embed_dim: int
    positional_embedding: tuple[int, int]
    attn_mask: tuple[int, int]
    pool_type: str
    parameters: int


def _check_model(model, tokenizer=None) -> None:
    """``model`` must be an open_clip ``CLIP`` (as ``untrained_clip`` or ``pretrained.open_clip_model`` give);
    ``tokenizer``, when given, a callable from texts to ids (``clip.tokenize``)."""
    if not all(hasattr(model, a) for a in ("encode_text", "attn_mask", "token_embedding", "positional_embedding")):
        raise TypeError(f"model must be an open_clip CLIP model (untrained_clip() or a pretrained one), "
                        f"got {type(model).__name__}")
    if tokenizer is not None and not callable(tokenizer):
        raise TypeError(f"tokenizer must be a callable from texts to ids (clip.tokenize), got {type(tokenizer).__name__}")


def text_tower_facts(model) -> TextTowerFacts:
    """Read the text tower's sizes from an open_clip ``CLIP`` model (parameters: all but the image tower's)."""
    _check_model(model)
    return TextTowerFacts(
        context_length=model.context_length, vocab_size=model.vocab_size, width=model.transformer.width,
        layers=model.transformer.layers, heads=model.transformer.resblocks[0].attn.num_heads,
        embed_dim=model.text_projection.shape[1], positional_embedding=tuple(model.positional_embedding.shape),
        attn_mask=tuple(model.attn_mask.shape), pool_type=model.text_pool_type,
        parameters=parameter_count(model) - parameter_count(model.visual))


def causal_mask_allowed(model) -> torch.Tensor:
    """The text tower's attention mask as booleans ``(77, 77)``: True where a query may attend to a key."""
    _check_model(model)
    return torch.isfinite(model.attn_mask)


def end_token_positions(ids: torch.Tensor) -> torch.Tensor:
    """Where CLIP reads the sentence embedding: the end token, the largest id in each row. ``(n,)``"""
    _check_ids_tensor(ids)
    return ids.argmax(dim=-1)


def _check_ids_tensor(ids, name: str = "ids") -> None:
    if not isinstance(ids, torch.Tensor) or ids.ndim not in (1, 2) or ids.dtype != torch.long:
        raise TypeError(f"{name} must be a LongTensor of ids, (n, 77) or (77,), from tokenize; got "
                        f"{type(ids).__name__} {tuple(getattr(ids, 'shape', ()))}")


def padding_effect(model, ids: torch.Tensor, seed: int = 0) -> float:
    """Largest change in the text embedding when every padding slot gets a random token instead of 0.

    ``ids``: ``(n, 77)`` from ``helpers.clip.tokenize``. The causal mask stops earlier slots from
    seeing later ones and the embedding is read at the end token, so the answer is ~0 for any weights.
    """
    _check_model(model), _check_ids_tensor(ids)
    generator = torch.Generator().manual_seed(checks.integer(seed, "seed", minimum=0))
    noisy = ids.clone()
    pad = noisy == text.PAD_ID
    noisy[pad] = torch.randint(1, text.START_ID, (int(pad.sum()),), generator=generator)  # below the end id
    with torch.no_grad():
        return float((model.encode_text(ids) - model.encode_text(noisy)).abs().max())


def word_prefixes(caption: str, max_tokens: int = 75) -> list[tuple[int, str]]:
    """``(n_tokens, prefix)`` for each leading-words prefix of ``caption`` with at most ``max_tokens`` tokens."""
    caption = checks.text(caption, "caption")
    max_tokens = checks.positive_int(max_tokens, "max_tokens")
    out = []
    for m in re.finditer(r"\S+", caption):
        prefix = caption[: m.end()]
        n = text.count_tokens(prefix)
        if n > max_tokens:
            break
        out.append((n, prefix))
    if not out:
        raise ValueError(f"caption has no words that fit in max_tokens={max_tokens}, got {checks.shown(caption)}")
    return out


def embedding_drift(model, tokenizer, caption: str, max_tokens: int = 75):
    """How much the text embedding still moves as words are added to a caption.

    Returns ``(n_tokens, cos_to_full, step_change)``: for each word prefix, its token count, the
    cosine similarity of its embedding to the embedding of the longest prefix, and ``1 - cos`` to
    the previous prefix (0 for the first). With pretrained CLIP, Long-CLIP reports that changes
    past ~20 tokens barely register.
    """
    _check_model(model, tokenizer)
    prefixes = word_prefixes(caption, max_tokens)
    counts = [n for n, _ in prefixes]
    with torch.no_grad():
        emb = model.encode_text(tokenizer([p for _, p in prefixes]), normalize=True)
    cos_full = (emb @ emb[-1]).tolist()
    steps = [0.0] + (1 - (emb[1:] * emb[:-1]).sum(-1)).tolist()
    return counts, cos_full, steps
