"""Every lesson in a real browser: JupyterLab in headless Chromium, widgets moved as a person would.

For each ``notebooks/NN_*.py``: open it in JupyterLab (a temporary .ipynb copy, so the source
cannot be rewritten; the test also checks that the copy was never saved), run all cells, wait
for the kernel, check that no cell shows an error and that every widget rendered, then operate
the lesson's main widget (``browser.interactions``) and check what the page shows. A
screenshot of each lands in ``build/screenshots/``. ``tests/browser`` is imported as
``browser`` (pytest puts ``tests/`` on the path, as it has no ``__init__.py``).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from browser.interactions import interaction_for
from browser.lab import LabError, Timings
from tools.notebook_runner import notebook_sources

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
SOURCES = notebook_sources()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.browser
@pytest.mark.timeout(900)
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_notebook_in_browser(source, expectations, lab_page):
    served = lab_page.server.served_copy(source.stem)
    before = _digest(served)
    timings = Timings()
    t = time.perf_counter()
    try:
        notebook = lab_page.open(f"{source.stem}.ipynb")
        t = timings.mark("open + kernel", t)
        notebook.run_all()
        t = timings.mark("run all", t)
        widget = notebook.main_widget()
        notebook.check_no_errors()
        expected = expectations[source.stem].result()
        t = timings.mark("widgets rendered", t)
        interaction_for(source.stem).operate(widget, expected)
        errors = widget.locator.locator(".fiveq-error").all_inner_texts()
        if errors:
            raise LabError(f"{source.stem}: the main widget shows an error: {errors[0]}")
        notebook.check_no_errors()
        t = timings.mark("interaction", t)
        notebook.screenshot(SCREENSHOTS / f"{source.stem}.png")
        (SCREENSHOTS / f"{source.stem}-failed.png").unlink(missing_ok=True)  # from an earlier failing run
        notebook.close()
        timings.mark("screenshot + close", t)
    except BaseException:
        print(f"{source.stem} failed after: {timings.line()}")
        lab_page.recover(SCREENSHOTS / f"{source.stem}-failed.png")
        raise
    assert _digest(served) == before, f"the page saved {served.name}: a save must never happen in this test"
    print(f"{source.stem}: {timings.line()}")


def test_served_copy_is_unpaired(tmp_path):
    """The page edits a copy that has no jupytext pairing, so not even a save could rewrite the .py source."""
    from browser.server import notebook_copy

    source = tmp_path / "99_demo.py"
    source.write_text("# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n# ---\n\n# %%\nx = 1\n")
    (tmp_path / "served").mkdir()
    copy = notebook_copy(source, tmp_path / "served")
    meta = json.loads(copy.read_text())["metadata"]
    assert copy.name == "99_demo.ipynb"
    assert "jupytext" not in meta
    assert meta["kernelspec"]["name"] == "python3"


def test_missing_chromium_says_how_to_install(monkeypatch, tmp_path):
    from browser import chromium

    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(chromium.BrowserUnavailable, match=r"make browser.*apt-get install chromium") as info:
        chromium.launch(playwright=None)
    assert "\n" not in str(info.value)


@pytest.mark.browser
@pytest.mark.timeout(600)
def test_lesson_as_rise_slideshow(lab_page):
    """Lecture mode: lesson 01's RISE slideshow starts from JupyterLab, advances three slides, and its widget
    answers on a slide (a mouse drag of the context slider changes the chips) and shows the same state in Lab."""
    import shutil

    from browser.rise import RiseDeck
    from slides.pages import is_local

    served = lab_page.server.served_copy(SOURCES[0].stem)
    copy = served.with_name(f"rise_{served.name}")  # RISE reads the saved file; the lesson's own copy stays unsaved
    shutil.copy(served, copy)
    notebook = lab_page.open(copy.name)
    deck = None
    remote = []  # every request of every tab that leaves the machine (the theme's web fonts, a CDN...)
    record = lambda request: remote.append(request.url) if not is_local(request.url) else None  # noqa: E731
    lab_page.context.on("request", record)
    try:
        notebook.run_all()
        notebook.check_no_errors()
        deck = RiseDeck.start(notebook)
        seen = [deck.current()] + [deck.advance() for _ in range(3)]
        assert len(set(seen)) == 4, f"the deck did not move through four slides: {seen}"
        deck.go_to(".fiveq-main")
        shown = ".fiveq-main .widget-html-content"
        before = deck.page.locator(shown).last.inner_text()
        deck.drag_slider(".fiveq-main", -400)
        deck.page.wait_for_function("([s, b]) => { const e = document.querySelectorAll(s);"
                                    " return e.length && e[e.length - 1].innerText !== b; }", arg=[shown, before])
        readout = deck.page.locator(".fiveq-main .widget-readout").first.inner_text()
        (ROOT.parent / "build" / "screenshots").mkdir(parents=True, exist_ok=True)
        deck.page.screenshot(path=str(ROOT.parent / "build" / "screenshots" / f"rise_{SOURCES[0].stem}.png"))
        errors = list(deck.page_errors)
        deck.close()
        deck = None
        assert not errors, f"the slideshow raised: {errors[:5]}"
        assert not remote, f"requests left the machine: {remote[:5]}"
        lab_readout = notebook.panel.locator(".fiveq-main .widget-readout").first
        lab_readout.wait_for()
        assert lab_readout.inner_text() == readout, "Lab's slider does not show the value set on the slide"
        assert not notebook.unrendered_widgets()
        notebook.check_no_errors()
    finally:
        lab_page.context.remove_listener("request", record)
        if deck is not None:
            deck.close()
        notebook.close()
