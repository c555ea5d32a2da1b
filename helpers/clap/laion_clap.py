"""The real LAION-CLAP, offline: its architecture built from its own code, and a clip walked through it.

``build_offline()`` makes laion_clap's HTSAT-tiny audio encoder with its own 12-layer transformer
text branch (the variant that needs nothing from the hub), with **random weights**: it shows shapes
and sizes, never predictions. ``walk`` records what each stage hands to the next for one 48 kHz,
10 s clip and one caption, down to the 512-d joint space.

With the pretrained checkpoint reachable, ``clap_model()`` gives the real thing (RoBERTa text branch) and
``pretrained_zero_shot`` labels clips with it, its prompts in one batch padded only to the longest.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.probes import parameter_count
from ..core.runtime import cpu_threads, quiet_loading

SAMPLE_RATE_HZ = 48_000
CLIP_SAMPLES = 480_000            # 10 s at 48 kHz: what HTSAT-tiny was trained on


def _import_laion_clap():
    from ..core import pretrained

    pretrained.hub_status()        # decide online/offline first: the import asks the hub for tokenizers
    import laion_clap

    return laion_clap


@functools.lru_cache(maxsize=1)
@cpu_threads(1)      # on two shared cores one thread was faster here: build 1.8 s against 2.9 s, walk 0.4 s against 4 s
def build_offline():
    """``(model, config)``: laion_clap's HTSAT-tiny + transformer CLAP with random weights, eval mode, CPU."""
    import torch

    with quiet_loading(LAION_CLAP_DEPRECATIONS):
        _import_laion_clap()
        from laion_clap.clap_module import create_model

        torch.manual_seed(0)
        model, config = create_model("HTSAT-tiny", "transformer", precision="fp32", device="cpu", enable_fusion=False)
    return model.eval(), config


def parameter_counts(model) -> dict[str, int]:
    """Parameters per part of a laion_clap ``CLAP`` model: audio encoder, text encoder, projections, total."""
    parts = {"audio encoder (HTSAT-tiny)": ["audio_branch"],
             "text encoder": ["text_branch", "token_embedding", "positional_embedding", "ln_final"],
             "projections into the joint space": ["audio_projection", "text_projection"],
             "extra MLPs (audio_transform, text_transform)": ["audio_transform", "text_transform"],
             "logit scales (1 / temperature)": ["logit_scale_a", "logit_scale_t"]}
    counts = {name: 0 for name in parts}
    for pname, p in model.named_parameters():
        for name, prefixes in parts.items():
            if pname.split(".")[0] in prefixes:
                counts[name] += p.numel()
    counts["total"] = parameter_count(model)
    return counts


def describe(model, config) -> str:
    """Parameters per part, and what the model reads (rate, clip length, mel bins) and where it maps to."""
    lines = [f"{part:46} {count / 1e6:7.1f} M parameters" for part, count in parameter_counts(model).items()]
    audio = config["audio_cfg"]
    lines.append(f"audio: {audio['sample_rate']} Hz, {audio['clip_samples']:,} samples "
                 f"= {audio['clip_samples'] / audio['sample_rate']:.0f} s, {audio['mel_bins']} mel bins; "
                 f"joint space {model.joint_embed_shape}-d; "
                 f"initial logit scale {float(model.logit_scale_a.detach().exp()):.2f} (1/0.07 = {1 / 0.07:.2f})")
    return "\n".join(lines)


def fit_clip(waveform, sample_rate_hz: int) -> np.ndarray:
    """Mono float32 at 48 kHz, exactly 10 s: resampled, then cut or repeated (LAION-CLAP's "repeatpad")."""
    from .audio import prepare

    x = prepare(waveform, sample_rate_hz, SAMPLE_RATE_HZ)
    if len(x) >= CLIP_SAMPLES:
        return x[:CLIP_SAMPLES]
    repeats = CLIP_SAMPLES // len(x)
    x = np.tile(x, repeats)
    return np.pad(x, (0, CLIP_SAMPLES - len(x))).astype(np.float32)


@dataclass
class Step:
    """One stage of the walk: which module, the shape it produced, what it means."""

    tower: str
    stage: str
    shape: tuple
    meaning: str


AUDIO_STAGES = [
    ("spectrogram_extractor", "STFT power spectrogram: 1024-sample window, a frame every 480 samples (10 ms)"),
    ("logmel_extractor", "64 mel bands, in dB: the picture the encoder reads"),
    ("patch_embed", "the (folded) mel image cut into 4×4 patches, each a 96-d token"),
    ("layers.0", "Swin stage 1: windowed attention, then patch merging"),
    ("layers.1", "Swin stage 2"),
    ("layers.2", "Swin stage 3"),
    ("layers.3", "Swin stage 4: 768 channels"),
]


