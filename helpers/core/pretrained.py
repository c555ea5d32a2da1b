"""Pretrained weights in one place: load them, or say within seconds that they are out of reach.

Call ``hub_status()`` first, before anything imports ``laion_clap`` (whose import asks the hub
for three tokenizers and can wait for many minutes with no network). When the hub does not
answer within ``timeout_s``, this module sets ``HF_HUB_OFFLINE=1`` so every later load uses
the local cache only and fails fast. Set ``FIVEQ_OFFLINE=1`` to take the offline path on purpose:
then no loader reads the hub or the local cache at all (a full cache changes nothing), and only a
local path passed explicitly is loaded.

Loaders raise ``WeightsUnavailable`` (one line, saying what is missing and how to get it);
``try_load`` turns that into a ``Weights`` result a notebook can branch on.
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass
from typing import Any, Callable

from . import hub_probe
from .runtime import quiet_loading

DEFAULT_ENDPOINT = "https://huggingface.co"
PROBE_TIMEOUT_S = 3.0
_TRUE = {"1", "true", "yes", "on"}


class WeightsUnavailable(RuntimeError):
    """Pretrained weights could not be loaded from the hub, the cache or a local path."""


@dataclass(frozen=True)
class HubStatus:
    """Whether the model hub answered. ``available`` means downloads may be attempted."""

    available: bool
    reason: str
    elapsed_s: float


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def refuse_if_forced_offline(what: str) -> None:
    """``FIVEQ_OFFLINE`` asks for the offline path: then loaders read neither the hub nor the cache."""
    if _flag("FIVEQ_OFFLINE"):
        raise WeightsUnavailable(f"{what}: FIVEQ_OFFLINE=1 chose the offline path, so neither the hub nor the "
                                 "local cache is read (unset it to use pretrained weights)")


def set_offline() -> None:
    """Make every Hugging Face load in this process use the local cache only (and fail fast)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    constants = __import__("sys").modules.get("huggingface_hub.constants")
    if constants is not None:  # already imported: its flag was read at import time
        constants.HF_HUB_OFFLINE = True


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:160]}" if lines else type(exc).__name__


@functools.lru_cache(maxsize=1)
def hub_status(timeout_s: float = PROBE_TIMEOUT_S) -> HubStatus:
    """Ask the hub once per process (at most ``timeout_s`` seconds) whether it can be reached.

    When it cannot, or when ``FIVEQ_OFFLINE``/``HF_HUB_OFFLINE`` is set, switches this process
    to offline mode (see ``set_offline``); pretrained weights may still come from the local cache.
    """
    start = time.perf_counter()
    if _flag("FIVEQ_OFFLINE"):
        set_offline()
        return HubStatus(False, "FIVEQ_OFFLINE=1: offline path chosen", time.perf_counter() - start)
    if _flag("HF_HUB_OFFLINE"):
        set_offline()
        return HubStatus(False, "HF_HUB_OFFLINE=1: only the local cache is used", time.perf_counter() - start)
    endpoint = os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT).rstrip("/")
    error = hub_probe.probe(endpoint + "/api/models/gpt2", timeout_s, "gpt2")  # only the hub answers this JSON
    elapsed = time.perf_counter() - start
    if error is not None:
        set_offline()
        return HubStatus(False, f"model hub unreachable ({error}); only the local cache is used", elapsed)
    # Bound later downloads too: a stalled connection fails instead of hanging the notebook.
    os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", "10")
    os.environ.setdefault("HF_HUB_DOWNLOAD_TIMEOUT", "30")
    return HubStatus(True, f"model hub reachable ({elapsed:.1f} s)", elapsed)


@dataclass
class Weights:
    """The outcome of ``try_load``: a loaded model, or the reason there is none.

    ``available`` and ``reason`` make it usable as the weights status of an environment report.
    """

    name: str
    model: Any = None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.model is not None


