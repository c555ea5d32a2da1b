"""LLaVA-1.5-7B's image path at full size, run on PyTorch's ``meta`` device: real shapes, no weights, no memory.

The sizes are the published ones (``data/encoders/llava_1_5.json``): CLIP ViT-L/14 at 336 px as the
vision encoder, LLaVA-1.5's two-layer MLP as the connector, Vicuna-7B's width and vocabulary.
"""

from __future__ import annotations

import torch
from transformers import CLIPVisionConfig, CLIPVisionModel

from ..core import checks, corpora
from ..core.probes import parameter_count
from .connector import build_projector

LLAVA = corpora.read_json("encoders/llava_1_5.json")
LLAVA_VISION: dict = LLAVA["vision"]
LLAMA_VOCAB, LLAMA_WIDTH = LLAVA["llm"]["vocab_size"], LLAVA["llm"]["hidden_size"]


def llava_projector(vision_width: int = LLAVA_VISION["hidden_size"], llm_width: int = LLAMA_WIDTH,
                    device: str = "meta") -> torch.nn.Module:
    """LLaVA-1.5's connector at full size (CLIP ViT-L width 1024 → a 7B LLM's 4096), on ``device``."""
    try:
        device = torch.device(device)
    except (TypeError, RuntimeError):
        raise ValueError(f"device must name a torch device ('meta', 'cpu', 'cuda'), got {device!r:.40}") from None
    with torch.device(device):
        return build_projector("mlp", vision_width, llm_width)


def llava_shapes(prompt_tokens: int = 20, vision_layer: int = LLAVA["vision_layer"]) -> dict[str, tuple[int, ...]]:
    """Run LLaVA-1.5-7B's front end at full size on ``torch.device('meta')`` and return every tensor shape.

    The real CLIP ViT-L/14-336 architecture (transformers, no weights) reads a ``(1, 3, 336, 336)`` image;
    LLaVA takes the ``vision_layer`` hidden state without the class token, projects it with the 2-layer
    MLP into the LLM's width, and puts it in front of the prompt's token embeddings. Costs no memory.
    """
    prompt_tokens = checks.integer(prompt_tokens, "prompt_tokens", minimum=0, maximum=1_000_000)
    layers = LLAVA_VISION["num_hidden_layers"]
    vision_layer = checks.integer(vision_layer, "vision_layer", -layers - 1, layers)
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
