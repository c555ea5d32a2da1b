"""Connectors that are not projectors: a fixed set of learned queries, and gated cross-attention.

A projector (LLaVA) maps every encoder token to one LLM token, so the LLM reads as many visual tokens
as the encoder made. BLIP-2's Q-Former (32 queries, Li et al., 2023) and Flamingo's Perceiver Resampler
(64 latents, Alayrac et al., 2022) instead let a fixed number of learned queries cross-attend to the
encoder's tokens: however many patches come in, the same number of tokens comes out. Flamingo then does
not put them in the LLM's sequence at all: new cross-attention layers, gated by ``tanh(gate)`` with the gate
at zero, read them from between the frozen LLM's blocks, so at the start of training the LLM is unchanged.
"""

from __future__ import annotations

import torch
from torch import nn


def _check_widths(width, heads, **others) -> tuple[int, ...]:
    """``(width, heads, *others)`` as Python ints (numpy and torch scalars accepted)."""
    from ..core import checks

    width, heads = checks.positive_int(width, "width"), checks.positive_int(heads, "heads")
    if width % heads:
        raise ValueError(f"width {width} must be divisible by heads {heads}")
    return (width, heads, *(checks.positive_int(value, name) for name, value in others.items()))


class Resampler(nn.Module):
    """``queries`` learned vectors cross-attend to the encoder tokens: ``(B, N, width)`` → ``(B, queries, width)``."""

    def __init__(self, width: int, queries: int, heads: int = 4):
        super().__init__()
        width, heads, queries = _check_widths(width, heads, queries=queries)
        self.queries = nn.Parameter(torch.randn(1, queries, width) * 0.02)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln_q, self.ln_kv = nn.LayerNorm(width), nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, encoder_tokens):
        q = self.ln_q(self.queries.expand(len(encoder_tokens), -1, -1))
        kv = self.ln_kv(encoder_tokens)
        x = q + self.attn(q, kv, kv, need_weights=False)[0]   # the number of outputs is the number of queries
        return x + self.mlp(x)


class GatedCrossAttention(nn.Module):
    """Flamingo's layer between frozen LM blocks: text states ``(B, T, d)`` attend to visual tokens ``(B, V, d)``.

    ``text + tanh(gate) * cross_attention(text, visual)``; ``gate`` starts at 0, so the frozen LM's
    output is exactly what it was before any training.
    """

    def __init__(self, width: int, heads: int = 4):
        super().__init__()
        width, heads = _check_widths(width, heads)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln = nn.LayerNorm(width)
        self.gate = nn.Parameter(torch.zeros(1))

    def forward(self, text_states, visual_tokens):
        attended = self.attn(self.ln(text_states), visual_tokens, visual_tokens, need_weights=False)[0]
        return text_states + torch.tanh(self.gate) * attended
