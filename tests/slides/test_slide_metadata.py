"""Every lesson's .py source carries slide metadata by the rules of ``tools.slide_metadata``, and the tool keeps
what a person set by hand."""

from __future__ import annotations

import jupytext
import pytest

from tools import slide_metadata
from tools.notebook_runner import notebook_sources

SOURCES = notebook_sources()


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_lesson_follows_the_slide_rules(source):
    nb = jupytext.read(source)
    found = slide_metadata.problems(nb)
    assert not found, (f"{source.name} breaks the slide rules; run `python -m tools.slide_metadata {source}`:\n"
                       + "\n".join(found[:10]))
    types = [cell.metadata["slideshow"]["slide_type"] for cell in nb.cells]
    assert types[0] == "slide", "the lesson's title opens the deck"
    assert slide_metadata.assign(nb) == 0, "running the tool again would change the source"


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_section_heading_opens_its_own_cell(source):
    """A heading in the middle of a markdown cell cannot start a slide: the previous section's text would share it."""
    nb = jupytext.read(source)
    buried = [line for cell in nb.cells if cell.cell_type == "markdown"
              for line in cell.source.splitlines()[1:] if line.startswith("## ")]
    assert not buried, f"{source.name}: headings inside a cell, split them into cells of their own: {buried}"


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_widgets_are_on_a_slide(source):
    """A cell that shows a lesson widget is never skipped: the slideshow is where a class uses it."""
    nb = jupytext.read(source)
    shown = [cell for cell in nb.cells if cell.cell_type == "code" and "widgets." in cell.source]
    assert shown, f"{source.name} has no widget cell"
    assert all(cell.metadata.get("slideshow", {}).get("slide_type") not in ("skip", None) for cell in shown)


def _nb(*cells):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    return new_notebook(cells=[new_markdown_cell(s) if kind == "md" else new_code_cell(s) for kind, s in cells])


def test_rules_on_a_small_lesson():
    nb = _nb(("md", "# 01 · Title"), ("code", "from helpers import clip\nx = 1"), ("md", "intro"),
             ("md", "## 1 · First"), ("code", "import numpy as np  # tools\n\nfrom a import b"), ("code", "plot()"),
             ("code", "plot_again()"), ("md", "what it shows"), ("md", "and a remark"), ("md", "## 2 · Next"))
    slide_metadata.assign(nb)
    assert [c.metadata["slideshow"]["slide_type"] for c in nb.cells] == [
        "slide", "skip", "fragment", "slide", "skip", "-", "subslide", "subslide", "fragment", "slide"]
    assert nb.metadata["rise"]["theme"] == "white"
    assert "rise" in nb.metadata["jupytext"]["notebook_metadata_filter"].split(",")


def test_hand_set_types_and_notes_are_kept_but_headings_are_forced():
    nb = _nb(("md", "## 1 · First"), ("md", "cue for the teacher"), ("code", "plot()"), ("md", "text"))
    nb.cells[0].metadata["slideshow"] = {"slide_type": "fragment"}
    nb.cells[1].metadata["slideshow"] = {"slide_type": "notes"}
    nb.cells[3].metadata["slideshow"] = {"slide_type": "slide"}
    nb.metadata["rise"] = {"theme": "serif"}
    slide_metadata.assign(nb)
    assert [c.metadata["slideshow"]["slide_type"] for c in nb.cells] == ["slide", "notes", "-", "slide"]
    assert nb.metadata["rise"]["theme"] == "serif"
    slide_metadata.assign(nb, reset=True)
    assert [c.metadata["slideshow"]["slide_type"] for c in nb.cells] == ["slide", "notes", "-", "subslide"]


def test_problems_name_the_cell():
    nb = _nb(("md", "## 1 · First"), ("code", "import os"))
    slide_metadata.assign(nb)
    nb.cells[0].metadata["slideshow"]["slide_type"] = "-"
    nb.cells[1].metadata["slideshow"]["slide_type"] = "-"
    found = slide_metadata.problems(nb)
    assert len(found) == 2
    assert found[0].startswith("cell 0 ('## 1 · First') is a heading") and "imports only" in found[1]


def test_tool_rewrites_a_source_once(tmp_path):
    source = tmp_path / "99_demo.py"
    source.write_text("# %% [markdown]\n# ## 1 · One\n\n# %%\nprint(1)\n")
    assert slide_metadata.main([str(source)]) == 0
    text = source.read_text()
    assert '# %% [markdown] slideshow={"slide_type": "slide"}' in text and 'slideshow={"slide_type": "-"}' in text
    slide_metadata.main([str(source)])
    assert source.read_text() == text
    assert slide_metadata.main(["--check", str(source)]) == 0
