"""What a ViT costs: ViT-B/16's parameters by part, and the FLOPs and time of one encoder pass at a mask ratio.

MAE's encoder is cheap because it never sees the masked patches. ``encoder_cost`` measures that:
FLOPs counted by ``torch.utils.flop_counter`` on the meta device (shapes only, so even ViT-B costs
nothing to count) and the fastest of a few timed passes with random weights (compute does not
depend on the weights' values).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch

from ..core import checks
from ..core.corpora import read_json
from ..core.probes import parameter_count
from ..core.runtime import cpu_threads
from .patches import keep_count
from .vit import VIT_B16, TinyViTConfig, ViTEncoder

VIT_B16_PARTS = {"patch projection": "embeddings.patch_embeddings", "class token": "embeddings.cls_token",
                 "position embeddings": "embeddings.position_embeddings", "12 Transformer blocks": "vit.layers.",
                 "final LayerNorm": "vit.layernorm", "classifier head (1000 classes)": "classifier"}
"""Parts of ``transformers``' ViT-B/16 classifier → the parameter-name fragment that picks them out."""


def vit_b16_parameters() -> dict[str, int]:
    """Parameters of ViT-B/16 with a 1000-class head by part, plus ``"total"`` (built on the meta device: no memory)."""
    import transformers

    with torch.device("meta"):
        model = transformers.ViTForImageClassification(transformers.ViTConfig(num_labels=1000))
    counts = {label: sum(p.numel() for name, p in model.named_parameters() if key in name)
              for label, key in VIT_B16_PARTS.items()}
    return {**counts, "total": parameter_count(model)}


def vit_b16_parameter_report() -> str:
    """The table of ``vit_b16_parameters``, the paper's figure, and the count of this package's own encoder at that shape."""
    counts = vit_b16_parameters()
    total = counts.pop("total")
    lines = [f"  {label:<32} {count:>12,}" for label, count in counts.items()]
    published = read_json("vision/published.json")["vit_b16_parameters"]
    lines.append(f"  {'total':<32} {total:>12,}  ≈ {total / 1e6:.1f}M (the ViT paper says {published})")
    with torch.device("meta"):
        ours = parameter_count(ViTEncoder(VIT_B16)) + VIT_B16.width * 1000 + 1000
    lines.append(f"the encoder written out in helpers.vision.vit at ViT-B/16's shape, plus the same head: {ours:,} parameters")
    return "\n".join(lines)


@dataclass
class EncoderCost:
    """One encoder forward pass at one mask ratio: tokens in, FLOPs counted by torch, fastest time."""

    mask_ratio: float
    tokens: int
    flops: int
    seconds: float


def _flops(config: TinyViTConfig, mask_ratio: float, batch_size: int, seed: int) -> int:
    from torch.utils.flop_counter import FlopCounterMode

    with torch.device("meta"):
        encoder = ViTEncoder(config).eval()
        images = torch.empty(batch_size, config.channels, config.image_size, config.image_size)
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        encoder(images, mask_ratio, torch.Generator().manual_seed(checks.integer(seed, "seed", 0)))
    return int(counter.get_total_flops())


def encoder_cost(config: TinyViTConfig, mask_ratio: float, batch_size: int = 1, repeats: int = 3,
                 threads: int = 1, seed: int = 0, encoder: ViTEncoder | None = None) -> EncoderCost:
    """FLOPs and time of one encoder forward pass at ``mask_ratio``.

    Time is the fastest of ``repeats`` passes on ``threads`` CPU threads (the run least disturbed by
    anything else on the machine); pass ``encoder`` to time one already built (building ViT-B takes seconds).
    """
    times = []
    if repeats > 0:
        torch.manual_seed(checks.integer(seed, "seed", 0))
        encoder = ViTEncoder(config) if encoder is None else encoder
        encoder.eval()
        images = torch.rand(batch_size, config.channels, config.image_size, config.image_size)
        generator = torch.Generator().manual_seed(checks.integer(seed, "seed", 0))
        with torch.no_grad(), cpu_threads(threads):
            for _ in range(repeats):
                t0 = time.perf_counter()
                encoder(images, mask_ratio, generator)
                times.append(time.perf_counter() - t0)
    tokens = 1 + keep_count(config.num_patches, mask_ratio)
    return EncoderCost(mask_ratio, tokens, _flops(config, mask_ratio, batch_size, seed),
                       min(times) if times else float("nan"))


