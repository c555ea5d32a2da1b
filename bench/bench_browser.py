"""What the browser test costs, step by step, and how fast lesson 01's widget answers in the page.

Prints: JupyterLab start, Chromium launch, lab page load (paid once per test session), then for
each notebook asked for (default: 01) open + kernel start, run all, widget render, the
interaction of the browser test, and screenshot + close. For lesson 01 it also types sentences
into the text box and times each from the keystroke to the updated token summary in the page
(the round trip page → kernel → page), printing the median and p95.

    .venv/bin/python bench/bench_browser.py [NN ...]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser.chromium import launch  # noqa: E402
from browser.fixtures import KERNEL_ENV  # noqa: E402
from browser.interactions import SUMMARY, interaction_for  # noqa: E402
from browser.lab import LabPage, Timings  # noqa: E402
from browser.server import JupyterLab  # noqa: E402
from tools.notebook_runner import notebook_sources  # noqa: E402

ROUND_TRIPS = 20


def token_round_trips(widget, n: int = ROUND_TRIPS) -> list[float]:
    """Seconds from filling the text box to the summary showing the new count, for ``n`` sentences."""
    from helpers.clip import text as clip_text
    from helpers.core import corpora

    sentences = corpora.austen_sentences()[:n]
    seconds = []
    for sentence in sentences:
        expected = {"content-tokens": clip_text.count_tokens(sentence), "words": len(sentence.split())}
        widget.type_text("Text", sentence)
        widget.wait_for_attributes(SUMMARY, expected)
    return [seconds for _, seconds in widget.trace[-n:]]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(prefixes: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    sources = [s for s in notebook_sources() if any(s.stem.startswith(p) for p in prefixes)]
    if not sources:
        raise SystemExit(f"no notebooks/NN_*.py matches {prefixes}")
    t_all = time.perf_counter()
    with JupyterLab(sources, env=KERNEL_ENV) as server, sync_playwright() as playwright:
        print(f"JupyterLab start      {server.start_seconds:6.1f} s")
        t0 = time.perf_counter()
        browser = launch(playwright)
        print(f"Chromium launch       {time.perf_counter() - t0:6.1f} s")
        lab = LabPage(browser, server).load()
        print(f"lab page load         {lab.load_seconds:6.1f} s")
        setup = time.perf_counter() - t_all
        shots = Path(tempfile.mkdtemp(prefix="fiveq-bench-shots-"))
        for source in sources:
            timings = Timings()
            t = time.perf_counter()
            notebook = lab.open(f"{source.stem}.ipynb")
            t = timings.mark("open + kernel", t)
            notebook.run_all()
            t = timings.mark("run all", t)
            widget = notebook.main_widget()
            notebook.check_no_errors()
            t = timings.mark("widgets rendered", t)
            interaction = interaction_for(source.stem)
            expected = interaction.expect()
            t = timings.mark("expected values (background in the test)", t)
            interaction.operate(widget, expected)
            notebook.check_no_errors()
            t = timings.mark("interaction", t)
            print(f"{source.stem}: each action until the page showed its result: "
                  + ", ".join(f"{action} {seconds:.2f} s" for action, seconds in widget.trace))
            widget.trace.clear()
            notebook.screenshot(shots / f"{source.stem}.png")
            t = timings.mark("screenshot", t)
            if source.stem.startswith("01"):
                trips = token_round_trips(widget)
                print(f"{source.stem}: typed sentence -> summary in the page, {len(trips)} sentences: "
                      f"median {statistics.median(trips) * 1000:.0f} ms, p95 {p95(trips) * 1000:.0f} ms")
            notebook.close()
            browser_only = sum(v for k, v in timings.steps.items() if k != "run all" and not k.startswith("expected"))
            print(f"{source.stem}: {timings.line()}")
            print(f"{source.stem}: {browser_only:.1f} s beyond running the cells and computing expected values")
        browser.close()
    print(f"session set-up (server + browser + page, once per test run): {setup:.1f} s")
    print(f"total: {time.perf_counter() - t_all:.1f} s wall, {cpu_seconds():.1f} s CPU (this process, JupyterLab, "
          f"kernels, Chromium; on a busy machine the CPU figure is the steadier one)")


def cpu_seconds() -> float:
    """User + system CPU of this process and every child it has waited for (server, kernels, browser)."""
    import resource

    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


if __name__ == "__main__":
    main(sys.argv[1:] or ["01"])
