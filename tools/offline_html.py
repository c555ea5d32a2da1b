"""Pages that fetch nothing from the internet: local copies of reveal.js and MathJax, and nbconvert exporters that
use them (``tools/templates``: nbconvert's lab and reveal pages without require.js, jQuery, mermaid or a CDN).

The copies come from the npm registry once (``npm pack``, into ``build/vendor/``, never committed); ``assets(dest)``
puts the parts a page needs under ``dest/_assets/``, so a folder of pages can be opened or served on its own.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

from .notebook_runner import ROOT

VENDOR = ROOT / "build" / "vendor"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# reveal.js 4 keeps the dist/ and plugin/ layout nbconvert's reveal template expects; MathJax 3 is the one
# Sphinx configures by default, so the decks and the book share a copy.
PACKAGES = {"reveal.js": "4.6.1", "mathjax": "3.2.2"}
MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "ui", "a11y", "adaptors")  # not the 4 MB speech engine
REVEAL_PARTS = ("dist", "plugin/notes")
REVEAL_THEME = "white"  # its fonts ship with reveal.js; the default theme asks an internet font service


def vendored(name: str) -> Path:
    """``build/vendor/<name>``: npm package ``name`` at ``PACKAGES[name]``, fetched with ``npm pack`` if absent."""
    version = PACKAGES[name]
    folder = VENDOR / f"{name}-{version}"
    if not folder.exists():
        VENDOR.mkdir(parents=True, exist_ok=True)
        if shutil.which("npm") is None:
            raise RuntimeError(f"the decks and the book need a local copy of {name} {version}: install npm"
                               f" (Debian: apt-get install npm), or unpack `npm pack {name}@{version}` into {folder}")
        archive = subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=VENDOR, check=True,
                                 capture_output=True, text=True).stdout.strip().splitlines()[-1]
        partial = folder.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        with tarfile.open(VENDOR / archive) as tar:
            tar.extractall(partial, filter="data")
        (partial / "package").rename(folder)  # npm archives hold one folder named package/
        shutil.rmtree(partial)
        (VENDOR / archive).unlink()
    return folder


def assets(dest: Path) -> dict:
    """Copy reveal.js and MathJax under ``dest/_assets``; return their URLs relative to ``dest``."""
    for name, parts in (("reveal.js", REVEAL_PARTS), ("mathjax", MATHJAX_PARTS)):
        source, target = vendored(name), dest / "_assets" / name
        for part in parts:
            src = source / ("es5" if name == "mathjax" else "") / part
            if src.is_dir():
                shutil.copytree(src, target / part, dirs_exist_ok=True)
            else:
                (target / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target / part)
    return {"reveal": "_assets/reveal.js", "mathjax": "_assets/mathjax/tex-chtml.js"}


def html_exporter(mathjax_url: str):
    """nbconvert's lab HTML exporter with MathJax from ``mathjax_url`` and nothing from a CDN."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="offline_lab", extra_template_basedirs=[str(TEMPLATES)],
                        mathjax_url=mathjax_url)


def slides_exporter(reveal_url: str, mathjax_url: str):
    """nbconvert's reveal.js exporter with reveal.js and MathJax from local URLs, long slides scrolling."""
    from nbconvert import SlidesExporter

    return SlidesExporter(template_name="offline_reveal", extra_template_basedirs=[str(TEMPLATES)],
                          mathjax_url=mathjax_url, reveal_url_prefix=reveal_url, reveal_theme=REVEAL_THEME,
                          reveal_scroll=True, reveal_transition="none", reveal_number="c/t")
