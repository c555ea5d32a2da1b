"""``make checkpoints``: train every lesson's tiny models with its longer recipe and write ``data/checkpoints/``.

Each lesson package lists its checkpoints in ``<package>.checkpoint.RECIPES``: a name → a function
``train(steps=None, progress=True) -> (model, Card)`` that trains with the long recipe (``steps`` shortens it,
for the smoke tests) and measures the held-out metrics on data the training never saw. This script saves each
model with ``helpers.core.checkpoints.save`` (safetensors + JSON card with its SHA-256).

    python -m tools.train_checkpoints                 # all of them (about 45 minutes on a 2-core CPU)
    python -m tools.train_checkpoints tiny_bert       # one or more by name
    python -m tools.train_checkpoints --list
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

PACKAGES = ("language", "vision", "clap", "encoders")   # lessons 02-05 have trained checkpoints


def recipes() -> dict:
    """Every checkpoint name → its training function, in lesson order."""
    out = {}
    for package in PACKAGES:
        out.update(importlib.import_module(f"helpers.{package}.checkpoint").RECIPES)
        if package == "clap":   # not a model: the frozen MiniLM's vectors of lesson 04's frozen wordings
            out.update(importlib.import_module("helpers.clap.wording_vectors").RECIPES)
    return out


def main(argv=None) -> int:
    from helpers.core import checkpoints

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="checkpoints to train (default: all)")
    parser.add_argument("--list", action="store_true", help="list the checkpoints and their cards' summaries")
    args = parser.parse_args(argv)
    known = recipes()
    if args.list:
        for name in known:
            try:
                print(checkpoints.read_card(name).summary())
            except checkpoints.CheckpointError as exc:
                print(f"{name}: {exc}")
        return 0
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"unknown checkpoint(s) {', '.join(unknown)}; known: {', '.join(known)}")
    start = time.perf_counter()
    for name in args.names or list(known):
        model, card = known[name]()
        checkpoints.save(model, card)
        weights, _ = checkpoints.paths(name)
        print(f"{card.summary()}\n  -> {weights.relative_to(checkpoints.DATA.parent)} "
              f"({weights.stat().st_size / 2**20:.1f} MiB)", flush=True)
    print(f"all done in {(time.perf_counter() - start) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
