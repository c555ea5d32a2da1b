"""``python -m tools.post_build``: what ``postBuild`` does when repo2docker (Binder, a JupyterHub image) builds
the repository, after it has installed ``environment.yml``.

1. the widget front end RISE's slideshow needs (``jupyterlab_widgets`` 3.0.10, pyproject.toml says why), put in
   with ``--no-deps`` only when another version is installed;
2. each lesson as a notebook: ``notebooks/NN_*.ipynb`` created from, and paired with, its ``.py`` source (the
   ``.ipynb`` are not committed), so one click in JupyterLab opens a lesson;
3. the kernel registered in the environment as "Five Questions";
4. the trained checkpoints checked in place: every card in ``data/checkpoints`` has its weights, and their
   SHA-256 is the card's (the lessons would otherwise fall back to live training, slowly).

Each step can run again and changes nothing the second time. ``tests/slides/test_post_build.py`` runs them in a fresh
virtual environment.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from .notebook_runner import ROOT, notebook_sources

WIDGETS_FRONT_END = "3.0.10"
KERNEL = ("five-questions", "Five Questions")


def widgets_front_end() -> str:
    """Install ``jupyterlab_widgets`` at ``WIDGETS_FRONT_END`` (no dependencies) unless it is there already."""
    try:
        installed = metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError:
        installed = None
    if installed == WIDGETS_FRONT_END:
        return f"jupyterlab_widgets {installed} already installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    f"jupyterlab_widgets=={WIDGETS_FRONT_END}"], check=True)
    return f"jupyterlab_widgets {installed} -> {WIDGETS_FRONT_END}"


def pair_notebooks(root: Path = ROOT) -> list[Path]:
    """Create or update ``notebooks/NN_*.ipynb`` beside each ``.py`` source, paired with it (jupytext)."""
    sources = notebook_sources() if root == ROOT else sorted((root / "notebooks").glob("[0-9][0-9]_*.py"))
    subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--sync", *map(str, sources)], check=True)
    return [source.with_suffix(".ipynb") for source in sources]


def register_kernel() -> Path:
    """Register this environment's Python as the "Five Questions" kernel (in ``sys.prefix``); its folder."""
    name, display = KERNEL
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", name,
                    "--display-name", display], check=True, capture_output=True)
    return Path(sys.prefix) / "share" / "jupyter" / "kernels" / name


def check_checkpoints(folder: Path = ROOT / "data" / "checkpoints") -> list[str]:
    """Each checkpoint card's name, after checking its weights are present and match its SHA-256."""
    names = []
    for card_path in sorted(folder.glob("*.json")):
        card = json.loads(card_path.read_text(encoding="utf-8"))
        weights = card_path.with_suffix(".safetensors")
        if not weights.is_file():
            raise SystemExit(f"postBuild: {weights.name} is missing beside {card_path.name}: the lessons would train"
                             " live instead; rebuild it with `make checkpoints`")
        if hashlib.sha256(weights.read_bytes()).hexdigest() != card["sha256"]:
            raise SystemExit(f"postBuild: {weights.name} does not match the SHA-256 in {card_path.name}"
                             " (a Git LFS pointer instead of the file?); rebuild it with `make checkpoints`")
        names.append(card_path.stem)
    if not names:
        raise SystemExit(f"postBuild: no checkpoint cards in {folder}")
    return names


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    print("postBuild:", widgets_front_end())
    print("postBuild: lessons as notebooks:", ", ".join(p.name for p in pair_notebooks(root)))
    print("postBuild: kernel registered in", register_kernel())
    print("postBuild: checkpoints in place:", ", ".join(check_checkpoints(root / "data" / "checkpoints")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
