"""A small CLAP that trains in seconds on a CPU: a CNN on log-mels and a text tower, one shared space.

Two text towers to compare:

- ``"minilm"``: the real pretrained all-MiniLM-L6-v2 sentence encoder, frozen; only a linear
  projection into the shared space is trained. It already knows that "shrill" is close to
  "high-pitched", so new wordings land near the right sounds.
- ``"scratch"``: WordPiece tokens into a bag of embeddings and a small MLP, all trained from
  scratch on our captions. It can only know the words it has seen.

The audio tower is the same for both: a four-block CNN over the ``(64, frames)`` log-mel.
``train_tiny_clap`` is seeded and returns the model and its loss history; lesson 04 reuses the
trained audio encoder and shared space through ``TinyCLAP.encode_audio``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from . import contrastive
from ..core.runtime import cpu_threads

N_MELS = 64
EMBED_DIM = 128
TEXT_TOWERS = ("minilm", "scratch")


def _torch():
    import torch

    return torch


def audio_features(waveforms, sample_rate_hz: int):
    """Log-mels ``(n, 1, 64, frames)`` scaled to roughly unit range, for a batch ``(n, samples)``.

    ``waveforms`` may also be a ``sound_captions.SoundSet``, whose log-mels are computed once and kept.
    """
    torch = _torch()
    from .audio import log_mel

    if hasattr(waveforms, "log_mels"):
        mel = waveforms.log_mels()
    else:
        x = torch.as_tensor(np.asarray(waveforms, dtype=np.float32))
        if x.ndim == 1:
            x = x[None]
        mel = log_mel(x, sample_rate_hz, N_MELS)
    return ((mel + 40.0) / 40.0)[:, None]


def _build_audio_encoder(embed_dim: int):
    nn = _torch().nn

    def block(c_in, c_out):
        return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(c_out),
                             nn.ReLU())

    class AudioEncoder(nn.Module):
        """2-D CNN on the log-mel picture: ``(n, 1, 64, frames)`` → ``(n, embed_dim)`` (not normalised).

        Convolutions slide along frequency as well as time, so a pattern learned at one pitch is
        recognised at another, which the held-out pitch band asks for (a 1-D CNN with the mel bands as
        channels is cheaper but learns every band separately).
        """

        def __init__(self):
            super().__init__()
            self.pool = nn.AvgPool2d((1, 2))                 # 20 ms frames are fine for these sounds
            self.blocks = nn.Sequential(block(1, 16), block(16, 32), block(32, 48), block(48, 64))
            # keep the 4 frequency rows (where the energy sits), summarise time by average and peak
            self.head = nn.Sequential(nn.Flatten(), nn.Linear(64 * 4 * 2, 256), nn.ReLU(), nn.Linear(256, embed_dim))

        def forward(self, mel):
            h = self.blocks(self.pool(mel))                                  # (n, 64, 4, frames / 32)
            return self.head(_torch().cat([h.mean(dim=-1), h.amax(dim=-1)], dim=-1))

    return AudioEncoder()


class MiniLMCache:
    """Frozen MiniLM sentence embeddings ``(n, 384)``, computed once per distinct caption."""

    def __init__(self):
        self.vectors: dict[str, object] = {}

    def __call__(self, texts):
        torch = _torch()
        from ..core import minilm

        missing = sorted({t for t in texts if t not in self.vectors})
        if missing:
            for text, vec in zip(missing, minilm.embed(missing).cpu()):
                self.vectors[text] = vec
        return torch.stack([self.vectors[t] for t in texts])


_MINILM_CACHE = MiniLMCache()


def _build_text_tower(kind: str, embed_dim: int):
    torch = _torch()
    nn = torch.nn

    class FrozenMiniLMTower(nn.Module):
        """Frozen pretrained MiniLM (384-d sentence vectors) → trainable linear projection → ``embed_dim``."""

        def __init__(self):
            super().__init__()
            self.projection = nn.Linear(384, embed_dim)
            # start near zero: what the projection learns then lies in the span of the training captions,
            # so a new wording is mapped through what it shares with them, not through random weights
            nn.init.normal_(self.projection.weight, std=1e-3)
            nn.init.zeros_(self.projection.bias)

        def forward(self, texts):
            return self.projection(_MINILM_CACHE(texts).to(self.projection.weight.device))

    class ScratchTextTower(nn.Module):
        """WordPiece ids → mean of trainable token embeddings → MLP → ``embed_dim``; nothing pretrained."""

        def __init__(self):
            super().__init__()
            from ..core.tokenizers import bert_fast

            self.tokenizer = bert_fast()
            self.embedding = nn.EmbeddingBag(self.tokenizer.vocab_size, 96, mode="mean")
            self.mlp = nn.Sequential(nn.Linear(96, 256), nn.ReLU(), nn.Linear(256, embed_dim))

        def forward(self, texts):
            ids = [self.tokenizer(t, add_special_tokens=False)["input_ids"] or [0] for t in texts]
            flat = torch.tensor([i for seq in ids for i in seq])
            offsets = torch.tensor([0] + [len(s) for s in ids[:-1]]).cumsum(0)
            return self.mlp(self.embedding(flat, offsets))

    if kind == "minilm":
        return FrozenMiniLMTower()
    if kind == "scratch":
        return ScratchTextTower()
    raise ValueError(f"text_tower must be one of {TEXT_TOWERS}, got {kind!r}")


def _build_model(text_tower: str, embed_dim: int, sample_rate_hz: int):
    torch = _torch()

    class TinyCLAP(torch.nn.Module):
        """Audio CNN + text tower into one ``embed_dim`` space, with a learnable logit scale."""

        def __init__(self):
            super().__init__()
            self.text_tower_kind = text_tower
            self.sample_rate_hz = sample_rate_hz
            self.audio_encoder = _build_audio_encoder(embed_dim)
            self.text_encoder = _build_text_tower(text_tower, embed_dim)
            self.temperature = contrastive.LogitScale()
            self.logit_scale_log = self.temperature.parameter   # registered so it is saved and optimised

        def encode_audio_features(self, mel):
            """``(n, 1, 64, frames)`` log-mel features → ``(n, embed_dim)`` unit vectors."""
            return torch.nn.functional.normalize(self.audio_encoder(mel), dim=-1)

        def encode_audio(self, waveforms):
            """``(n, samples)`` waveforms at ``sample_rate_hz`` (or a ``SoundSet``) → ``(n, embed_dim)`` unit vectors."""
            self.eval()
            with torch.no_grad(), cpu_threads(1):
                return self.encode_audio_features(audio_features(waveforms, self.sample_rate_hz))

        def encode_text_train(self, texts):
            return torch.nn.functional.normalize(self.text_encoder(list(texts)), dim=-1)

        def encode_text(self, texts):
            """A list of ``n`` captions → ``(n, embed_dim)`` unit vectors (eval mode)."""
            texts = _check_captions(texts, allow_duplicates=True)
            self.eval()
            with torch.no_grad(), cpu_threads(1):
                return self.encode_text_train(texts)

        @property
        def logit_scale(self) -> float:
            return float(self.logit_scale_log.detach().exp())

    return TinyCLAP()


def _check_captions(texts, allow_duplicates: bool = False) -> list[str]:
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, (list, tuple)) or not all(isinstance(t, str) for t in texts):
        raise TypeError("captions must be a list of str")
    texts = [t.strip() for t in texts]
    if not texts or not all(texts):
        raise ValueError("captions must be a non-empty list of non-empty strings")
    if not allow_duplicates and len(set(texts)) != len(texts):
        dup = next(t for t in texts if texts.count(t) > 1)
        raise ValueError(f"caption list has a duplicate ({dup!r}): each candidate must be different")
    return texts


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


def train_tiny_clap(train_set, text_tower: str = "minilm", epochs: int = 12, batch_size: int = 64,
                    lr: float = 3e-3, embed_dim: int = EMBED_DIM, seed: int = 0, progress: bool = True):
    """Train a tiny CLAP on ``train_set`` (a ``sound_captions.SoundSet``); return ``(model, History)``.

    Seeded: the same arguments give the same weights. Every batch is a fresh shuffle of matched
    (clip, caption) pairs; the loss is ``contrastive.clip_loss`` with the learnable logit scale
    clamped to at most 100 after each step, as CLIP does.
    """
    if text_tower not in TEXT_TOWERS:
        raise ValueError(f"text_tower must be one of {TEXT_TOWERS}, got {text_tower!r}")
    if len(train_set) < 2:
        raise ValueError("a contrastive batch needs at least 2 pairs")
    with cpu_threads(1):
        return _train(train_set, text_tower, epochs, batch_size, lr, embed_dim, seed, progress)


def _train(train_set, text_tower, epochs, batch_size, lr, embed_dim, seed, progress):
    torch = _torch()
    from tqdm.auto import tqdm

    torch.manual_seed(seed)
    start, cpu_start = time.perf_counter(), time.process_time()
    model = _build_model(text_tower, embed_dim, train_set.sample_rate_hz)
    mel = audio_features(train_set, train_set.sample_rate_hz)
    captions = list(train_set.captions)
    if text_tower == "minilm":
        _MINILM_CACHE(sorted(set(captions)))            # one pass of the frozen encoder over all captions
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=1e-4)
    steps_per_epoch = len(captions) // batch_size or 1
    total = epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=total, pct_start=0.15)
    history = History(text_tower)
    generator = torch.Generator().manual_seed(seed)
    bar = tqdm(total=total, desc=f"tiny CLAP, {text_tower} text tower", disable=not progress, leave=True)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(captions), generator=generator)
        for s in range(steps_per_epoch):
            idx = order[s * batch_size:(s + 1) * batch_size]
            a = model.encode_audio_features(mel[idx])
            t = model.encode_text_train([captions[i] for i in idx])
            loss = contrastive.clip_loss(a, t, model.temperature.value())
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
                        sample_rate_hz: int = 16_000):
    """The same architecture with its initial random weights (for a "before training" picture)."""
    torch = _torch()
    torch.manual_seed(seed)
    return _build_model(text_tower, embed_dim, sample_rate_hz).eval()


def similarity_matrix(model, waveforms, captions):
    """Cosine similarities ``(n_clips, n_captions)`` between clips (waveforms or a SoundSet) and captions."""
    return model.encode_audio(waveforms) @ model.encode_text(list(captions)).T


def class_embeddings(model, prompts: dict[str, list[str]]):
    """One unit vector per class ``(n_classes, dim)``: the normalised mean of its prompts' embeddings."""
    torch = _torch()
    rows = [model.encode_text(list(p)).mean(0) for p in prompts.values()]
    return torch.nn.functional.normalize(torch.stack(rows), dim=-1)