@cpu_threads(1)
def walk(model, config, waveform, sample_rate_hz: int, caption: str):
    """Walk one clip and one caption through a laion_clap ``CLAP`` model.

    Returns ``(steps, audio_embedding (1, 512), text_embedding (1, 512))``; ``steps`` lists each
    stage's output shape. The clip is fitted to 10 s at 48 kHz first (``fit_clip``).
    """
    import torch
    import torch.nn.functional as F

    _import_laion_clap()
    from laion_clap.clap_module.tokenizer import tokenize
    from laion_clap.training.data import get_audio_features

    caption = checks.clean_text(caption, "caption")       # the project's one text policy, as every tokenizer
    if not caption.strip():
        raise ValueError("caption must be a non-empty string")
    clip = fit_clip(waveform, sample_rate_hz)
    steps = [Step("audio", "input waveform", tuple(clip.shape), f"10 s at {SAMPLE_RATE_HZ} Hz, mono")]
    branch = model.audio_branch
    shapes: dict[str, tuple] = {}
    hooks = []
    for name, _ in AUDIO_STAGES:
        module = branch.get_submodule(name)
        hooks.append(module.register_forward_hook(
            lambda m, i, o, name=name: shapes.__setitem__(name, tuple((o[0] if isinstance(o, tuple) else o).shape))))
    try:
        features = get_audio_features({}, torch.from_numpy(clip), CLIP_SAMPLES, data_truncating="rand_trunc",
                                      data_filling="repeatpad", audio_cfg=config["audio_cfg"], require_grad=False)
        with torch.no_grad():
            encoded = model.encode_audio({k: v.unsqueeze(0) for k, v in features.items()}, device="cpu")
            audio_joint = F.normalize(model.audio_projection(encoded["embedding"]), dim=-1)
    finally:
        for h in hooks:
            h.remove()
    for name, meaning in AUDIO_STAGES:
        steps.append(Step("audio", name, shapes[name], meaning))
    steps.append(Step("audio", "embedding", tuple(encoded["embedding"].shape), "pooled clip vector"))
    steps.append(Step("audio", "audio_projection + normalise", tuple(audio_joint.shape),
                      "2-layer MLP into the joint space, unit length"))

    tokens = tokenize([caption])
    with torch.no_grad():
        x = model.token_embedding(tokens) + model.positional_embedding
        hidden = model.text_branch(x.permute(1, 0, 2), attn_mask=model.attn_mask).permute(1, 0, 2)
        eot = model.ln_final(hidden)[torch.arange(1), tokens.argmax(dim=-1)]
        text_joint = F.normalize(model.text_projection(eot), dim=-1)
        check = F.normalize(model.encode_text(tokens, device="cpu"), dim=-1)
    if not torch.allclose(check, text_joint, atol=1e-5):  # our step-by-step walk must be the model's own path
        raise AssertionError("the step-by-step text walk differs from model.encode_text")
    n_tokens = int(tokens.argmax(dim=-1)) + 1
    steps += [Step("text", "CLIP BPE token ids", tuple(tokens.shape), f"{n_tokens} real tokens, padded to 77"),
              Step("text", "token + position embeddings", tuple(x.shape), "one 512-d vector per position"),
              Step("text", "12 transformer layers (causal)", tuple(hidden.shape), "contextual vectors"),
              Step("text", "end-of-text token", tuple(eot.shape), "the last real token summarises the caption"),
              Step("text", "text_projection + normalise", tuple(text_joint.shape),
                   "2-layer MLP into the joint space, unit length")]
    return steps, audio_joint, text_joint


def htsat_stages(steps) -> str:
    """HTSAT's token grid stage by stage, from a ``walk``: tokens, channels, and the change from the stage before."""
    lines, previous = [], None
    for step in steps:
        if step.tower != "audio" or not (step.stage == "patch_embed" or step.stage.startswith("layers")):
            continue
        tokens, channels = (step.shape[1], step.shape[2]) if len(step.shape) == 3 else (
            step.shape[2] * step.shape[3], step.shape[1])           # patch_embed may give (B, C, H, W)
        change = ("" if previous is None else "   same grid: the last stage does not merge" if previous[0] == tokens
                  else f"   {previous[0] / tokens:.0f}x fewer tokens, {channels / previous[1]:.0f}x the channels")
        lines.append(f"{step.stage:12} {tokens:5,} tokens ({int(tokens ** 0.5)} x {int(tokens ** 0.5)}) x {channels:3} channels{change}")
        previous = (tokens, channels)
    return "\n".join(lines)


