"""``python -m tools.build_book`` (``make book``): the five executed lessons as a static site in ``build/book/``.

Jupyter Book 1 (Sphinx, sphinx-book-theme) builds it offline, from ``build/book-src/``: a landing page with the
learning path (each lesson's question, what you do in it, and its time), the executed lessons
(``tools.executed``) with their widgets as static previews (``tools.widget_preview``), navigation and search,
MathJax from a local copy. Jupyter Book lives in its own environment, ``build/book-venv``, made here from the
``book`` extra in pyproject.toml (which says why it stays out of ``.venv``); it never executes a notebook.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from .executed import all_executed
from .notebook_runner import ROOT
from .offline_html import vendored
from .widget_preview import static_previews

BOOK = ROOT / "build" / "book"
SOURCE = ROOT / "build" / "book-src"
VENV = ROOT / "build" / "book-venv"
WORDS_PER_MINUTE = 200  # for a lesson that states no time of its own: an unhurried pace for prose with figures

# The theme adds sphinx-thebe's scripts (run-in-the-browser through a Binder service) even with thebe off, twice,
# so the page raises "THEBE_JS_URL has already been declared"; the book runs no code, so they go.
THEBE = re.compile(r'<script>const THEBE_JS_URL[^<]*</script>\s*|<script async="async" src="_static/sphinx-thebe\.js'
                   r'[^"]*"></script>\s*|<script type="text/x-thebe-config">.*?</script>\s*', re.S)

CONFIG = """\
title: Five Questions on Multimodal Models
author: the Five Questions authors
copyright: "2026"
only_build_toc_files: true
execute:
  execute_notebooks: "off"
html:
  use_repository_button: false
  use_download_button: false
  home_page_in_navbar: true
launch_buttons:
  binderhub_url: ""
  thebe: false
sphinx:
  config:
    html_static_path: [_static]
    html_extra_path: [_extra]
    mathjax_path: ../mathjax/tex-chtml.js
    nb_ipywidgets_js: {}
    html_show_sourcelink: false
    html_copy_source: false
    html_context:
      default_mode: light
"""


def book_requirements() -> list[str]:
    """The ``book`` extra of pyproject.toml: what ``build/book-venv`` gets."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["optional-dependencies"]["book"]


def book_venv() -> Path:
    """``build/book-venv/bin/jupyter-book``, installing the ``book`` extra there first if needed."""
    exe = VENV / "bin" / "jupyter-book"
    stamp = VENV / ".requirements"
    wanted = "\n".join(book_requirements())
    if not exe.exists() or not stamp.exists() or stamp.read_text() != wanted:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *book_requirements()],
                       check=True)
        stamp.write_text(wanted)
    return exe


def lesson_facts(executed: Path) -> dict:
    """Title, question, what you do (the section headings) and reading minutes of one executed lesson."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    title = markdown[0].lstrip("# ").splitlines()[0].strip()
    question = re.search(r"\*\*Question \d+:\*\*\s*(.+)", markdown[0])
    steps = [m.group(1).strip() for text in markdown for m in re.finditer(r"^## \d+ · (.+)$", text, re.M)]
    stated = re.search(r"\*\*Time:\*\*\s*([^.]+)", markdown[0])  # the lesson's own estimate, to its first full stop
    words = sum(len(c.source.split()) for c in nb.cells)
    time_text = " ".join(stated.group(1).split()) if stated else f"about {max(5, round(words / WORDS_PER_MINUTE / 5) * 5)} minutes to read"
    return {"stem": executed.stem, "title": title, "question": question.group(1).strip() if question else title,
            "steps": steps, "time": time_text}


def landing_page(facts: list[dict]) -> str:
    """The book's first page: what the series is, the learning path as a table, and how to run it live."""
    rows = "\n".join(f"| {i} | [{f['question']}]({f['stem']}.ipynb) | {' → '.join(f['steps'])} | {f['time']} |"
                     for i, f in enumerate(facts, 1))
    return f"""# Five Questions on Multimodal Models

Five interview questions about CLIP, BERT and GPT, ViT and MAE, CLAP and modality encoders, each answered by a
lesson that measures its answer with real tokenizers, architectures and small trained models.

## The learning path

| # | Question | What you do | Time |
|---|---|---|---|
{rows}

"What you do" lists each lesson's sections in order; the time is each lesson's own estimate.

## Reading this book

Every page is a lesson run once when the book was built, with live training off (the small models come from
their committed checkpoints). Widgets need a running kernel, so here they are static previews of what they
showed; run the lessons in JupyterLab (`make lab`) to use them, and present one with RISE for a lecture.
"""


def prepare(executed: list[Path]) -> list[dict]:
    """Write ``build/book-src``: config, table of contents, landing page, lessons with static previews, MathJax."""
    import nbformat

    shutil.rmtree(SOURCE, ignore_errors=True)
    (SOURCE / "_static").mkdir(parents=True)
    # Not under _static: Jupyter Book puts every .js there into every page's head. html_extra_path copies it as is.
    shutil.copytree(vendored("mathjax") / "es5", SOURCE / "_extra" / "mathjax",
                    ignore=shutil.ignore_patterns("sre", "*-full*.js", "tex-svg*.js", "mml-*.js", "tex-mml-*.js"))
    facts = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        static_previews(nb)
        nbformat.write(nb, SOURCE / path.name)
        facts.append(lesson_facts(path))
    (SOURCE / "_config.yml").write_text(CONFIG)
    (SOURCE / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n"
                                     + "".join(f"- file: {f['stem']}\n" for f in facts))
    (SOURCE / "index.md").write_text(landing_page(facts))
    return facts


def build(executed: list[Path] | None = None) -> Path:
    """Build the book into ``build/book`` (its ``index.html`` is the landing page); return that folder."""
    exe = book_venv()
    prepare(executed or all_executed())
    out = SOURCE / "_build"
    subprocess.run([str(exe), "build", str(SOURCE), "--builder", "html", "--warningiserror", "--quiet"],
                   check=True)
    shutil.rmtree(BOOK, ignore_errors=True)
    shutil.copytree(out / "html", BOOK)
    for page in BOOK.glob("*.html"):
        page.write_text(THEBE.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return BOOK


def main() -> int:
    start = time.perf_counter()
    book = build()
    pages = sorted(p.relative_to(book) for p in book.glob("*.html"))
    size = sum(p.stat().st_size for p in book.rglob("*") if p.is_file())
    print(f"{book.relative_to(ROOT)}: {len(pages)} pages ({', '.join(map(str, pages))}), {size / 1e6:.1f} MB,"
          f" built in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
