"""The connector (projector): the small trained bridge from a frozen modality encoder to a language model.

LLaVA's first training stage freezes both the vision encoder and the language model and trains only
the projector that maps image features into the language model's embedding space. Here the same
idea runs in seconds: frozen image features of handwritten digits → a linear or a two-layer MLP
projector → the space of a frozen pretrained text encoder (MiniLM), where "a handwritten seven" lives.
Success is measured as retrieval: is the caption of the right digit the nearest one?
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Training captions and test captions are worded differently, so retrieval tests the space, not memory.
TRAIN_TEMPLATES = ("a handwritten {word}", "the digit {word}", "a scanned picture of the number {word}",
                   "the number {word} written by hand")
TEST_TEMPLATES = ("an image of the numeral {word}", "someone wrote a {word}")
PROJECTOR_KINDS = ("linear", "mlp")


def digit_captions(split: str = "train") -> list[list[str]]:
    """Captions per digit class: ``[[templates for 0], ..., [for 9]]`` from the split's own wordings."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    templates = TRAIN_TEMPLATES if split == "train" else TEST_TEMPLATES
    return [[t.format(word=w) for t in templates] for w in NUMBER_WORDS]


def caption_embeddings(split: str = "train"):
    """MiniLM embeddings of ``digit_captions(split)``: ``(10, templates, 384)``, unit length."""
    from ..core import minilm

    captions = digit_captions(split)
    flat = minilm.embed([c for per_class in captions for c in per_class])
    return flat.reshape(len(captions), len(captions[0]), -1)


def class_text_embeddings(split: str = "test"):
    """One unit vector per digit ``(10, 384)``: the normalised mean of the split's caption embeddings."""
    import torch

    return torch.nn.functional.normalize(caption_embeddings(split).mean(1), dim=-1)


def build_projector(kind: str, in_dim: int, out_dim: int, hidden_dim: int | None = None):
    """``"linear"``: one ``nn.Linear``; ``"mlp"``: Linear → GELU → Linear (LLaVA-1.5's projector).

    ``hidden_dim`` defaults to ``out_dim`` as in LLaVA-1.5. Maps ``(..., in_dim)`` → ``(..., out_dim)``.
    """
    from torch import nn

    if kind not in PROJECTOR_KINDS:
        raise ValueError(f"unknown projector kind {kind!r}; known: {', '.join(PROJECTOR_KINDS)}")
    for name, value in (("in_dim", in_dim), ("out_dim", out_dim), ("hidden_dim", hidden_dim or out_dim)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if kind == "linear":
        return nn.Linear(in_dim, out_dim)
    hidden = hidden_dim or out_dim
    return nn.Sequential(nn.Linear(in_dim, hidden), nn.GELU(), nn.Linear(hidden, out_dim))


def llava_projector(vision_width: int = 1024, llm_width: int = 4096, device: str = "meta"):
    """LLaVA-1.5's connector at full size (CLIP ViT-L width 1024 → a 7B LLM's 4096), on ``device``."""
    import torch

    with torch.device(device):
        return build_projector("mlp", vision_width, llm_width)


def parameter_count(module) -> int:
    """Number of parameters of a torch module."""
    return sum(p.numel() for p in module.parameters())


@dataclass
class ConnectorRun:
    """A trained projector and what training did: loss per step and retrieval accuracy per epoch."""

    kind: str
    projector: object
    losses: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    seconds: float = 0.0


def retrieval_accuracy(projector, image_features, labels, class_text) -> float:
    """Fraction of images whose projected feature is nearest (cosine) to its own digit's caption.

    ``image_features`` ``(n, d_img)``, ``labels`` ``(n,)``, ``class_text`` ``(classes, d_text)`` unit rows.
    """
    import torch

    with torch.no_grad():
        projected = torch.nn.functional.normalize(projector(image_features), dim=-1)
        return float(((projected @ class_text.T).argmax(1) == labels).float().mean())


def train_connector(kind: str, train_features, train_labels, caption_targets, test_features=None, test_labels=None,
                    test_text=None, epochs: int = 20, batch_size: int = 256, lr: float = 3e-3,
                    temperature: float = 0.05, seed: int = 0, progress: bool = True) -> ConnectorRun:
    """Train only a projector; the image features and the caption embeddings stay frozen.

    ``train_features`` ``(n, d_img)``; ``caption_targets`` ``(classes, templates, d_text)`` (e.g.
    ``caption_embeddings("train")``). Each step draws one training wording per class and applies a
    contrastive loss: an image's projection should be closer to its own digit's caption than to
    the other nine (logits = cosine / ``temperature``). Seeded: same arguments, same projector.
    """
    import torch
    from tqdm.auto import tqdm

    if train_features.ndim != 2 or len(train_features) != len(train_labels):
        raise ValueError(f"expected train_features (n, dim) and train_labels (n,), got "
                         f"{tuple(train_features.shape)} and {tuple(train_labels.shape)}")
    if caption_targets.ndim != 3:
        raise ValueError(f"caption_targets must be (classes, templates, dim), got {tuple(caption_targets.shape)}")
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    projector = build_projector(kind, train_features.shape[1], caption_targets.shape[2])
    optimiser = torch.optim.AdamW(projector.parameters(), lr=lr, weight_decay=1e-4)
    run = ConnectorRun(kind, projector)
    evaluate = test_features is not None and test_labels is not None and test_text is not None
    classes, templates, _ = caption_targets.shape
    n = len(train_labels)
    start = time.perf_counter()
    bar = tqdm(range(epochs), desc=f"{kind} projector", disable=not progress)
    for _ in bar:
        projector.train()
        order = torch.randperm(n, generator=generator)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            pick = torch.randint(templates, (classes,), generator=generator)
            targets = caption_targets[torch.arange(classes), pick]                     # (classes, d_text)
            projected = torch.nn.functional.normalize(projector(train_features[idx]), dim=-1)
            loss = torch.nn.functional.cross_entropy(projected @ targets.T / temperature, train_labels[idx])
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


# Published sizes of LLaVA-1.5-7B's parts: CLIP ViT-L/14 at 336 px, Vicuna-7B (LLaMA: 32,000-word vocabulary, width 4096).
LLAVA_VISION = dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16,
                    image_size=336, patch_size=14)
