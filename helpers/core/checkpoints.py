"""The tiny models' trained checkpoints: safetensors weights beside a JSON card, checked by SHA-256 on load.

``make checkpoints`` (``tools/train_checkpoints.py``) trains each lesson's tiny models with a longer recipe
than a lesson can afford live and writes ``data/checkpoints/<name>.safetensors`` and ``<name>.json``. The card
records the recipe, seed, steps, data, wall time, library versions, the weights' SHA-256 and the held-out
metrics the model reached. Loading never unpickles anything: safetensors holds tensors only.

A lesson loads a checkpoint when it is there and intact, and otherwise goes on with its live model; the
reason (missing, corrupt, built for another architecture) is one line that names the file and says how to
rebuild it.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .corpora import DATA

CHECKPOINTS = DATA / "checkpoints"
REBUILD = "rebuild it with `make checkpoints`"


class CheckpointError(ValueError):
    """A checkpoint that cannot be used; the message is one line naming the file and the fix."""


@dataclass
class Card:
    """What a checkpoint is and how it was made (the JSON file beside the weights)."""

    name: str
    model: str
    config: dict
    recipe: dict
    seed: int
    steps: int
    data: str
    wall_time_s: float
    metrics: dict
    sha256: str = ""
    versions: dict = field(default_factory=dict)

    def summary(self) -> str:
        """One line: model, steps, training time and the held-out metrics."""
        metrics = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in self.metrics.items())
        return (f"{self.model} ({self.name}): {self.steps:,} steps, seed {self.seed}, trained in "
                f"{self.wall_time_s / 60:.1f} min by `make checkpoints`; held out: {metrics}")


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:160]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict:
    import numpy
    import torch

    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": numpy.__version__}


def paths(name: str, folder: Path | None = None) -> tuple[Path, Path]:
    """``(weights, card)`` paths of checkpoint ``name``."""
    from . import checks

    checks.text(name, "name")
    if folder is not None and not isinstance(folder, (str, Path)):
        raise TypeError(f"folder must be a str or a Path, got {type(folder).__name__} {checks.shown(folder)}")
    folder = Path(folder) if folder is not None else CHECKPOINTS
    return folder / f"{name}.safetensors", folder / f"{name}.json"


def save(model, card: Card, folder: Path | None = None) -> Card:
    """Write ``model``'s weights and ``card`` (its SHA-256 and library versions filled in); return the card."""
    from safetensors.torch import save_model

    weights, card_path = paths(card.name, folder)
    weights.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, str(weights))  # handles tied weights (one stored copy)
    card.sha256 = _sha256(weights)
    card.versions = _versions()
    card_path.write_text(json.dumps(asdict(card), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return card


def read_card(name: str, folder: Path | None = None) -> Card:
    """The card of checkpoint ``name``; ``CheckpointError`` when it is missing or unreadable."""
    _, card_path = paths(name, folder)
    if not card_path.is_file():
        raise CheckpointError(f"checkpoint card {card_path.name} is missing from {card_path.parent}; {REBUILD}")
    try:
        return Card(**json.loads(card_path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise CheckpointError(f"checkpoint card {card_path.name} is unreadable ({_first_line(exc)}); {REBUILD}") from None


def load_into(model, name: str, folder: Path | None = None) -> Card:
    """Load checkpoint ``name`` into ``model`` (built with the card's config) after checking its SHA-256.

    Raises ``CheckpointError`` (one line) when the file is missing, its hash differs from the card's, or its
    tensors do not fit ``model``.
    """
    from safetensors.torch import load_model

    card = read_card(name, folder)
    weights, _ = paths(name, folder)
    if not weights.is_file():
        raise CheckpointError(f"checkpoint {weights.name} is missing from {weights.parent}; {REBUILD}")
    if _sha256(weights) != card.sha256:
        raise CheckpointError(f"checkpoint {weights.name} is corrupt (its SHA-256 differs from {name}.json); {REBUILD}")
    try:
        load_model(model, str(weights), strict=True, device="cpu")
    except (RuntimeError, KeyError, ValueError) as exc:
        raise CheckpointError(f"checkpoint {weights.name} does not fit the model ({_first_line(exc)}); {REBUILD}") from None
    except Exception as exc:  # not a safetensors file at all (a pickle, say): the loader refuses it
        raise CheckpointError(f"checkpoint {weights.name} is not a safetensors file the loader accepts "
                              f"({type(exc).__name__}: {_first_line(exc)}); {REBUILD}") from None
    return card