@dataclass
class ZeroShot:
    """Zero-shot classification result: accuracy and per-clip predicted class indices."""

    accuracy: float
    predictions: np.ndarray
    labels: np.ndarray
    class_names: list[str]

    def confusion(self) -> np.ndarray:
        """``(classes, classes)`` counts: row = true class, column = predicted class."""
        k = len(self.class_names)
        m = np.zeros((k, k), dtype=int)
        np.add.at(m, (self.labels, self.predictions), 1)
        return m


def zero_shot(model, sound_set, prompts: dict[str, list[str]], audio_embeddings=None) -> ZeroShot:
    """Classify each clip of ``sound_set`` as the class whose prompts are closest; no training on them.

    ``audio_embeddings`` ``(n, dim)``: the clips already encoded by ``model`` (saves recomputing them).
    """
    names = list(prompts)
    missing = set(sound_set.kinds) - set(names)
    if missing:
        raise ValueError(f"no prompts for kinds {sorted(missing)}")
    if audio_embeddings is None:
        audio_embeddings = model.encode_audio(sound_set)
    scores = audio_embeddings @ class_embeddings(model, prompts).T
    predictions = scores.argmax(dim=1).numpy()
    labels = np.array([names.index(k) for k in sound_set.kinds])
    return ZeroShot(float((predictions == labels).mean()), predictions, labels, names)