def steps_table(steps) -> str:
    """The walk as an aligned text table."""
    lines = [f"{'tower':6} {'stage':32} {'output shape':22} meaning"]
    for s in steps:
        lines.append(f"{s.tower:6} {s.stage:32} {str(s.shape):22} {s.meaning}")
    return "\n".join(lines)


# Deprecation notices from laion_clap's own code (its timm import, HTSAT's meshgrid call): nothing a reader can act on.
LAION_CLAP_DEPRECATIONS = ("Importing from timm.models.layers is deprecated", "torch.meshgrid: in an upcoming release")


def clap_model(checkpoint=None, enable_fusion: bool = False):
    """``helpers.core.clap_weights.clap_model``: the pretrained LAION-CLAP, without transformers' loading noise."""
    from ..core import clap_weights

    # laion_clap builds its text branch with RobertaModel.from_pretrained("roberta-base"): "Loading weights" bars
    # and a report that the pooler is MISSING and "newly initialized". The CLAP checkpoint is then loaded over
    # every parameter, pooler included (strict=True), so the report describes weights replaced a moment later.
    with quiet_loading(LAION_CLAP_DEPRECATIONS):
        return clap_weights.clap_model(checkpoint, enable_fusion)


def text_embeddings(clap_module, texts):
    """Unit-length LAION-CLAP text embeddings ``(len(texts), 512)``, the texts in one batch padded to its longest.

    laion_clap's ``get_text_embedding`` pads every text to 77 tokens. RoBERTa's attention mask hides padding
    and its position ids skip it, so padding only to the longest text gives the same vectors for less work.
    """
    import torch

    texts = [checks.clean_text(t, f"texts[{i}]") for i, t in enumerate(checks.texts(texts, "texts"))]
    tokens = clap_module.tokenize(texts, padding="longest", truncation=True, max_length=77, return_tensors="pt")
    with torch.no_grad():
        return clap_module.model.get_text_embedding(dict(tokens))


@dataclass
class PretrainedZeroShot:
    """``pretrained_zero_shot``'s result: the ``evaluation.ZeroShot``, and what it took."""

    result: object           # evaluation.ZeroShot
    prompts: int             # how many texts were embedded
    tokens: tuple            # (prompts, tokens): the one text batch, padded to its longest prompt
    seconds_audio: float
    seconds_text: float


def pretrained_zero_shot(clap_module, sound_set, prompts: dict[str, list[str]]) -> PretrainedZeroShot:
    """Zero-shot labels from the pretrained LAION-CLAP for ``sound_set``'s clips.

    Each clip is fitted to 10 s at 48 kHz; each class is the mean of its prompts' text embeddings, all
    prompts in one batch (``text_embeddings``).
    """
    import torch

    from .evaluation import ZeroShot

    start = time.perf_counter()
    clips = np.stack([fit_clip(w, sound_set.sample_rate_hz) for w in sound_set.waveforms])
    with torch.no_grad():
        audio = torch.as_tensor(clap_module.get_audio_embedding_from_data(clips, use_tensor=False))
    middle = time.perf_counter()
    texts = [t for wordings in prompts.values() for t in wordings]
    embedded = text_embeddings(clap_module, texts)
    tokens = tuple(clap_module.tokenize(texts, padding="longest", return_tensors="pt")["input_ids"].shape)
    rows, at = [], 0
    for wordings in prompts.values():
        rows.append(embedded[at:at + len(wordings)].mean(0))
        at += len(wordings)
    classes = torch.nn.functional.normalize(torch.stack(rows), dim=-1)
    predictions = (torch.nn.functional.normalize(audio, dim=-1) @ classes.T).argmax(1).numpy()
    names = list(prompts)
    labels = np.array([names.index(k) for k in sound_set.kinds])
    result = ZeroShot(float((predictions == labels).mean()), predictions, labels, names)
    return PretrainedZeroShot(result, len(texts), tokens, middle - start, time.perf_counter() - middle)


def checkpoint_size(model) -> str:
    """The pretrained checkpoint's size as its parameters make it: count × 4 bytes (fp32), approximate."""
    from ..core.probes import parameter_count

    n = parameter_count(model)
    return f"{n / 1e6:.0f} M parameters, about {n * 4 / 1e6:,.0f} MB in fp32"
