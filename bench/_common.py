"""Small timing utilities shared by the benchmark scripts (they print figures; nothing asserts)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def p95(samples: list[float]) -> float:
    """95th percentile of ``samples`` (inclusive method)."""
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def time_calls(fn, repeats: int = 40, warmup: int = 3) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def import_seconds(module: str = "helpers", repeats: int = 5) -> float:
    """Median seconds for a fresh interpreter to import ``module`` (interpreter start-up excluded)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 cwd=ROOT).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def load_average() -> str:
    """The machine's 1/5/15-minute load averages and core count: other work on the same cores slows every figure."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "unknown"


def notebook_seconds(name: str, env: dict | None = None) -> tuple[float, list[float]]:
    """Seconds to run ``notebooks/<name>`` top to bottom in a cold kernel on the offline path: from starting the
    kernel to the last cell's output, what a reader waits for after "Restart and run all" (the kernel is then
    killed, not asked to exit, so the 2-3 s an interpreter spends tearing down torch are not counted).

    ``env`` adds to the kernel's environment, e.g. ``{"FIVEQ_LIVE_TRAINING": "0"}`` to time a lesson without
    its live training.
    """
    from tools.notebook_runner import execute

    run = execute(ROOT / "notebooks" / name, env={"FIVEQ_OFFLINE": "1", "HF_HUB_OFFLINE": "1", **(env or {})})
    return run.seconds, run.cell_seconds


def lesson_seconds_both_ways(name: str, slowest: int = 5) -> None:
    """Time ``notebooks/<name>`` with live training on (target 60 s) and off (target 20 s); print the slowest cells."""
    for live, target in (("1", 60), ("0", 20)):
        seconds, cells = notebook_seconds(name, env={"FIVEQ_LIVE_TRAINING": live})
        report(f"{name} offline, LIVE_TRAINING {'on' if live == '1' else 'off'}", seconds, target)
        worst = sorted(enumerate(cells), key=lambda x: -x[1])[:slowest]
        print("  slowest cells: " + ", ".join(f"#{i} {s:.1f} s" for i, s in worst))


def report(label: str, value: float, target: float | None = None, unit: str = "s") -> None:
    verdict = "" if target is None else ("  (target <= %g %s: %s)" % (target, unit, "met" if value <= target else "MISSED"))
    print(f"{label:<55} {value:10.3f} {unit}{verdict}")