def prompt_accuracy(model, sound_set, prompts: dict[str, list[str]]) -> list[tuple[str, str, float]]:
    """How well each single prompt works: ``[(kind, prompt, accuracy on that kind's clips)]``.

    For each prompt, its kind is represented by that prompt alone (the other kinds keep all their
    prompts), and the accuracy is the fraction of that kind's clips classified correctly.
    """
    kinds = np.array(sound_set.kinds)
    audio = model.encode_audio(sound_set)
    out = []
    for kind, phrases in prompts.items():
        index = np.flatnonzero(kinds == kind)
        clips = sound_set.subset(index)
        for phrase in phrases:
            result = zero_shot(model, clips, {k: ([phrase] if k == kind else v) for k, v in prompts.items()},
                               audio_embeddings=audio[index])
            out.append((kind, phrase, result.accuracy))
    return out


def nearest_phrases(queries, candidates) -> list[tuple[str, str, float]]:
    """For each query, the candidate MiniLM finds most similar: ``[(query, nearest, cosine)]``.

    Shows what the frozen text tower brings before any training: which training wording a new
    wording sits closest to.
    """
    from ..core import minilm

    q, c = minilm.embed(list(queries)), minilm.embed(list(candidates))
    sims = q @ c.T
    best = sims.argmax(dim=1)
    return [(queries[i], candidates[int(best[i])], float(sims[i, best[i]])) for i in range(len(queries))]


def retrieval(model, sound_set, ks=(1, 5)) -> dict[str, float]:
    """Recall@k both ways on ``sound_set``'s own (clip, caption) pairs: ``{"audio→text R@1": ...}``."""
    s = similarity_matrix(model, sound_set, sound_set.captions)
    out = {}
    for k in ks:
        out[f"audio→text R@{k}"] = contrastive.recall_at_k(s, k)
        out[f"text→audio R@{k}"] = contrastive.recall_at_k(s.T, k)
    return out


def rank_captions(model, waveform, sample_rate_hz: int, captions) -> list[tuple[str, float]]:
    """Candidate ``captions`` ranked for one clip: ``[(caption, probability)]``, best first.

    Probabilities are the softmax of the model's scaled similarities over the candidates. The clip
    is converted to the model's rate and to mono if needed; duplicate captions are an error.
    """
    torch = _torch()
    from .audio import prepare

    captions = _check_captions(captions)
    wave = prepare(waveform, sample_rate_hz, model.sample_rate_hz)
    sims = (model.encode_audio(wave[None]) @ model.encode_text(captions).T)[0]
    probs = torch.softmax(model.logit_scale * sims, dim=0).numpy()
    order = np.argsort(-probs, kind="stable")
    return [(captions[i], float(probs[i])) for i in order]