def try_load(loader: Callable[..., Any], *args, **kwargs) -> Weights:
    """Run a loader from this module; return ``Weights`` with the model, or with the reason it failed."""
    if not callable(loader):
        raise TypeError(f"loader must be a callable (hf_model, open_clip_model, ...), got {type(loader).__name__}")
    name = " ".join(str(a) for a in args) or loader.__name__
    try:
        model = loader(*args, **kwargs)
    except WeightsUnavailable as exc:
        return Weights(name=name, model=None, reason=str(exc))
    return Weights(name=name, model=model, reason=f"pretrained {name} loaded")


def _is_local(name) -> bool:
    return os.path.exists(os.path.expanduser(str(name)))


def hf_model(repo_id: str, model_class: str = "AutoModel", **kwargs):
    """A pretrained transformers model from a local directory, the hub, or the local cache.

    ``model_class`` names a transformers class (``"AutoModelForMaskedLM"``, ``"GPT2LMHeadModel"``...).
    Raises ``WeightsUnavailable`` within seconds when the weights are not reachable.
    """
    import transformers

    if not isinstance(repo_id, (str, os.PathLike)):
        raise TypeError(f"repo_id must be a str or path, got {type(repo_id).__name__}")
    cls = getattr(transformers, model_class, None) if isinstance(model_class, str) else None
    if cls is None:
        raise ValueError(f"model_class must name a transformers class, got {model_class!r}")
    local = _is_local(str(repo_id))
    if not local:
        refuse_if_forced_offline(str(repo_id))
        hub_status()
    try:
        with quiet_loading():  # the whole checkpoint loads: transformers' per-tensor bar and report are noise
            return cls.from_pretrained(str(repo_id), **kwargs).eval()
    except Exception as exc:  # missing, refused or mismatched files: one line, not transformers' report
        where = "this directory" if local else "the hub or the local cache"
        raise WeightsUnavailable(
            f"{repo_id}: weights not loaded from {where} ({_first_line(exc)}); "
            f"with network access run `hf download {repo_id}` once, or pass a local directory") from None


def hf_tokenizer(repo_id: str, **kwargs):
    """The tokenizer that goes with ``hf_model(repo_id)``; raises ``WeightsUnavailable`` like it."""
    from transformers import AutoTokenizer

    if not _is_local(str(repo_id)):
        refuse_if_forced_offline(f"{repo_id} tokenizer")
        hub_status()
    try:
        return AutoTokenizer.from_pretrained(str(repo_id), **kwargs)
    except Exception as exc:
        raise WeightsUnavailable(f"{repo_id}: tokenizer not loaded from the hub, the cache or that path "
                                 f"({_first_line(exc)})") from None


def open_clip_model(arch: str = "ViT-B-32", pretrained: str = "openai", quick_gelu: bool | None = None):
    """``(model, preprocess, tokenizer)`` for an open_clip architecture with pretrained weights.

    ``pretrained`` is an open_clip tag (``"openai"``, ``"laion2b_s34b_b79k"``...) or a local
    checkpoint file (a state dict saved with ``torch.save``; loaded with ``weights_only=True``).
    ``quick_gelu`` builds the MLPs with QuickGELU, ``x * sigmoid(1.702 x)``, as OpenAI trained CLIP; ``None``
    takes the tag's own setting (on for ``openai``; off for a local file unless asked).
    """
    if isinstance(arch, str) and isinstance(pretrained, str) and (arch, pretrained) in OPEN_CLIP_HUB:
        _raise_if_unreachable(arch, pretrained, OPEN_CLIP_HUB[arch, pretrained])  # decided without open_clip's 3 s import
    import open_clip

    if arch not in open_clip.list_models():
        raise ValueError(f"unknown open_clip architecture {arch!r}; e.g. ViT-B-32, ViT-B-16, ViT-L-14")
    local = _is_local(pretrained)
    if quick_gelu is None:
        quick_gelu = not local and bool((open_clip.get_pretrained_cfg(arch, pretrained) or {}).get("quick_gelu"))
    if not local:
        if pretrained not in open_clip.list_pretrained_tags_by_model(arch):
            raise ValueError(f"{arch} has no pretrained tag {pretrained!r}; known: {open_clip.list_pretrained_tags_by_model(arch)}")
        _raise_if_unreachable(arch, pretrained, open_clip.get_pretrained_cfg(arch, pretrained).get("hf_hub", ""))
    try:
        model, _, preprocess = open_clip.create_model_and_transforms(arch, pretrained=pretrained, device="cpu",
                                                                     weights_only=True, force_quick_gelu=quick_gelu)
    except (OSError, RuntimeError, ValueError) as exc:
        if isinstance(exc, RuntimeError) and local:  # a local file that does not fit the architecture
            raise ValueError(f"pretrained file {pretrained} does not fit open_clip {arch} ({_first_line(exc)})") from None
        raise WeightsUnavailable(f"open_clip {arch} '{pretrained}': weights not reachable ({type(exc).__name__}); "
                                 f"they download once with network access, or pass a local checkpoint file") from exc
    return model.eval(), preprocess, open_clip.get_tokenizer(arch)


