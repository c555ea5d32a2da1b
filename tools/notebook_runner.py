"""Execute the lessons headless from their jupytext ``.py`` sources (used by the tests and ``make notebooks``)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


class NotebookError(RuntimeError):
    """A cell raised; the message names the notebook, the cell number and its first line."""


@dataclass
class Run:
    notebook: object
    seconds: float
    cell_seconds: list[float]
    peak_rss_mb: float | None = None   # the kernel's peak resident memory, when ``execute(measure_memory=True)``


# Peak resident memory in MiB: ru_maxrss is in KiB on Linux, in bytes on macOS.
PEAK_RSS_CELL = ("import resource as _r, sys as _s\n"
                 "print(_r.getrusage(_r.RUSAGE_SELF).ru_maxrss / (1024 if _s.platform == 'darwin' else 1) / 1024)")


def notebook_sources() -> list[Path]:
    """The lesson sources, in order: ``notebooks/NN_*.py``."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))


def execute(source: Path, cell_timeout_s: int = 300, env: dict | None = None, measure_memory: bool = False) -> Run:
    """Run every cell of ``source`` in a fresh kernel; return the executed notebook and timings.

    ``env`` entries are set in the kernel's environment (e.g. ``FIVEQ_OFFLINE=1``).
    ``measure_memory`` runs one more cell after the lesson that reads the kernel's peak resident memory
    (``getrusage``) into ``Run.peak_rss_mb``; that cell is not left in the returned notebook nor timed.
    Raises ``NotebookError`` naming the failing cell.
    """
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    source = Path(source)
    nb = jupytext.read(source)
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    # Once the last cell has run, the kernel is killed rather than asked to exit: a graceful exit spends 2-3 s
    # tearing down torch, transformers and gigabytes of tensors, work nobody waits for after a lesson.
    client = NotebookClient(nb, timeout=cell_timeout_s, kernel_name="python3", shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(source.parent)}})
    cell_seconds: list[float] = []
    start = time.perf_counter()
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                t0 = time.perf_counter()
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError) as exc:
                    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                    raise NotebookError(f"{source.name}: cell {index} ({first!r}) failed:\n{exc}") from None
                cell_seconds.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            peak_rss_mb = _peak_rss_mb(client, nb) if measure_memory else None
            measuring = time.perf_counter() - t0
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Run(nb, time.perf_counter() - start - measuring, cell_seconds, peak_rss_mb)


def _peak_rss_mb(client, nb) -> float:
    """Run ``PEAK_RSS_CELL`` in the client's kernel after the lesson's cells; its printed number, in MB."""
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(PEAK_RSS_CELL)
    nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(nb.cells) - 1)
    finally:
        nb.cells.pop()
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    return float(text.strip().splitlines()[-1])


def error_outputs(nb) -> list[str]:
    """Error outputs left in an executed notebook (should be none)."""
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, c in enumerate(nb.cells)
            if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]


def undisplayed_figures(nb) -> list[str]:
    """Cells whose figure came out as text (``<Figure size ...>``) instead of an image."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "<Figure size" in data.get("text/plain", "") and "image/png" not in data:
                found.append(f"cell {i}")
    return found
