"""Training the tiny CLAP: seeded, on one CPU thread, with the contrastive loss and CLIP's clamped logit scale.

``train_tiny_clap(train_set, "minilm")`` returns ``(model, History)``; ``untrained_tiny_clap`` gives
the same architecture with its initial random weights, for a "before training" picture.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch

from ..core import checks
from ..core.runtime import cpu_threads
from .contrastive import clip_loss
from .tiny_clap import EMBED_DIM, MINILM_CACHE, TEXT_TOWERS, TinyCLAP, TinyCLAPConfig, audio_features


@dataclass
class History:
    """What training did: loss per step, logit scale per step, wall-clock and CPU seconds taken.

    Training runs on one thread, so ``cpu_seconds`` is about what the wall clock would show on an
    idle core; ``seconds`` is longer when other work shares the CPU.
    """

    text_tower: str
    losses: list[float] = field(default_factory=list)
    logit_scales: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    steps: int = 0

    def summary(self) -> str:
        """One line: steps, time, loss from first step to the mean of the last ten, logit scale first to last."""
        return (f"{self.text_tower:8} text tower: {self.steps} steps in {self.seconds:.1f} s ({self.cpu_seconds:.1f} s of CPU), "
                f"loss {self.losses[0]:.2f} → {np.mean(self.losses[-10:]):.2f}, "
                f"logit scale {self.logit_scales[0]:.1f} → {self.logit_scales[-1]:.1f}")


def _check_training(train_set, text_tower, epochs, batch_size, lr, seed, max_steps):
    from .sounds import SoundSet

    checks.choice(text_tower, "text_tower", TEXT_TOWERS)
    if not isinstance(train_set, SoundSet):
        raise TypeError(f"train_set must be a sounds.SoundSet (from clap.make_set), got {type(train_set).__name__}")
    if len(train_set) < 2:
        raise ValueError(f"train_set must hold at least 2 pairs for a contrastive batch, got {len(train_set)}")
    checks.integer(seed, "seed", 0), max_steps is None or checks.positive_int(max_steps, "max_steps")
    return (checks.positive_int(epochs, "epochs"), checks.integer(batch_size, "batch_size", 2),
            checks.real(lr, "lr", 0, open_minimum=True))


def train_tiny_clap(train_set, text_tower: str = "minilm", epochs: int = 12, batch_size: int = 64,
                    lr: float = 3e-3, embed_dim: int = EMBED_DIM, seed: int = 0, progress: bool = True,
                    weight_decay: float = 1e-4, max_steps: int | None = None, token_dim: int = 96,
                    text_dropout: float = 0.0):
    """Train a tiny CLAP on ``train_set`` (a ``sounds.SoundSet``); return ``(model, History)``.

    Seeded: the same arguments give the same weights. Every batch is a fresh shuffle of matched
    (clip, caption) pairs; the loss is ``contrastive.clip_loss`` with the learnable logit scale
    clamped to at most 100 after each step, as CLIP does. ``max_steps`` cuts the schedule short
    (smoke tests); ``token_dim`` is the scratch text tower's embedding width; ``text_dropout`` drops
    MiniLM features while training.
    """
    epochs, batch_size, lr = _check_training(train_set, text_tower, epochs, batch_size, lr, seed, max_steps)
    config = TinyCLAPConfig(text_tower, embed_dim, train_set.sample_rate_hz, token_dim=token_dim,
                            text_dropout=text_dropout)
    with cpu_threads(1):
        return _train(train_set, config, epochs, batch_size, lr, seed, progress, weight_decay, max_steps)


def _train(train_set, config: TinyCLAPConfig, epochs, batch_size, lr, seed, progress, weight_decay=1e-4,
           max_steps=None):
    from tqdm.auto import tqdm

    torch.manual_seed(seed)
    start, cpu_start = time.perf_counter(), time.process_time()
    model = TinyCLAP(config)
    mel = audio_features(train_set, train_set.sample_rate_hz)
    captions = list(train_set.captions)
    if config.text_tower == "minilm":
        MINILM_CACHE(sorted(set(captions)))             # one pass of the frozen encoder over all captions
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    steps_per_epoch = len(captions) // batch_size or 1
    total = epochs * steps_per_epoch if max_steps is None else min(max_steps, epochs * steps_per_epoch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=total, pct_start=0.15)
    history = History(config.text_tower)
    generator = torch.Generator().manual_seed(seed)
    bar = tqdm(total=total, desc=f"tiny CLAP, {config.text_tower} text tower", disable=not progress, leave=True)
    model.train()
    for step in range(total):
        s = step % steps_per_epoch
        if s == 0:
            order = torch.randperm(len(captions), generator=generator)
        idx = order[s * batch_size:(s + 1) * batch_size]
        a = model.encode_audio_features(mel[idx])
        t = model.encode_text_train([captions[i] for i in idx])
        loss = clip_loss(a, t, model.temperature.value())
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        model.temperature.clamp_()
        history.losses.append(float(loss.detach()))
        history.logit_scales.append(model.logit_scale)
        bar.update(1)
        bar.set_postfix(loss=f"{history.losses[-1]:.3f}", scale=f"{model.logit_scale:.1f}")
    bar.close()
    model.eval()
    history.seconds = time.perf_counter() - start
    history.cpu_seconds = time.process_time() - cpu_start
    history.steps = total
    return model, history


def untrained_tiny_clap(text_tower: str = "minilm", embed_dim: int = EMBED_DIM, seed: int = 0,
                        sample_rate_hz: int = 16_000) -> TinyCLAP:
    """The same architecture with its initial random weights (for a "before training" picture)."""
    embed_dim, sample_rate_hz = checks.positive_int(embed_dim, "embed_dim"), checks.sample_rate(sample_rate_hz)
    torch.manual_seed(checks.integer(seed, "seed", 0))
    return TinyCLAP(TinyCLAPConfig(text_tower, embed_dim, sample_rate_hz)).eval()
