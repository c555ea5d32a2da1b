"""A tiny BERT and a tiny GPT: one Transformer class, two attention masks (nanoGPT's layout).

``TinyTransformer`` has pre-LayerNorm blocks as in GPT-2, token embeddings tied to the output layer,
and positions either as ALiBi distance penalties in attention (the default) or as learned vectors.
``causal=True`` gives the tiny GPT, ``causal=False`` the tiny BERT: the only line where they differ is
the ``attention_mask`` call in ``SelfAttention.mask``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from ..core import checks
from .masks import attention_mask

KINDS = ("masked", "causal")


@dataclass(frozen=True)
class TinyLMConfig:
    """Size and training budget shared by the tiny BERT and the tiny GPT."""

    d_model: int = 64
    n_layer: int = 2
    n_head: int = 4
    block_size: int = 32      # tokens per window (the context)
    batch_size: int = 32
    steps: int = 240
    lr: float = 3e-3
    warmup_steps: int = 20
    mask_prob: float = 0.15
    positions: str = "alibi"  # "alibi": distance penalties in attention; "learned": position embeddings


def alibi_bias(n_head: int, n: int):
    """ALiBi attention biases ``(n_head, n, n)``: ``-slope_h * |i - j|``, slopes ``2^(-8h/n_head)``.

    A fixed penalty on distance (Press et al., 2022; MosaicBERT uses it for BERT): near tokens
    start out more attended than far ones, so a tiny model need not first discover that
    neighbours matter, which learned position embeddings take thousands of steps to do.
    """
    slopes = torch.tensor([2.0 ** (-8 * (h + 1) / n_head) for h in range(n_head)])
    distance = (torch.arange(n)[None, :] - torch.arange(n)[:, None]).abs().float()
    return -slopes[:, None, None] * distance


@dataclass
class ModelOutput:
    """What a forward pass returns: ``logits`` ``(B, T, V)`` and, when asked, ``hidden_states``
    (a tuple of ``(B, T, d)``: the embeddings, then each block's output)."""

    logits: object
    hidden_states: tuple | None = None


class SelfAttention(nn.Module):
    """Multi-head self-attention whose mask says which keys each query may see."""

    def __init__(self, d: int, n_head: int, causal: bool, alibi: bool):
        super().__init__()
        self.n_head, self.causal, self.alibi = n_head, causal, alibi
        self._masks: dict = {}  # (T, device) -> mask, built once
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)

    def forward(self, x):
        B, T, d = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.n_head, d // self.n_head).permute(2, 0, 3, 1, 4)
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=self.mask(T, x.device))
        return self.out(y.transpose(1, 2).reshape(B, T, d))

    def mask(self, T: int, device):
        """Bool ``(T, T)`` mask, or with ALiBi a float ``(heads, T, T)`` bias with -inf where not allowed."""
        key = (T, str(device))
        if key not in self._masks:
            # the one line where BERT and GPT differ: which keys each query may see
            allowed = attention_mask("causal" if self.causal else "bidirectional", T).to(device)
            if self.alibi:
                bias = alibi_bias(self.n_head, T).to(device)  # -slope * distance
                allowed = bias.masked_fill(~allowed, float("-inf"))
            self._masks[key] = allowed
        return self._masks[key]


class MLP(nn.Module):
    """Position-wise ``d → 4d → d`` with a GELU."""

    def __init__(self, d: int):
        super().__init__()
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)

    def forward(self, x):
        return self.down(F.gelu(self.up(x)))


class Block(nn.Module):
    """Pre-LayerNorm Transformer block: x + attention(LN(x)), then x + MLP(LN(x))."""

    def __init__(self, d: int, n_head: int, causal: bool, alibi: bool):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = SelfAttention(d, n_head, causal, alibi)
        self.mlp = MLP(d)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


def _check_config(config: TinyLMConfig) -> None:
    if config.d_model % config.n_head:
        raise ValueError(f"d_model {config.d_model} must be divisible by n_head {config.n_head}")
    checks.choice(config.positions, "positions", ("alibi", "learned"))


class TinyTransformer(nn.Module):
    """Token + position embeddings, ``n_layer`` blocks, a final LayerNorm and an output layer
    tied to the token embedding. ``causal`` picks the attention mask."""

    def __init__(self, vocab_size: int, config: TinyLMConfig, causal: bool):
        super().__init__()
        _check_config(config)
        d, alibi = config.d_model, config.positions == "alibi"
        self.config, self.causal = config, causal
        self.tok = nn.Embedding(vocab_size, d)
        self.pos = None if alibi else nn.Embedding(config.block_size, d)
        self.blocks = nn.ModuleList(Block(d, config.n_head, causal, alibi) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(d)
        self.bias = nn.Parameter(torch.zeros(vocab_size))
        for name, p in self.named_parameters():
            if p.dim() == 2:
                # GPT-2's init: the projections back into the residual stream are scaled down with depth
                residual = name.endswith(("attn.out.weight", "mlp.down.weight"))
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * config.n_layer) if residual else 0.02)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    @property
    def device(self):
        return self.tok.weight.device

    def encode(self, input_ids, output_hidden_states: bool = False):
        """Final hidden states ``(B, T, d)`` (after the last LayerNorm) and, optionally, all of them."""
        T = input_ids.shape[1]
        if T > self.config.block_size:
            raise ValueError(f"input has {T} tokens; the context holds {self.config.block_size}")
        x = self.tok(input_ids)
        if self.pos is not None:
            x = x + self.pos(torch.arange(T, device=input_ids.device))
        states = [x]
        for block in self.blocks:
            x = block(x)
            states.append(x)
        return self.ln_f(x), (tuple(states) if output_hidden_states else None)

    def head(self, hidden):
        """Logits over the vocabulary for hidden states ``(..., d)``."""
        return hidden @ self.tok.weight.T + self.bias

    def forward(self, input_ids, output_hidden_states: bool = False):
        hidden, states = self.encode(input_ids, output_hidden_states)
        return ModelOutput(self.head(hidden), states)


def build_model(kind: str, vocab_size: int, config: TinyLMConfig = TinyLMConfig()) -> TinyTransformer:
    """An untrained ``TinyTransformer``: bidirectional for ``kind="masked"`` (a tiny BERT), causal
    for ``"causal"`` (a tiny GPT). Same code, same parameter count; only the attention mask differs."""
    checks.choice(kind, "kind", KINDS)
    checks.integer(vocab_size, "vocab_size", minimum=6)
    return TinyTransformer(vocab_size, config, causal=(kind == "causal"))
