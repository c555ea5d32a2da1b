"""Training the tiny BERT and the tiny GPT on the same windows of text, at the same compute.

``lm_loss`` is the one place the objectives differ: masked-LM cross-entropy on the corrupted 15%, or
next-token cross-entropy on every position. ``training_flops`` counts a step's cost with the
``6 · parameters · tokens`` rule, so ``equal_compute_steps`` can give both models the same budget.
"""

from __future__ import annotations

import math
import time

import torch
import torch.nn.functional as F

from ..core import checks
from ..core.runtime import cpu_threads as _cpu_threads
from .language_model import LanguageModel, tiny_language_model
from .objectives import IGNORE_INDEX, mlm_mask
from .tiny_model import KINDS, TinyLMConfig, build_model
from .vocab import TextData


def random_windows(ids, block_size: int, batch_size: int, generator):
    """``(batch_size, block_size)`` windows cut from the 1-D ``ids`` at random starts."""
    if len(ids) <= block_size:
        raise ValueError(f"need more than {block_size} tokens, got {len(ids)}")
    starts = torch.randint(0, len(ids) - block_size, (batch_size,), generator=generator)
    return torch.stack([ids[s:s + block_size] for s in starts.tolist()])


def lm_loss(kind: str, model, batch, vocab_size: int, mask_id: int, mask_prob: float = 0.15, generator=None):
    """The training loss of one batch ``(B, T)``: masked-LM cross-entropy on the corrupted tokens
    (logits computed only there), or next-token cross-entropy on every position."""
    if kind == "causal":
        logits = model(batch[:, :-1]).logits  # position t predicts token t + 1
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
    inputs, labels = mlm_mask(batch, vocab_size, special_ids=(0,), mask_id=mask_id, prob=mask_prob,
                              generator=generator)
    chosen = labels != IGNORE_INDEX
    hidden, _ = model.encode(inputs)
    return F.cross_entropy(model.head(hidden[chosen]), labels[chosen])  # logits only where it is scored


def training_flops(kind: str, config: TinyLMConfig, vocab_size: int) -> float:
    """Approximate training FLOPs of one step (the ``6 · parameters · tokens`` rule, attention
    scores included): the blocks run on every input token; the output layer runs on every
    position for a causal LM but only on the corrupted positions for a masked LM."""
    checks.choice(kind, "kind", KINDS)
    _check_config(config), checks.positive_int(vocab_size, "vocab_size")
    d, L, T, B = config.d_model, config.n_layer, config.block_size, config.batch_size
    block = L * (12 * d * d + 13 * d + 2 * T * d)  # weights, plus QK^T and AV per token
    head = vocab_size * (d + 1)
    tokens = B * (T - 1) if kind == "causal" else B * T  # a causal LM's last token has nothing to predict
    targets = training_targets(kind, config, steps=1)
    return 6.0 * (tokens * block + targets * head)


def training_targets(kind: str, config: TinyLMConfig, steps: int | None = None) -> float:
    """How many tokens are scored in ``steps`` steps (default ``config.steps``): every next token
    for a causal LM, the ``mask_prob`` share of the tokens (on average) for a masked LM."""
    checks.choice(kind, "kind", KINDS)
    _check_config(config)
    steps = checks.positive_int(config.steps if steps is None else steps, "steps")
    if kind == "causal":
        return steps * config.batch_size * (config.block_size - 1)
    return steps * config.batch_size * config.block_size * config.mask_prob


def _check_config(config) -> None:
    if not isinstance(config, TinyLMConfig):
        raise TypeError(f"config must be a TinyLMConfig, got {type(config).__name__} {checks.shown(config)}")


def equal_compute_steps(config: TinyLMConfig, vocab_size: int) -> int:
    """Steps of masked-LM training that cost what ``config.steps`` steps of causal-LM training cost."""
    ratio = training_flops("causal", config, vocab_size) / training_flops("masked", config, vocab_size)
    return int(round(config.steps * ratio))


def _lr_schedule(warmup_steps: int, steps: int):
    """Linear warm-up, then cosine decay to a tenth: the learning-rate factor at each step."""
    def factor(step):
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        frac = (step - warmup_steps) / max(1, steps - warmup_steps)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac))
    return factor


def train_lm(kind: str, data: TextData, config: TinyLMConfig = TinyLMConfig(), seed: int = 0,
             progress: bool = True, cpu_threads: int | None = 1, steps: int | None = None) -> LanguageModel:
    """Train a tiny masked (BERT) or causal (GPT) LM on ``data.train``; return it wrapped.

    AdamW, linear warm-up then cosine decay, ``steps`` (default ``config.steps``) steps of
    ``config.batch_size`` random windows. The windows depend only on ``seed``, so both kinds
    see the same text (a longer run sees the same windows first, then more).
    Shows a tqdm progress bar with the running loss; ``train_seconds`` records the wall time.
    """
    from tqdm.auto import tqdm

    from ..core.runtime import device

    checks.choice(kind, "kind", KINDS)
    _check_config(config)
    if not isinstance(data, TextData):
        raise TypeError(f"data must be a TextData (prepare_text() or novels_data()), got {type(data).__name__}")
    steps = checks.positive_int(config.steps if steps is None else steps, "steps")
    dev = device()
    with _cpu_threads(cpu_threads if dev.type == "cpu" else None):
        torch.manual_seed(seed)
        model = build_model(kind, len(data.vocab), config).to(dev).train()
        opt = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01, betas=(0.9, 0.98))
        sched = torch.optim.lr_scheduler.LambdaLR(opt, _lr_schedule(config.warmup_steps, steps))
        windows_rng = torch.Generator().manual_seed(seed)
        mask_rng = torch.Generator().manual_seed(seed + 1)
        losses = []
        start = time.perf_counter()
        bar = tqdm(range(steps), desc=f"training tiny {'BERT' if kind == 'masked' else 'GPT'}",
                   disable=not progress)
        for _ in bar:
            batch = random_windows(data.train, config.block_size, config.batch_size, windows_rng).to(dev)
            loss = lm_loss(kind, model, batch, len(data.vocab), data.vocab.mask_id, config.mask_prob, mask_rng)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
            bar.set_postfix(loss=f"{losses[-1]:.2f}")
        seconds = time.perf_counter() - start
    lm = tiny_language_model(kind, model.eval(), data.vocab)
    lm.losses, lm.train_seconds = losses, seconds
    return lm
