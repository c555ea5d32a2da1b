"""LLaVA's real connector in miniature: image patch tokens → projector → a frozen language model's input.

The vision encoder's patch tokens (all of them, not one pooled vector) go through a trained projector
into the *input-embedding space* of a frozen causal language model (lesson 02's ``TinyTransformer``),
where they sit in front of the caption's word embeddings. The language model reads them as if they
were words; its next-token loss on the caption is the only training signal (Liu et al., 2023).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ..core import checks
from ..language.tiny_model import TinyLMConfig, TinyTransformer
from .connector import NUMBER_WORDS, TRAIN_TEMPLATES, build_projector

SPECIALS = ("<pad>", "<bos>", "<eos>")
CAPTION_LM = TinyLMConfig(d_model=64, n_layer=2, n_head=4, block_size=32)


class CaptionVocab:
    """Whole words of the digit captions, plus ``<pad>`` (0), ``<bos>`` (1) and ``<eos>`` (2)."""

    def __init__(self, templates=TRAIN_TEMPLATES, number_words=NUMBER_WORDS):
        words = sorted({w for t in templates for w in t.split() if w != "{word}"} | set(number_words))
        self.words = list(SPECIALS) + words
        self.index = {w: i for i, w in enumerate(self.words)}

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, caption: str) -> list[int]:
        """``<bos>`` caption ``<eos>`` as ids; a word outside the vocabulary is refused."""
        unknown = [w for w in checks.text(caption, "caption").split() if w not in self.index]
        if unknown:
            raise ValueError(f"caption {caption!r} has words outside the vocabulary: {unknown}")
        return [1] + [self.index[w] for w in caption.split()] + [2]

    def decode(self, ids) -> str:
        """Words up to the first ``<eos>``, specials dropped."""
        words = []
        for i in (checks.integer(i, "ids[i]", 0, len(self.words) - 1) for i in ids):
            if int(i) == 2:
                break
            if int(i) > 2:
                words.append(self.words[int(i)])
        return " ".join(words)


def embed_and_run(lm: TinyTransformer, embeddings):
    """The language model from its input embeddings ``(B, T, d)`` instead of token ids → logits ``(B, T, V)``."""
    x = embeddings
    if lm.pos is not None:
        x = x + lm.pos(torch.arange(x.shape[1], device=x.device))
    for block in lm.blocks:
        x = block(x)
    return lm.head(lm.ln_f(x))


@dataclass
class CaptionOutput:
    """``logits`` ``(B, visual + T, V)`` and how many visual tokens the language model read."""

    logits: torch.Tensor
    visual_tokens: int


class VisualPrefixCaptioner(nn.Module):
    """Frozen LM + trained projector: ``[projector(patch tokens); embed(caption)]`` → the LM's logits."""

    def __init__(self, lm: TinyTransformer, visual_width: int, kind: str = "mlp"):
        super().__init__()
        self.lm = lm
        for p in self.lm.parameters():
            p.requires_grad_(False)   # the language model is frozen: only the projector learns
        self.projector = build_projector(kind, visual_width, lm.config.d_model)

    def forward(self, patch_tokens, caption_ids) -> CaptionOutput:
        """``patch_tokens`` ``(B, N, visual_width)``, ``caption_ids`` ``(B, T)`` → ``CaptionOutput``."""
        visual = self.projector(patch_tokens)                          # (B, N, d): "words" that were never words
        sequence = torch.cat([visual, self.lm.tok(caption_ids)], dim=1)
        return CaptionOutput(embed_and_run(self.lm, sequence), visual.shape[1])

    def caption_loss(self, patch_tokens, caption_ids):
        """The LM's next-token loss on the caption only (visual positions predict nothing)."""
        out = self(patch_tokens, caption_ids[:, :-1])
        logits = out.logits[:, out.visual_tokens:]                      # positions of <bos> .. last word
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), caption_ids[:, 1:].reshape(-1), ignore_index=0)

    @torch.no_grad()
    def generate(self, patch_tokens, max_words: int = 10) -> torch.Tensor:
        """Greedy captions ``(B, <= max_words)`` of ids, after ``<bos>``, for ``(B, N, visual_width)`` images."""
        room = self.lm.config.block_size - patch_tokens.shape[1] - 1 if self.lm.pos is not None else 1000
        checks.integer(max_words, "max_words", 1, max(1, room))     # bounded: the LM reads block_size positions at most
        ids = torch.ones(len(patch_tokens), 1, dtype=torch.long)
        for _ in range(max_words):
            next_id = self(patch_tokens, ids).logits[:, -1].argmax(-1, keepdim=True)
            ids = torch.cat([ids, next_id], dim=1)
            if (ids == 2).any(dim=1).all():   # every caption has ended with <eos>
                break
        return ids[:, 1:]


def patch_tokens(vit_encoder, images) -> torch.Tensor:
    """All of a ViT's patch tokens ``(B, N, width)``, class token dropped (as LLaVA does), no gradient."""
    with torch.no_grad():
        return vit_encoder(images).hidden[:, 1:]
