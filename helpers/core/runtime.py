"""Device, seeds, CPU threads and the environment report shown at the top of every notebook.

The device is chosen once, here: CUDA if present, then Apple's MPS, then the CPU.
Set ``FIVEQ_DEVICE=cpu`` (or ``cuda``, ``mps``) to override the choice.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import random
import sys
from dataclasses import dataclass, field

from . import checks

_DEVICE_ENV = "FIVEQ_DEVICE"


@functools.lru_cache(maxsize=1)
def device():
    """The ``torch.device`` every helper uses: CUDA, then MPS, then CPU (``FIVEQ_DEVICE`` overrides)."""
    import torch

    wanted = os.environ.get(_DEVICE_ENV, "").strip().lower()
    if wanted:
        if wanted not in {"cpu", "cuda", "mps"}:
            raise ValueError(f"{_DEVICE_ENV} must be one of cpu, cuda, mps; got {wanted!r}")
        return torch.device(wanted)
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def seed_everything(seed: int = 0) -> int:
    """Seed Python, NumPy and torch (all devices) so that a second run prints the same numbers.

    On CUDA it also asks for deterministic kernels (on the CPU torch's kernels already repeat
    for a fixed thread count, and the deterministic switch slowed convolutions twofold here).
    Returns the seed.
    """
    seed = checks.integer(seed, "seed", minimum=0, maximum=2**32 - 1)  # numpy accepts no more
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True, warn_only=True)
    return seed


@contextlib.contextmanager
def cpu_threads(n: int | None = 1):
    """Run the block (or, as ``@cpu_threads(1)``, a function) on ``n`` torch CPU threads; restore after.

    Tiny models run fastest on one thread: with more, the threads wait on each other (and on
    anything else sharing the CPU) longer than the small matrix products take. Measured here on a
    shared 2-core CPU: a MiniLM call ~100 ms on one thread, ~800 ms on two. ``None`` leaves it as is.
    """
    import torch

    if n is not None:
        n = checks.positive_int(n, "n")
    old = torch.get_num_threads()
    if n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


@contextlib.contextmanager
def quiet_loading(ignore_warnings: tuple[str, ...] = ()):
    """transformers' loading reports and "Loading weights" bars off for the block, and the warnings whose
    message starts with one of ``ignore_warnings``. Only for loads whose weights are then there in full: the
    reports describe tensors that are about to be (or were) loaded; the hub's download bars stay on."""
    import warnings

    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            for message in ignore_warnings:
                warnings.filterwarnings("ignore", message=message)
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


LIVE_TRAINING_ENV = "FIVEQ_LIVE_TRAINING"


def live_training(switch: bool = True) -> bool:
    """Whether a lesson trains its small models live: the lesson's ``LIVE_TRAINING`` switch, unless the
    environment says otherwise (``FIVEQ_LIVE_TRAINING=0`` or ``1``; the bench runs each lesson both ways).

    With live training off a lesson runs in seconds: it reads its trained checkpoints only.
    """
    if not isinstance(switch, bool):
        raise TypeError(f"switch must be True or False, got {type(switch).__name__} {switch!r}")
    wanted = os.environ.get(LIVE_TRAINING_ENV, "").strip().lower()
    if wanted in ("0", "false", "no", "off"):
        return False
    if wanted in ("1", "true", "yes", "on"):
        return True
    return switch


@dataclass
class EnvironmentReport:
    """What a notebook runs on: versions, device, and which path (pretrained or offline) it takes."""

    path: str
    reason: str
    device: str
    versions: dict = field(default_factory=dict)

    def _lines(self) -> list[str]:
        vs = ", ".join(f"{k} {v}" for k, v in self.versions.items())
        return [f"path: {self.path.upper()} ({self.reason})", f"device: {self.device}", f"versions: {vs}"]

    def __str__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        pretrained = self.path == "pretrained"
        colour, border = ("#e8f5e9", "#2e7d32") if pretrained else ("#fff8e1", "#f9a825")
        title = "PRETRAINED path: real pretrained weights are loaded" if pretrained else (
            "OFFLINE path: real tokenizers, real data, tiny models trained here; no pretrained weights from the hub")
        rest = "<br>".join(self._lines()[1:])
        return (f'<div style="background:{colour};border-left:6px solid {border};padding:8px 12px;'
                f'font-family:sans-serif"><b>{title}</b><br><small>{self.reason}<br>{rest}</small></div>')


def _version(module_name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(module_name)
    except metadata.PackageNotFoundError:
        return "not installed"


def enable_figure_display() -> bool:
    """Let Jupyter draw a ``matplotlib.figure.Figure`` left as a cell's last expression.

    The helpers build figures without pyplot (so nothing is shown twice); IPython only knows how
    to render them once a PNG formatter is registered, which is done here, by name, without
    importing matplotlib. Returns False outside IPython.
    """
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False

    def to_png(fig):
        from IPython.core.pylabtools import print_figure

        return print_figure(fig, fmt="png", bbox_inches="tight")

    shell.display_formatter.formatters["image/png"].for_type_by_name("matplotlib.figure", "Figure", to_png)
    return True


def environment_report(weights_status=None, packages: tuple[str, ...] = ("torch", "transformers", "open_clip_torch")) -> EnvironmentReport:
    """One call for the top of a notebook: versions, device, and the path it takes.

    ``weights_status`` is a ``helpers.core.pretrained.HubStatus`` (or anything with ``available``
    and ``reason``); ``None`` means the notebook needs no pretrained weights.
    """
    if weights_status is not None and not all(hasattr(weights_status, a) for a in ("available", "reason")):
        raise TypeError(f"weights_status must be None or have .available and .reason (a HubStatus or Weights), "
                        f"got {type(weights_status).__name__}")
    enable_figure_display()
    versions = {"python": platform.python_version()}
    versions.update({p: _version(p) for p in packages})
    if weights_status is None:
        path, reason = "offline", "this lesson needs no pretrained weights"
    else:
        path = "pretrained" if weights_status.available else "offline"
        reason = weights_status.reason
    dev = device()
    detail = str(dev)
    if dev.type == "cuda":
        import torch

        detail += f" ({torch.cuda.get_device_name(dev)})"
    elif dev.type == "cpu":
        detail += f" ({os.cpu_count()} cores, {platform.machine()})"
    return EnvironmentReport(path=path, reason=reason, device=detail, versions=versions)

