"""Training the miniature LLaVA: the language model on caption text alone, then (frozen) the projector.

Stage 0 here is a language model that has read captions but never seen an image; stage 1 is LLaVA's
first stage: encoder and language model frozen, the projector trained with the caption's next-token loss.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from ..core import checks, runtime
from ..language.tiny_model import TinyTransformer
from .captioner import CAPTION_LM, CaptionVocab, VisualPrefixCaptioner
from .connector import NUMBER_WORDS, TRAIN_TEMPLATES


def caption_batch(vocab: CaptionVocab, labels, generator=None, captions_per_text: int = 1,
                  templates=TRAIN_TEMPLATES) -> torch.Tensor:
    """Per label, ``captions_per_text`` captions of that digit in a row, wordings drawn at random, padded
    with ``<pad>``: ids ``(B, T)``."""
    picks = torch.randint(len(templates), (len(labels), captions_per_text), generator=generator).tolist()
    rows = [vocab.encode(" ".join(templates[p].format(word=NUMBER_WORDS[int(y)]) for p in ps))
            for ps, y in zip(picks, labels)]
    width = max(map(len, rows))
    return torch.tensor([r + [0] * (width - len(r)) for r in rows])


@dataclass
class CaptionRun:
    """What a training run did: loss per step and seconds."""

    losses: list = field(default_factory=list)
    seconds: float = 0.0


@runtime.cpu_threads(1)   # tiny models: one thread is fastest on a shared CPU
def train_caption_lm(vocab: CaptionVocab, steps: int = 300, batch_size: int = 32, lr: float = 3e-3,
                     seed: int = 0, progress: bool = False) -> tuple[TinyTransformer, CaptionRun]:
    """Lesson 02's tiny GPT trained on caption *text* alone (no image): next-token loss, a few seconds.

    Each text is two captions of one digit, so the model learns from text what a large LM knows already:
    what the context said about the picture decides which digit comes next. ``progress`` shows a tqdm bar.
    """
    from tqdm.auto import tqdm

    checks.positive_int(steps, "steps")
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    lm = TinyTransformer(len(vocab), CAPTION_LM, causal=True)
    optimiser = torch.optim.AdamW(lm.parameters(), lr=lr)
    run, start = CaptionRun(), time.perf_counter()
    for _ in tqdm(range(steps), desc="caption language model (text only)", disable=not progress):
        ids = caption_batch(vocab, torch.randint(10, (batch_size,), generator=generator), generator, 2)
        logits = lm(ids[:, :-1]).logits
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1), ignore_index=0)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        run.losses.append(loss.item())
    run.seconds = time.perf_counter() - start
    return lm.eval(), run


@runtime.cpu_threads(1)   # tiny models: one thread is fastest on a shared CPU
def train_caption_projector(captioner: VisualPrefixCaptioner, vocab: CaptionVocab, patch_tokens, labels,
                            steps: int = 300, batch_size: int = 32, lr: float = 1e-2, seed: int = 0,
                            progress: bool = False) -> CaptionRun:
    """LLaVA's stage 1: only ``captioner.projector`` learns, from the frozen LM's loss on each image's caption.

    ``patch_tokens`` ``(n, N, width)`` from the frozen encoder, ``labels`` ``(n,)`` digit classes.
    ``progress`` shows a tqdm bar.
    """
    from tqdm.auto import tqdm

    checks.positive_int(steps, "steps")
    if patch_tokens.ndim != 3 or len(patch_tokens) != len(labels):
        raise ValueError(f"expected patch_tokens (n, N, width) and labels (n,), got "
                         f"{tuple(patch_tokens.shape)} and {tuple(labels.shape)}")
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    optimiser = torch.optim.AdamW(captioner.projector.parameters(), lr=lr)
    run, start = CaptionRun(), time.perf_counter()
    for _ in tqdm(range(steps), desc="projector (LLaVA stage 1)", disable=not progress):
        idx = torch.randint(len(labels), (batch_size,), generator=generator)
        loss = captioner.caption_loss(patch_tokens[idx], caption_batch(vocab, labels[idx], generator))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        run.losses.append(loss.item())
    run.seconds = time.perf_counter() - start
    return run


def names_digit(caption: str, label: int) -> bool:
    """Whether the caption names the digit ``label`` and no other."""
    said = [w for w in caption.split() if w in NUMBER_WORDS]
    return said == [NUMBER_WORDS[int(label)]]


@runtime.cpu_threads(1)   # tiny models: one thread is fastest on a shared CPU
def caption_accuracy(captioner: VisualPrefixCaptioner, vocab: CaptionVocab, patch_tokens, labels) -> float:
    """Fraction of images whose greedy caption names their digit."""
    captions = [vocab.decode(ids) for ids in captioner.generate(patch_tokens)]
    return sum(names_digit(c, y) for c, y in zip(captions, labels.tolist())) / len(captions)
