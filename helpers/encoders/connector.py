"""The connector (projector): the small trained bridge from a frozen modality encoder to a language model.

LLaVA's first training stage freezes both the vision encoder and the language model and trains only
the projector that maps image features into the language model's embedding space. Here the same
idea runs in seconds: frozen image features of handwritten digits → a linear or a two-layer MLP
projector → the space of a frozen pretrained text encoder (MiniLM), where "a handwritten seven" lives.
Success is measured as retrieval: is the caption of the right digit the nearest one? The captions'
wordings are data: ``data/encoders/digit_captions.json``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from ..core import checks, corpora

_CAPTIONS = corpora.read_json("encoders/digit_captions.json")
NUMBER_WORDS = tuple(_CAPTIONS["number_words"])
# Training captions and test captions are worded differently, so retrieval tests the space, not memory.
TRAIN_TEMPLATES = tuple(_CAPTIONS["train_templates"])
TEST_TEMPLATES = tuple(_CAPTIONS["test_templates"])
PROJECTOR_KINDS = ("linear", "mlp")


def digit_captions(split: str = "train") -> list[list[str]]:
    """Captions per digit class: ``[[templates for 0], ..., [for 9]]`` from the split's own wordings."""
    templates = TRAIN_TEMPLATES if checks.choice(split, "split", ("train", "test")) == "train" else TEST_TEMPLATES
    return [[t.format(word=w) for t in templates] for w in NUMBER_WORDS]


def caption_embeddings(split: str = "train") -> torch.Tensor:
    """MiniLM embeddings of ``digit_captions(split)``: ``(10, templates, 384)``, unit length."""
    from ..core import minilm

    captions = digit_captions(split)
    flat = minilm.embed([c for per_class in captions for c in per_class])
    return flat.reshape(len(captions), len(captions[0]), -1)


def class_text_embeddings(split: str = "test") -> torch.Tensor:
    """One unit vector per digit ``(10, 384)``: the normalised mean of the split's caption embeddings."""
    return F.normalize(caption_embeddings(split).mean(1), dim=-1)


def _check_projector(kind: str, in_dim: int, out_dim: int, hidden_dim: int | None) -> None:
    checks.choice(kind, "kind (of projector)", PROJECTOR_KINDS)
    for name, value in (("in_dim", in_dim), ("out_dim", out_dim), ("hidden_dim", hidden_dim or out_dim)):
        checks.positive_int(value, name)


def build_projector(kind: str, in_dim: int, out_dim: int, hidden_dim: int | None = None) -> nn.Module:
    """``"linear"``: one ``nn.Linear``; ``"mlp"``: Linear → GELU → Linear (LLaVA-1.5's projector).

    ``hidden_dim`` defaults to ``out_dim`` as in LLaVA-1.5. Maps ``(..., in_dim)`` → ``(..., out_dim)``.
    """
    _check_projector(kind, in_dim, out_dim, hidden_dim)
    if kind == "linear":
        return nn.Linear(in_dim, out_dim)
    hidden = hidden_dim or out_dim
    return nn.Sequential(nn.Linear(in_dim, hidden), nn.GELU(), nn.Linear(hidden, out_dim))


def _check_caption_loss(image_features, labels, captions, temperature) -> float:
    for name, x, ndim in (("image_features", image_features, 2), ("labels", labels, 1), ("captions", captions, 2)):
        if not isinstance(x, torch.Tensor) or x.ndim != ndim:
            raise ValueError(f"{name} must be a {ndim}-D tensor, got {type(x).__name__} "
                             f"{tuple(getattr(x, 'shape', ()))}")
    if len(labels) != len(image_features):
        raise ValueError(f"labels must hold one label per image ({len(image_features)}), got {len(labels)}")
    return checks.real(temperature, "temperature", 0, open_minimum=True)


def caption_loss(projector: nn.Module, image_features, labels, captions, temperature: float) -> torch.Tensor:
    """Each projected image should be nearer (cosine) its own digit's caption than the other nine's.

    ``image_features`` ``(batch, d_img)``, ``labels`` ``(batch,)``, ``captions`` ``(classes, d_text)`` unit rows.
    """
    temperature = _check_caption_loss(image_features, labels, captions, temperature)
    projected = F.normalize(projector(image_features), dim=-1)
    return F.cross_entropy(projected @ captions.T / temperature, labels)


@dataclass
class ConnectorRun:
    """A trained projector and what training did: loss per step and retrieval accuracy per epoch."""

    kind: str
    projector: nn.Module
    losses: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    seconds: float = 0.0


def retrieval_accuracy(projector: nn.Module, image_features, labels, class_text) -> float:
    """Fraction of images whose projected feature is nearest (cosine) to its own digit's caption.

    ``image_features`` ``(n, d_img)``, ``labels`` ``(n,)``, ``class_text`` ``(classes, d_text)`` unit rows.
    """
    with torch.no_grad():
        projected = F.normalize(projector(image_features), dim=-1)
        return float(((projected @ class_text.T).argmax(1) == labels).float().mean())


def _check_training_data(train_features, train_labels, caption_targets) -> None:
    if train_features.ndim != 2 or len(train_features) != len(train_labels):
        raise ValueError(f"expected train_features (n, dim) and train_labels (n,), got "
                         f"{tuple(train_features.shape)} and {tuple(train_labels.shape)}")
    if caption_targets.ndim != 3:
        raise ValueError(f"caption_targets must be (classes, templates, dim), got {tuple(caption_targets.shape)}")


def train_connector(kind: str, train_features, train_labels, caption_targets, test_features=None, test_labels=None,
                    test_text=None, epochs: int = 20, batch_size: int = 256, lr: float = 3e-3,
                    temperature: float = 0.05, seed: int = 0, progress: bool = True) -> ConnectorRun:
    """Train only a projector; the image features and the caption embeddings stay frozen.

    ``train_features`` ``(n, d_img)``; ``caption_targets`` ``(classes, templates, d_text)`` (e.g.
    ``caption_embeddings("train")``). Each step draws one training wording per class and applies
    ``caption_loss`` (logits = cosine / ``temperature``). Seeded: same arguments, same projector.
    """
    from tqdm.auto import tqdm

    _check_training_data(train_features, train_labels, caption_targets)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    projector = build_projector(kind, train_features.shape[1], caption_targets.shape[2])
    optimiser = torch.optim.AdamW(projector.parameters(), lr=lr, weight_decay=1e-4)
    run = ConnectorRun(kind, projector)
    evaluate = test_features is not None and test_labels is not None and test_text is not None
    classes, templates, _ = caption_targets.shape
    start = time.perf_counter()
    bar = tqdm(range(epochs), desc=f"{kind} projector", disable=not progress)
    for _ in bar:
        projector.train()
        order = torch.randperm(len(train_labels), generator=generator)
        for i in range(0, len(train_labels), batch_size):
            idx = order[i:i + batch_size]
            pick = torch.randint(templates, (classes,), generator=generator)
            targets = caption_targets[torch.arange(classes), pick]                     # (classes, d_text)
            loss = caption_loss(projector, train_features[idx], train_labels[idx], targets, temperature)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            run.losses.append(loss.item())
        projector.eval()
        if evaluate:
            run.test_accuracy.append(retrieval_accuracy(projector, test_features, test_labels, test_text))
            bar.set_postfix(loss=f"{run.losses[-1]:.3f}", test_acc=f"{run.test_accuracy[-1]:.3f}")
    run.seconds = time.perf_counter() - start
    return run