def encoder_costs(tiny: TinyViTConfig, mask_ratio: float = 0.75) -> dict[str, list[EncoderCost]]:
    """All patches vs the visible ones, for the tiny encoder (batches of 64) and the same code at ViT-B/16's shape (one image)."""
    vit_b = ViTEncoder(VIT_B16)  # random weights: the amount of arithmetic does not depend on them
    return {f"tiny ({tiny.num_patches} patches)": [encoder_cost(tiny, r, batch_size=64, repeats=5)
                                                    for r in (0.0, mask_ratio)],
            f"ViT-B/16 ({VIT_B16.num_patches} patches)": [encoder_cost(VIT_B16, r, repeats=2, encoder=vit_b)
                                                           for r in (0.0, mask_ratio)]}


def cost_report(costs: dict[str, list[EncoderCost]]) -> str:
    """One line per encoder: tokens, GFLOPs and milliseconds at all patches → at the visible ones, and the ratios."""
    return "\n".join(f"{name:<24} tokens {full.tokens:>3} → {masked.tokens:>3} | GFLOPs {full.flops / 1e9:8.3f} → "
                     f"{masked.flops / 1e9:7.3f} ({full.flops / masked.flops:.2f}× fewer) | time "
                     f"{1e3 * full.seconds:7.1f} → {1e3 * masked.seconds:6.1f} ms ({full.seconds / masked.seconds:.2f}× faster)"
                     for name, (full, masked) in costs.items())


def savings_report(costs: dict[str, list[EncoderCost]]) -> str:
    """One line per encoder: how many times fewer FLOPs and how many times faster at the visible patches."""
    return "\n".join(f"encoder at {1 - masked.mask_ratio:.0%} of the patches, {name}: {full.flops / masked.flops:.2f}× "
                     f"fewer FLOPs, {full.seconds / masked.seconds:.2f}× faster" for name, (full, masked) in costs.items())


def mae_b16_parts() -> dict[str, int]:
    """Parameters of the real MAE with a ViT-B/16 encoder (``transformers``' defaults: an 8-block, 512-wide decoder),
    built on the meta device: no memory, no time, only the shapes."""
    import transformers

    with torch.device("meta"):
        model = transformers.ViTMAEForPreTraining(transformers.ViTMAEConfig())
    return {"encoder (ViT-B/16)": parameter_count(model.vit), "decoder (8 blocks, width 512)": parameter_count(model.decoder),
            "one encoder block": parameter_count(_encoder_blocks(model.vit)[0]),
            "one decoder block": parameter_count(model.decoder.decoder_layers[0])}


def decoder_report(parts: dict[str, int]) -> str:
    """How big the decoder is next to the encoder, and its compute per token (weights touched per token)."""
    encoder, decoder = parts["encoder (ViT-B/16)"], parts["decoder (8 blocks, width 512)"]
    per_token_b = 8 * parts["one decoder block"] / (12 * parts["one encoder block"])
    per_token_l = (8 * 12 * 512 ** 2) / (24 * 12 * 1024 ** 2)  # ViT-L: 24 blocks of width 1024; 12·w² weights a block
    return "\n".join([
        *(f"  {name:<32} {count:>12,}" for name, count in parts.items()),
        f"the decoder is {decoder / encoder:.0%} of the encoder's parameters and {decoder / (encoder + decoder):.0%} of "
        f"the pre-trained model; it is discarded after pre-training (only the encoder is fine-tuned or probed)",
        f"per token, the decoder does ≈ {per_token_b:.0%} of a ViT-B encoder's work and ≈ {per_token_l:.0%} of a ViT-L "
        f"encoder's (the paper's default is ViT-L's decoder: under 10% per token), but it reads all 197 tokens, not 50"])


def _encoder_blocks(vit):
    """The encoder's blocks, wherever this version of ``transformers`` keeps them (``layers`` or ``encoder.layer``)."""
    return vit.layers if hasattr(vit, "layers") else vit.encoder.layer
