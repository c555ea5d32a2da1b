"""The static decks (``make slides``) and the book (``make book``) in Chromium, served from 127.0.0.1.

Both are built once per session from the lessons executed with live training off (``tools.executed``; a
lesson runs again only when it changed). Every page must load with no request leaving the machine (each one is
recorded), no failed request, no console error and no uncaught exception; where a lesson writes math, MathJax
(the local copy) must have typeset it. A screenshot of one slide per lesson and of the book's landing page land
in ``build/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from slides.pages import LocalServer, is_local, visit
from tools.notebook_runner import ROOT, notebook_sources

SCREENSHOTS = ROOT / "build" / "screenshots"
STEMS = [s.stem for s in notebook_sources()]
MATH = re.compile(r"\$[^$\s][^$]*\$")
REVEAL_READY = "() => window.Reveal && Reveal.isReady()"


def _writes_math(executed: Path) -> bool:
    nb = nbformat.read(executed, as_version=4)
    return any(MATH.search(c.source) for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="session")
def built():
    """Decks and book, built once; the folder that holds them (``build/``)."""
    from tools import build_book, build_slides
    from tools.executed import all_executed

    try:
        executed = all_executed()
        build_slides.build_all()
        build_book.build(executed)
    except Exception as exc:  # fail every test at once rather than build again for each
        pytest.fail(f"building the decks and the book failed: {type(exc).__name__}: {str(exc)[-1500:]}", pytrace=False)
    return {"executed": dict(zip(STEMS, executed)), "slides": build_slides.SLIDES, "book": build_book.BOOK}


@pytest.fixture(scope="session")
def site(built, chromium):  # chromium: the suite-wide fixture in tests/conftest.py
    """A local server for ``build/`` and a browser context that records each page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        with LocalServer(ROOT / "build") as server:
            yield server, context
    finally:
        context.close()


def _check(record, expect_math: bool):
    problems = record.problems()
    assert not problems, f"{record.url}:\n" + "\n".join(problems[:12])
    if expect_math:
        assert record.math["loaded"] and record.math["rendered"] > 0, f"{record.url}: math not typeset ({record.math})"


@pytest.mark.browser
@pytest.mark.parametrize("stem", STEMS)
def test_deck_loads_offline(stem, built, site):
    server, context = site
    page, record = visit(context, f"{server.url}/slides/{stem}.slides.html", ready=REVEAL_READY)
    try:
        _check(record, _writes_math(built["executed"][stem]))
        assert record.math["loaded"], "the deck loads MathJax from its local copy"
        slides = page.evaluate("() => Reveal.getTotalSlides()")
        headings = nbformat.read(built["executed"][stem], as_version=4).cells
        sections = sum(1 for c in headings if c.cell_type == "markdown" and re.match(r"#{1,2} ", c.source))
        assert slides >= sections, f"{stem}: {slides} slides for {sections} headings"
        page.evaluate("() => Reveal.slide(1)")  # the first section: its heading and first figure
        page.wait_for_function("() => Reveal.getIndices().h === 1")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"slides_{stem}.png"))
        assert not record.problems(), "\n".join(record.problems())  # nothing new after moving
    finally:
        page.close()


def _book_pages() -> list[str]:
    return ["index.html", *(f"{stem}.html" for stem in STEMS), "search.html", "genindex.html"]


@pytest.mark.browser
@pytest.mark.parametrize("name", _book_pages())
def test_book_page_loads_offline(name, built, site):
    server, context = site
    page, record = visit(context, f"{server.url}/book/{name}")
    try:
        stem = name.removesuffix(".html")
        _check(record, stem in built["executed"] and _writes_math(built["executed"][stem]))
        nav = page.locator("nav.bd-links a.reference").all_inner_texts()
        assert len(nav) >= len(STEMS), f"{name}: the navigation lists {nav}"
        if name == "index.html":  # redirects to the landing page
            page.wait_for_selector("table")
            rows = page.locator("table tbody tr").count()
            assert rows == len(STEMS), f"the learning path has {rows} rows for {len(STEMS)} lessons"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "book_landing.png"), full_page=True)
        if stem in built["executed"]:
            previews = page.locator(".fiveq-widget-preview").count()
            assert previews >= 1, f"{name}: no static widget preview"
            assert page.locator(".fiveq-widget-note").first.inner_text().startswith("Live widget")
    finally:
        page.close()


@pytest.mark.browser
def test_book_search_finds_a_lesson(built, site):
    server, context = site
    page, record = visit(context, f"{server.url}/book/search.html?q=tokenizer")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        hits = page.locator("#search-results ul.search li a").all_inner_texts()
        assert any("CLIP" in h or "BERT" in h for h in hits), hits
        assert not record.problems(), "\n".join(record.problems())
    finally:
        page.close()


def test_is_local():
    assert is_local("http://127.0.0.1:8000/a.js") and is_local("data:image/png;base64,AA") and is_local("blob:x")
    assert not is_local("https://cdn.jsdelivr.net/npm/x.js") and not is_local("http://fonts.googleapis.com/css")


@pytest.mark.browser
def test_notebook_html_loads_offline(built, site):
    """``make notebooks``' HTML page, made the way tools.build_notebooks makes it, from lesson 04 (it writes math)."""
    from tools.offline_html import assets, html_exporter
    from tools.widget_preview import static_previews

    stem = "04_clap_contrastive" if "04_clap_contrastive" in built["executed"] else STEMS[0]
    folder = ROOT / "build" / "html-check"
    nb = nbformat.read(built["executed"][stem], as_version=4)
    static_previews(nb)
    body, _ = html_exporter(assets(folder)["mathjax"]).from_notebook_node(nb)
    (folder / f"{stem}.html").write_text(body, encoding="utf-8")
    server, context = site
    page, record = visit(context, f"{server.url}/html-check/{stem}.html")
    try:
        _check(record, _writes_math(built["executed"][stem]))
        assert page.locator(".fiveq-widget-preview").count() >= 1
    finally:
        page.close()