LLAMA_VOCAB, LLAMA_WIDTH = 32_000, 4096


def llava_shapes(prompt_tokens: int = 20, vision_layer: int = -2) -> dict[str, tuple[int, ...]]:
    """Run LLaVA-1.5-7B's front end at full size on ``torch.device('meta')`` and return every tensor shape.

    The real CLIP ViT-L/14-336 architecture (transformers, no weights) reads a ``(1, 3, 336, 336)`` image;
    LLaVA takes the ``vision_layer`` hidden state without the class token, projects it with the 2-layer
    MLP into the LLM's width, and puts it in front of the prompt's token embeddings. Costs no memory.
    """
    import torch
    from transformers import CLIPVisionConfig, CLIPVisionModel

    if isinstance(prompt_tokens, bool) or not isinstance(prompt_tokens, int) or prompt_tokens < 0:
        raise ValueError(f"prompt_tokens must be an int >= 0, got {prompt_tokens!r}")
    with torch.device("meta"):
        vision = CLIPVisionModel(CLIPVisionConfig(**LLAVA_VISION))
        projector = build_projector("mlp", LLAVA_VISION["hidden_size"], LLAMA_WIDTH)
        embedding = torch.nn.Embedding(LLAMA_VOCAB, LLAMA_WIDTH)
        image = torch.empty(1, 3, LLAVA_VISION["image_size"], LLAVA_VISION["image_size"])
        out = vision(pixel_values=image, output_hidden_states=True)
        features = out.hidden_states[vision_layer][:, 1:]
        visual_tokens = projector(features)
        text = embedding(torch.zeros(1, prompt_tokens, dtype=torch.long))
        sequence = torch.cat([visual_tokens, text], dim=1)
    return {"image": tuple(image.shape), "encoder output (with class token)": tuple(out.last_hidden_state.shape),
            "visual features": tuple(features.shape), "visual tokens": tuple(visual_tokens.shape),
            "prompt embeddings": tuple(text.shape), "LLM input": tuple(sequence.shape),
            "encoder parameters": (parameter_count(vision),), "projector parameters": (parameter_count(projector),)}
