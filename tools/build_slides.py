"""``python -m tools.build_slides`` (``make slides``): one reveal.js deck per lesson in ``build/slides/``.

Each deck is the executed lesson (``tools.executed``: live training off) cut by the slide metadata in its
``.py`` source (``tools.slide_metadata``), widgets shown as static previews, speaker notes behind the S key,
reveal.js and MathJax from ``build/slides/_assets``: it opens from disk or any local server with no network.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .executed import all_executed
from .notebook_runner import ROOT
from .offline_html import assets, slides_exporter
from .widget_preview import static_previews

SLIDES = ROOT / "build" / "slides"


def build_deck(executed: Path, dest: Path = SLIDES, urls: dict | None = None) -> Path:
    """Write ``dest/<stem>.slides.html`` from the executed notebook ``executed``; return its path."""
    import nbformat

    urls = urls or assets(dest)
    nb = nbformat.read(executed, as_version=4)
    static_previews(nb)
    body, _ = slides_exporter(urls["reveal"], urls["mathjax"]).from_notebook_node(
        nb, resources={"metadata": {"name": executed.stem}})
    target = dest / f"{executed.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def build_all(dest: Path = SLIDES) -> list[Path]:
    """Every lesson's deck (executing the lessons first where needed)."""
    dest.mkdir(parents=True, exist_ok=True)
    urls = assets(dest)
    return [build_deck(executed, dest, urls) for executed in all_executed()]


def main() -> int:
    start = time.perf_counter()
    for deck in build_all():
        print(f"{deck.relative_to(ROOT)}: {deck.stat().st_size / 1e6:.1f} MB")
    print(f"make slides: {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