# Where open_clip keeps the tags the lessons load (``open_clip.get_pretrained_cfg(arch, tag)["hf_hub"]``, checked by
# a test): with it the offline path is decided without importing open_clip, which takes 3 s and 1 s more at exit.
OPEN_CLIP_HUB = {("ViT-B-32", "openai"): "timm/vit_base_patch32_clip_224.openai/"}


def _raise_if_unreachable(arch: str, tag: str, hub_id: str) -> None:
    """Raise ``WeightsUnavailable`` when ``FIVEQ_OFFLINE`` is set, or the hub is out of reach and ``hub_id``
    (open_clip's hub copy of the tag) is not in the local cache: fail before building a model with no weights."""
    refuse_if_forced_offline(f"open_clip {arch} '{tag}'")
    status = hub_status()
    if not status.available and not _open_clip_cached(hub_id):
        raise WeightsUnavailable(f"open_clip {arch} '{tag}': not in the local cache and {status.reason}; "
                                 "the weights download once when the hub is reachable")


def _open_clip_cached(hub_id: str) -> bool:
    """True when ``hub_id`` (``repo/`` or ``repo/file``, as open_clip's tables give it) is in the local cache."""
    from huggingface_hub import try_to_load_from_cache

    if not hub_id:
        return False
    repo, filename = os.path.split(hub_id.rstrip("/")) if not hub_id.endswith("/") else (hub_id.rstrip("/"), "")
    names = [filename] if filename else ["open_clip_model.safetensors", "open_clip_pytorch_model.bin"]
    return any(isinstance(try_to_load_from_cache(repo, name), str) for name in names)


def load_state_dict(path, drop_keys: tuple[str, ...] = ()) -> dict:
    """A checkpoint's state dict (bare or ``{"state_dict": ...}``), read with ``torch.load(weights_only=True)``,
    without DataParallel's ``module.`` prefix and without keys ending with any of ``drop_keys``."""
    import torch

    path = os.path.expanduser(str(path))
    if not os.path.exists(path):
        raise WeightsUnavailable(f"checkpoint {path} does not exist")
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # a pickle carrying code or objects, or no torch file at all: torch's report is long
        raise ValueError(f"checkpoint {path} was refused by torch.load(weights_only=True): it holds more than "
                         f"tensors, or is not a torch file ({_first_line(exc)})") from None
    state = checkpoint.get("state_dict", checkpoint) if isinstance(checkpoint, dict) else None
    if not isinstance(state, dict):
        raise ValueError(f"{path} holds no state dict (got {type(checkpoint).__name__})")
    state = {k.removeprefix("module."): v for k, v in state.items()}
    return {k: v for k, v in state.items() if not k.endswith(drop_keys)}
