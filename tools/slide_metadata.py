"""``python -m tools.slide_metadata notebooks/NN_*.py``: give a lesson's cells their slide types (RISE, nbconvert).

The rules, applied to each cell of a jupytext ``.py`` source (the metadata lands on its ``# %%`` line):

- the title (``# ...``) and every section heading (``## ...``) open a ``slide``; this one is never overridden;
- setup and plumbing are ``skip``: code before the first section, and code cells that only import;
- a code cell right after prose stays with it (``-``); a code cell right after code is a new figure
  (``subslide``); prose right after code is the next step (``subslide``); prose after prose is a ``fragment``.

Skipped cells and speaker notes are invisible on the slide, so "right after" looks past them.
A slide type already in the source (set by hand, e.g. a ``notes`` cell holding a teacher's cue) is kept;
``--reset`` recomputes every cell except ``notes``. Running the tool twice changes nothing the second time.
``--check`` writes nothing and exits 1 when a source does not follow the rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
# RISE's deck settings, in the notebook's metadata: a reveal theme whose fonts ship with it (the default theme
# asks an internet font service), long cells scroll instead of overflowing, no slide transitions.
RISE = {"theme": "white", "scroll": True, "transition": "none"}
_HEADING = re.compile(r"#{1,2} ")
_IMPORT = re.compile(r"(import|from)\s+[\w.]+")


def is_heading(cell) -> bool:
    """A markdown cell that opens with the lesson title (``#``) or a section heading (``##``)."""
    return cell.cell_type == "markdown" and bool(_HEADING.match(cell.source.lstrip()))


def is_import_only(cell) -> bool:
    """A code cell whose every statement line is an import (comments and blank lines aside)."""
    lines = [line for line in cell.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return cell.cell_type == "code" and bool(lines) and all(_IMPORT.match(line) for line in lines)


def rule_types(cells) -> list[str]:
    """The slide type the rules give each cell, ignoring anything set by hand except ``notes``."""
    types: list[str] = []
    previous = None  # the last cell that shows on a slide
    in_section = False
    for cell in cells:
        current = cell.metadata.get("slideshow", {}).get("slide_type")
        if current == "notes":
            types.append("notes")
            continue
        if is_heading(cell):
            kind = "slide"
            in_section = in_section or cell.source.lstrip().startswith("## ")
        elif cell.cell_type == "code" and (not in_section or is_import_only(cell)):
            kind = "skip"
        elif cell.cell_type == "code":
            kind = "subslide" if previous == "code" else "-"
        else:
            kind = "subslide" if previous == "code" else "fragment"
        types.append(kind)
        if kind != "skip":
            previous = cell.cell_type
    return types


def assign(nb, reset: bool = False) -> int:
    """Set each cell's ``slideshow.slide_type`` and the deck's ``RISE`` settings in ``nb`` (in place).

    Returns how many cells and settings changed."""
    changed = 0
    jupytext_meta = nb.metadata.setdefault("jupytext", {})
    kept = [key for key in jupytext_meta.get("notebook_metadata_filter", "").split(",") if key]
    if "rise" not in kept:  # jupytext writes only the notebook metadata its filter names into the .py header
        jupytext_meta["notebook_metadata_filter"] = ",".join(kept + ["rise"])
        changed += 1
    cell_filter = jupytext_meta.get("cell_metadata_filter")
    if cell_filter is not None and "slideshow" not in cell_filter.split(","):  # "-all" for a headerless .py
        jupytext_meta["cell_metadata_filter"] = f"slideshow,{cell_filter}"
        changed += 1
    for key, value in RISE.items():
        if key not in nb.metadata.setdefault("rise", {}):
            nb.metadata["rise"][key] = value
            changed += 1
    for cell, kind in zip(nb.cells, rule_types(nb.cells)):
        current = cell.metadata.get("slideshow", {}).get("slide_type")
        keep = current in SLIDE_TYPES and not reset and not is_heading(cell)
        wanted = current if keep or current == "notes" else kind
        if wanted != current:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = wanted
            changed += 1
    return changed


def problems(nb) -> list[str]:
    """Where ``nb`` breaks the rules that hand-set types may not override (empty when it follows them)."""
    found = [f"the notebook's rise metadata has no {key!r}" for key in RISE if key not in nb.metadata.get("rise", {})]
    for index, (cell, kind) in enumerate(zip(nb.cells, rule_types(nb.cells))):
        current = cell.metadata.get("slideshow", {}).get("slide_type")
        first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
        if current not in SLIDE_TYPES:
            found.append(f"cell {index} ({first!r}) has no slide type (found {current!r})")
        elif is_heading(cell) and current != "slide":
            found.append(f"cell {index} ({first!r}) is a heading but its slide type is {current!r}, not 'slide'")
        elif kind == "skip" and current not in ("skip", "notes"):
            found.append(f"cell {index} ({first!r}) is setup or imports only but shows on a slide ({current!r})")
        elif current == "notes" and cell.cell_type != "markdown":
            found.append(f"cell {index} ({first!r}) is a code cell marked as speaker notes")
    return found


def main(argv: list[str] | None = None) -> int:
    import jupytext

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path, help="jupytext .py lesson sources")
    parser.add_argument("--reset", action="store_true", help="recompute every cell except speaker notes")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a source breaks the rules")
    args = parser.parse_args(argv)
    status = 0
    for source in args.sources:
        nb = jupytext.read(source)
        if args.check:
            found = problems(nb)
            for line in found:
                print(f"{source.name}: {line}")
            status |= bool(found)
            continue
        changed = assign(nb, reset=args.reset)
        if changed:
            jupytext.write(nb, source, fmt="py:percent")
        print(f"{source.name}: {changed} slide types or deck settings set ({len(nb.cells)} cells)")
    return status


if __name__ == "__main__":
    sys.exit(main())
