"""Five Questions on Multimodal Models: the machinery behind the notebooks.

Submodules are imported on first use, so ``import helpers`` stays quick even though
the lessons use torch, transformers and open_clip::

    import helpers
    helpers.clip_text.tokenize("a photo of a cat")   # imports helpers.clip_text now

One module per idea: ``runtime`` (device, dtype, seeds, environment report),
``pretrained`` (weights from the hub or a cache, or a fast "not reachable"),
``clip_text`` (CLIP's tokenizer, lesson 01), ``text_tokenizers`` (GPT-2 and BERT
tokenizers that work offline), ``corpora`` (real text shipped by installed packages),
``plots`` (figures), ``widgets`` (ipywidgets wiring), ``exercises`` (self-checks).
"""

from __future__ import annotations

import importlib
import pkgutil

__version__ = "0.1.0"


def _submodule_names() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]


def __getattr__(name: str):
    if name in _submodule_names():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}; submodules: {', '.join(sorted(_submodule_names()))}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_submodule_names()))
