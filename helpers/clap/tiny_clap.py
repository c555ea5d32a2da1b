"""A small CLAP that trains in seconds on a CPU: a CNN on log-mels and a text tower, one shared space.

Two text towers to compare:

- ``"minilm"``: the real pretrained all-MiniLM-L6-v2 sentence encoder, frozen; only a linear
  projection into the shared space is trained. It already knows that "shrill" is close to
  "high-pitched", so new wordings land near the right sounds.
- ``"scratch"``: WordPiece tokens into a bag of embeddings and a small MLP, all trained from
  scratch on our captions. It can only know the words it has seen.

The audio tower is the same for both: a four-block 2-D CNN over the ``(64, frames)`` log-mel.
``training.train_tiny_clap`` trains it; lesson 05 reuses the trained audio encoder and shared
space through ``TinyCLAP.encode_audio``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ..core import checks, minilm
from ..core.runtime import cpu_threads
from .audio import log_mel
from .contrastive import LogitScale

N_MELS = 64
EMBED_DIM = 128
MINILM_DIM = 384
TEXT_TOWERS = ("minilm", "scratch")


@dataclass
class TinyCLAPConfig:
    text_tower: str = "minilm"      # "minilm" (frozen, pretrained) or "scratch" (trained here)
    embed_dim: int = EMBED_DIM      # width of the shared space
    sample_rate_hz: int = 16_000    # what encode_audio expects
    n_mels: int = N_MELS
    token_dim: int = 96             # the scratch tower's token embedding width (unused by "minilm")
    text_dropout: float = 0.0       # dropout on the frozen MiniLM vector while training (unused by "scratch")

    def __post_init__(self):
        checks.choice(self.text_tower, "text_tower", TEXT_TOWERS)


def audio_features(waveforms, sample_rate_hz: int):
    """Log-mels ``(n, 1, 64, frames)`` scaled to roughly unit range, for a batch ``(n, samples)``.

    ``waveforms`` may also be a ``sounds.SoundSet``, whose log-mels are computed once and kept.
    """
    if hasattr(waveforms, "log_mels"):
        mel = waveforms.log_mels()
    else:
        mel = log_mel(waveforms, sample_rate_hz, N_MELS, batch=True)
    return ((mel + 40.0) / 40.0)[:, None]


def conv_block(c_in: int, c_out: int) -> nn.Sequential:
    """3×3 convolution with stride 2 (halves frequency and time), batch norm, ReLU."""
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())


class AudioEncoder(nn.Module):
    """2-D CNN on the log-mel picture: ``(n, 1, 64, frames)`` → ``(n, embed_dim)`` (not normalised).

    Convolutions slide along frequency as well as time, so a pattern learned at one pitch is
    recognised at another, which the held-out pitch band asks for (a 1-D CNN with the mel bands as
    channels is cheaper but learns every band separately).
    """

    def __init__(self, embed_dim: int):
        super().__init__()
        self.pool = nn.AvgPool2d((1, 2))                 # 20 ms frames are fine for these sounds
        self.blocks = nn.Sequential(conv_block(1, 16), conv_block(16, 32), conv_block(32, 48), conv_block(48, 64))
        # keep the 4 frequency rows (where the energy sits), summarise time by average and peak
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(64 * 4 * 2, 256), nn.ReLU(), nn.Linear(256, embed_dim))

    def forward(self, mel):
        h = self.blocks(self.pool(mel))                                  # (n, 64, 4, frames / 32)
        return self.head(torch.cat([h.mean(dim=-1), h.amax(dim=-1)], dim=-1))


class MiniLMCache:
    """Frozen MiniLM sentence embeddings ``(n, 384)`` from ``core.minilm``, computed once per distinct caption.

    Kept in a ``core.caches.BytesLRU`` (at most ``MAX_BYTES``, within the shared budget): a reader who
    types captions for an hour cannot grow it without bound.
    """

    MAX_BYTES = 32 * 2**20     # about 20,000 captions

    def __init__(self):
        from ..core.caches import BytesLRU

        self.vectors = BytesLRU("clap.minilm_captions", self.MAX_BYTES)

    def __call__(self, texts):
        found = {t: v for t in set(texts) if (v := self.vectors.get(t)) is not None}
        missing = sorted(set(texts) - set(found), key=lambda t: (len(t), t))  # similar lengths: less padding
        if missing:
            for text, vec in zip(missing, minilm.embed(missing).cpu()):
                found[text] = self.vectors.put(text, vec.clone())
        return torch.stack([found[t] for t in texts])


MINILM_CACHE = MiniLMCache()      # shared by every model: the frozen encoder gives the same vectors to all


class FrozenMiniLMTower(nn.Module):
    """Frozen pretrained MiniLM (384-d sentence vectors) → trainable linear projection → ``embed_dim``."""

    def __init__(self, embed_dim: int, dropout: float = 0.0):
        super().__init__()
        self.dropout = dropout
        self.projection = nn.Linear(MINILM_DIM, embed_dim)
        # start near zero: what the projection learns then lies in the span of the training captions,
        # so a new wording is mapped through what it shares with them, not through random weights
        nn.init.normal_(self.projection.weight, std=1e-3)
        nn.init.zeros_(self.projection.bias)

    def forward(self, texts):
        x = MINILM_CACHE(texts).to(self.projection.weight.device)
        if self.training and self.dropout > 0:     # no projection may lean on a few of MiniLM's features
            x = F.dropout(x, self.dropout)
        return self.projection(x)


class ScratchTextTower(nn.Module):
    """WordPiece ids → mean of trainable token embeddings → MLP → ``embed_dim``; nothing pretrained."""

    def __init__(self, embed_dim: int, token_dim: int = 96):
        super().__init__()
        from ..core.tokenizers import bert_fast

        self.tokenizer = bert_fast()
        self.embedding = nn.EmbeddingBag(self.tokenizer.vocab_size, token_dim, mode="mean")
        self.mlp = nn.Sequential(nn.Linear(token_dim, 256), nn.ReLU(), nn.Linear(256, embed_dim))

    def forward(self, texts):
        ids = [self.tokenizer(t, add_special_tokens=False)["input_ids"] or [0] for t in texts]
        flat = torch.tensor([i for seq in ids for i in seq])
        offsets = torch.tensor([0] + [len(s) for s in ids[:-1]]).cumsum(0)
        return self.mlp(self.embedding(flat, offsets))


class TinyCLAP(nn.Module):
    """Audio CNN + text tower into one ``embed_dim`` space, with a learnable logit scale."""

    def __init__(self, config: TinyCLAPConfig):
        super().__init__()
        self.config = config
        self.audio_encoder = AudioEncoder(config.embed_dim)   # created first: the seeded init depends on the order
        if config.text_tower == "minilm":
            self.text_encoder = FrozenMiniLMTower(config.embed_dim, config.text_dropout)
        else:
            self.text_encoder = ScratchTextTower(config.embed_dim, config.token_dim)
        self.temperature = LogitScale()

    @property
    def text_tower_kind(self) -> str:
        return self.config.text_tower

    @property
    def sample_rate_hz(self) -> int:
        return self.config.sample_rate_hz

    @property
    def logit_scale(self) -> float:
        return float(self.temperature.value().detach())

    def encode_audio_features(self, mel):
        """``(n, 1, 64, frames)`` log-mel features → ``(n, embed_dim)`` unit vectors."""
        return F.normalize(self.audio_encoder(mel), dim=-1)

    def encode_text_train(self, texts):
        """A list of captions → ``(n, embed_dim)`` unit vectors, with gradients (the training path)."""
        return F.normalize(self.text_encoder(list(texts)), dim=-1)

    def encode_audio(self, waveforms):
        """``(n, samples)`` waveforms at ``sample_rate_hz`` (or a ``SoundSet``) → ``(n, embed_dim)`` unit vectors."""
        self.eval()
        with torch.no_grad(), cpu_threads(1):
            return self.encode_audio_features(audio_features(waveforms, self.sample_rate_hz))

    def encode_text(self, texts):
        """A list of ``n`` captions → ``(n, embed_dim)`` unit vectors (eval mode)."""
        texts = check_captions(texts, allow_duplicates=True)
        self.eval()
        with torch.no_grad(), cpu_threads(1):
            return self.encode_text_train(texts)


def check_captions(texts, allow_duplicates: bool = False) -> list[str]:
    """``texts`` (a str or a list of str) as a list of stripped, non-empty captions; duplicates refused unless allowed.

    Each caption is read under ``core.checks.clean_text`` (lone surrogates → U+FFFD, control characters dropped)
    and its whitespace collapsed to single spaces: a caption is one line.
    """
    texts = [" ".join(checks.clean_text(t, f"captions[{i}]").split())
             for i, t in enumerate(checks.texts(texts, "captions", allow_empty=True))]
    if not texts or not all(texts):
        raise ValueError("captions must be a non-empty list of non-empty strings")
    if not allow_duplicates and len(set(texts)) != len(texts):
        dup = next(t for t in texts if texts.count(t) > 1)
        raise ValueError(f"caption list has a duplicate ({dup!r}): each candidate must be different")
    return texts
