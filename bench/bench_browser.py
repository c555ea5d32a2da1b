"""What the browser test costs, step by step, and how fast each lesson's main widget answers in the page.

Prints: JupyterLab start, Chromium launch, lab page load (paid once per test session), then for
each notebook asked for (default: all) open + kernel start, run all, widget render, the
interaction of the browser test, and screenshot + close. Then it makes ``ROUND_TRIPS`` changes to
each lesson's main widget, as a person would (type a sentence, type a value into a slider's
readout and press Enter), and times each in the page, on the page's clock: from the change's
event to the first frame after the widget's outputs stopped changing (``MainWidget.wait_for_settled``;
lesson 01 waits for the token summary's data attributes). It prints the median and p95 per widget
(target: p95 <= 100 ms), and the load average, since other work on the same cores inflates them.

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
from _common import load_average  # noqa: E402

ROUND_TRIPS = 20
TARGET_MS = 100


def token_round_trips(widget, n: int = ROUND_TRIPS) -> list[float]:
    """Seconds from filling the text box to the summary showing the new count, for ``n`` sentences."""
    from helpers.clip import text as clip_text
    from helpers.core import corpora

    sentences = corpora.austen_sentences()[:n]
    for sentence in sentences:
        expected = {"content-tokens": clip_text.count_tokens(sentence), "words": len(sentence.split())}
        widget.type_text("Text", sentence)
        widget.wait_for_attributes(SUMMARY, expected)
    return [seconds for _, seconds in widget.trace[-n:]]


def typed_round_trips(widget, control: str, texts: list[str]) -> list[float]:
    """Seconds from typing each of ``texts`` into ``control`` to the frame after the widget's outputs settled."""
    seconds = []
    for text in texts:
        widget.type_text(control, text)
        seconds.append(widget.wait_for_settled(quiet_s=0.3))
    return seconds


def slider_round_trips(widget, control: str, values: list) -> list[float]:
    """Seconds from typing each value into the slider's readout (Enter) to the frame after the outputs settled."""
    seconds = []
    for value in values:
        if _shows(widget.slider_value(control), value):  # typing what it shows already would change nothing
            continue
        widget.type_slider(control, value)
        seconds.append(widget.wait_for_settled(quiet_s=0.3))
    return seconds


def _shows(readout: str, value) -> bool:
    """Whether a slider's readout ("224", "0.070", "75%") shows ``value``."""
    try:
        shown = float(readout.replace(",", "").rstrip("%")) / (100 if readout.endswith("%") else 1)
    except ValueError:
        return False
    return abs(shown - float(value)) <= 1e-3 * max(1.0, abs(float(value)))


def _sentences(n: int, words: int = 12) -> list[str]:
    from helpers.core import corpora

    chosen = [s for s in corpora.austen_sentences() if len(s.split()) >= words][:n]
    return [" ".join(s.split()[:words]) for s in chosen]


def _cycle(values: list, n: int = ROUND_TRIPS) -> list:
    return [values[i % len(values)] for i in range(n)]


def _mask_ratios() -> list:
    return _cycle([0.5, 0.6, 0.25, 0.8, 0.1, 0.9, 0.4, 0.7, 0.3, 0.75])


# lesson prefix -> [(what is timed, main widget index, tab to open or None, fn(widget) -> seconds)]
LATENCY_PLANS = {
    "01": [("typed sentence -> token summary", 0, None, token_round_trips)],
    "02": [("fill a mask: typed sentence -> fillers", 0, "Fill a mask",
            lambda w: typed_round_trips(w, "Sentence", _sentences(ROUND_TRIPS))),
           ("generate: seed -> continuation", 0, "Generate",
            lambda w: slider_round_trips(w, "Seed", _cycle(list(range(1, 10)) + [0])))],
    "03": [("mask ratio -> MAE reconstructions", 0, "MAE masking",
            lambda w: slider_round_trips(w, "mask ratio", _mask_ratios()))],
    "04": [("temperature -> softmax grid", 0, None,
            lambda w: slider_round_trips(w, "temperature τ", _cycle([0.05, 0.2, 0.02, 0.5, 0.1, 0.03, 1.0, 0.07]))),
           ("sound designer: pitch -> ranking + log-mel", 1, None,
            lambda w: slider_round_trips(w, "pitch (Hz)", _cycle([440, 1000, 220, 3000, 700, 150, 2000, 90])))],
    "05": [("budget: resolution -> token bar", 0, None,
            lambda w: slider_round_trips(w, "resolution (px)", _cycle([224, 336, 448, 672, 896, 560, 112, 784])))],
}


def widget_latencies(notebook, stem: str) -> list[str]:
    """Time the main widget(s) of ``stem`` per ``LATENCY_PLANS``; one printed line per widget."""
    lines = []
    for label, index, tab, measure in LATENCY_PLANS.get(stem[:2], []):
        widget = notebook.main_widget(index)
        widget.locator.scroll_into_view_if_needed()
        if tab:
            widget.open_tab(tab)
        trips = measure(widget)
        median, high = statistics.median(trips) * 1000, p95(trips) * 1000
        lines.append(f"{stem}: {label}, {len(trips)} changes: median {median:.0f} ms, p95 {high:.0f} ms"
                     f"  (target p95 <= {TARGET_MS} ms: {'met' if high <= TARGET_MS else 'MISSED'})")
        print(lines[-1], flush=True)
    notebook.check_no_errors()
    return lines


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
        summary = []
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
            summary += widget_latencies(notebook, source.stem)
            notebook.close()
            browser_only = sum(v for k, v in timings.steps.items() if k != "run all" and not k.startswith("expected"))
            print(f"{source.stem}: {timings.line()}")
            print(f"{source.stem}: {browser_only:.1f} s beyond running the cells and computing expected values")
        browser.close()
    print(f"session set-up (server + browser + page, once per test run): {setup:.1f} s")
    print(f"widget latency in the page (load average {load_average()}):")
    for line in summary:
        print("  " + line)
    print(f"total: {time.perf_counter() - t_all:.1f} s wall, {cpu_seconds():.1f} s CPU (this process, JupyterLab, "
          f"kernels, Chromium; on a busy machine the CPU figure is the steadier one)")


def cpu_seconds() -> float:
    """User + system CPU of this process and every child it has waited for (server, kernels, browser)."""
    import resource

    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


if __name__ == "__main__":
    main(sys.argv[1:] or [""])
