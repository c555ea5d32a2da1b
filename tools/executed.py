"""The lessons executed once for the decks and the book: ``build/executed/NN_*.ipynb``, run with live training off.

``make slides``, ``make book`` and their tests all read these, so a lesson runs once however many of them
follow; a lesson runs again only when its ``.py`` source, or anything in ``helpers/`` or ``data/``, is newer
than its executed copy. Live training off (``FIVEQ_LIVE_TRAINING=0``) means the lessons load the committed
checkpoints: seconds per lesson instead of a minute, and the same figures on every build.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from .notebook_runner import ROOT, notebook_sources

EXECUTED = ROOT / "build" / "executed"
ENV = {"FIVEQ_LIVE_TRAINING": "0", "FIVEQ_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def _newest_input(source: Path) -> float:
    helpers = [p.stat().st_mtime for folder in ("helpers", "data") for p in (ROOT / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    return max([source.stat().st_mtime, *helpers])


def executed(source: Path, force: bool = False) -> Path:
    """``build/executed/<stem>.ipynb`` for lesson ``source``, executed now unless an up-to-date copy exists."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    target = EXECUTED / f"{source.stem}.ipynb"
    if force or not target.exists() or target.stat().st_mtime < _newest_input(source):
        nb = jupytext.read(source)
        # The whole-notebook run (not tools.notebook_runner's cell by cell) stores the widgets' state in the
        # notebook's metadata, which the static previews are drawn from.
        client = NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                                shutdown_kernel="immediate", resources={"metadata": {"path": str(source.parent)}})
        start = time.perf_counter()
        client.execute(env={**os.environ, **ENV})
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        print(f"{source.name}: executed in {time.perf_counter() - start:.1f} s (live training off)"
              f" -> {target.relative_to(ROOT)}")
    return target


def all_executed(force: bool = False) -> list[Path]:
    """Every lesson's executed copy, in lesson order."""
    return [executed(source, force) for source in notebook_sources()]


if __name__ == "__main__":
    all_executed(force="--force" in sys.argv[1:])
    sys.exit(0)
