"""``python -m tools.build_notebooks``: execute every lesson into ``build/`` as ``.ipynb`` and ``.html``."""

from __future__ import annotations

import sys

from .notebook_runner import ROOT, execute, notebook_sources


def main() -> int:
    import nbformat
    from nbconvert import HTMLExporter

    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    for source in notebook_sources():
        run = execute(source)
        nbformat.write(run.notebook, out / f"{source.stem}.ipynb")
        html, _ = HTMLExporter().from_notebook_node(run.notebook)
        (out / f"{source.stem}.html").write_text(html, encoding="utf-8")
        print(f"{source.name}: {run.seconds:.1f} s -> build/{source.stem}.ipynb, build/{source.stem}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
