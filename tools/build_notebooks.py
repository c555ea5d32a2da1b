"""``python -m tools.build_notebooks``: execute every lesson into ``build/`` as ``.ipynb`` and ``.html``."""

from __future__ import annotations

import sys

from .notebook_runner import ROOT, execute, notebook_sources
from .offline_html import assets, html_exporter
from .widget_preview import static_previews


def main() -> int:
    import copy

    import nbformat

    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    exporter = html_exporter(assets(out)["mathjax"])  # MathJax from build/_assets: the pages load nothing remote
    for source in notebook_sources():
        run = execute(source)
        nbformat.write(run.notebook, out / f"{source.stem}.ipynb")
        page = copy.deepcopy(run.notebook)
        static_previews(page)  # a page has no kernel: each widget becomes a note saying where it is live
        html, _ = exporter.from_notebook_node(page)
        (out / f"{source.stem}.html").write_text(html, encoding="utf-8")
        print(f"{source.name}: {run.seconds:.1f} s -> build/{source.stem}.ipynb, build/{source.stem}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
