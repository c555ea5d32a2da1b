"""Place files in a Hugging Face hub cache folder exactly as a download would (``models--org--name/snapshots/…``).

Used by the tests that prove a full cache changes nothing under ``FIVEQ_OFFLINE=1``, and by
``make test-pretrained``, which fills a temporary cache with every model the lessons load.
"""

from __future__ import annotations

import shutil
from pathlib import Path

COMMIT = "0" * 40   # any 40-hex name works: the cache resolves refs/main to the snapshot folder


def repo_folder(cache_dir, repo_id: str) -> Path:
    """``<cache_dir>/models--org--name`` for ``repo_id`` (``"org/name"`` or ``"name"``)."""
    return Path(cache_dir) / ("models--" + repo_id.replace("/", "--"))


def place(cache_dir, repo_id: str, source, move: bool = False) -> Path:
    """Copy every file of the folder ``source`` into ``repo_id``'s snapshot in ``cache_dir``; return the snapshot.

    ``move=True`` moves the files instead (a rename when ``source`` is on the same file system: no second write).
    """
    folder = repo_folder(cache_dir, repo_id)
    snapshot = folder / "snapshots" / COMMIT
    snapshot.mkdir(parents=True, exist_ok=True)
    for path in Path(source).iterdir():
        if path.is_file():
            (shutil.move if move else shutil.copy2)(path, snapshot / path.name)
    (folder / "refs").mkdir(exist_ok=True)
    (folder / "refs" / "main").write_text(COMMIT)
    return snapshot
