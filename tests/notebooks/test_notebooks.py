"""Every lesson runs top to bottom, headless, from its .py source, on the offline path, and prints the same
numbers when it runs again in a fresh kernel.

``test_notebook_runs`` executes each lesson once and keeps what it printed (``_FIRST_RUNS``);
``test_lesson_prints_the_same_numbers_twice`` runs it a second time and compares, so the check costs one
extra run per lesson, not two (alone, as in ``make determinism``, it runs both). Timings are masked first
(``printed``): "ran in 12.3 s", "4.1 ms", "about 3 min", progress bars on stderr.
"""

import difflib
import re

import pytest

from tools.notebook_runner import error_outputs, execute, notebook_sources, undisplayed_figures

SOURCES = notebook_sources()
ENV = {"FIVEQ_OFFLINE": "1"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex")

# A number followed by a unit of time, with what people write between them ("12 s", "3.4 ms", "1,204 µs",
# "0.8 seconds", "2 min", "12 s/step"), and rates of progress ("31.2 it/s", "5 steps/s").
_TIME = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?\s*(?:ms|µs|us|ns|s|sec|secs|seconds?|min|mins|"
                   r"minutes?|h|hours?)(?![\w])(?:/\w+)?", re.IGNORECASE)
_RATE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:it|steps?|batches|tokens|samples|examples|clips|images)/s\b", re.IGNORECASE)
# Speed-ups measured on the clock ("3.31× faster") and the numbers of a time column ("time  23.8 →  2.9").
_SPEEDUP = re.compile(r"\d[\d,]*(?:\.\d+)?\s*[×x]\s*(?:faster|slower|quicker)", re.IGNORECASE)
_TIME_COLUMN = re.compile(r"\b(time|wall)\s+[\d,]+(?:\.\d+)?(?![\d.])", re.IGNORECASE)

_FIRST_RUNS: dict = {}


def mask_timings(text: str) -> str:
    """``text`` with every duration, rate and speed-up replaced by a placeholder and runs of spaces made one
    (a masked column no longer sets the width of the next), so runs can be compared."""
    text = _RATE.sub("<rate>", _TIME.sub("<time>", _SPEEDUP.sub("<speed-up>", text)))
    return re.sub(r"[ \t]+", " ", _TIME_COLUMN.sub(lambda m: f"{m.group(1)} <time>", text))


def printed(nb) -> list[str]:
    """What the executed notebook ``nb`` shows as text, cell by cell, timings masked: its printed output
    (stdout, not stderr: progress bars and warnings) and the text of its displayed values, widgets aside."""
    lines = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        stdout, shown = [], []  # stdout joined first: the same print can reach the notebook in different chunks
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                stdout.append(_text(out.get("text", "")))
            elif out.get("output_type") in ("display_data", "execute_result"):
                data = out.get("data", {})
                shown += [] if WIDGET_MIME in data else [_text(data[m]) for m in TEXT_MIMES if m in data]
        for text in ["".join(stdout), *shown]:
            lines += [f"cell {i}: {line.strip()}" for line in mask_timings(text).splitlines() if line.strip()]
    return lines


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def test_there_are_notebooks():
    assert SOURCES, "no notebooks/NN_*.py sources found"


def test_mask_timings_hides_durations_and_rates_only():
    text = "trained in 12.3 s (4.1 ms a step, 31.2 it/s); about 2 min; loss 0.412 after 300 steps; 77 tokens"
    assert mask_timings(text) == ("trained in <time> (<time> a step, <rate>); about <time>; loss 0.412 after 300 "
                                  "steps; 77 tokens")
    row = "tiny tokens  17 →   5 | GFLOPs 0.229 → 0.065 (3.54× fewer) | time    23.8 →    4.1 ms (8.15× faster)"
    assert mask_timings(row) == ("tiny tokens 17 → 5 | GFLOPs 0.229 → 0.065 (3.54× fewer) | time <time> → <time> "
                                 "(<speed-up>)")


@pytest.mark.notebook
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_notebook_runs(source):
    run = execute(source, cell_timeout_s=240, env=ENV)
    assert error_outputs(run.notebook) == []
    assert undisplayed_figures(run.notebook) == [], "figures shown as text, not images"
    _FIRST_RUNS[source] = printed(run.notebook)
    print(f"{source.name}: {run.seconds:.1f} s")


@pytest.mark.notebook
@pytest.mark.determinism
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_lesson_prints_the_same_numbers_twice(source):
    """Run in a fresh kernel again, the lesson prints the same text (timings masked): seeds, thread counts and
    orderings are fixed, and no branch depends on the clock."""
    first = _FIRST_RUNS.pop(source, None)
    if first is None:  # run alone (make determinism): the first run happens here
        first = printed(execute(source, cell_timeout_s=240, env=ENV).notebook)
    second = printed(execute(source, cell_timeout_s=240, env=ENV).notebook)
    if first != second:
        diff = list(difflib.unified_diff(first, second, "first run", "second run", n=0, lineterm=""))
        pytest.fail(f"{source.name} printed different numbers in two runs:\n" + "\n".join(diff[:40]), pytrace=False)
