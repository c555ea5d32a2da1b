"""Lazy public APIs for the lesson packages: ``helpers.vision.patchify`` imports ``helpers.vision.patches`` on first use.

Each package's ``__init__`` lists what it offers, by module, and calls ``lazy_api``; nothing heavy
(torch, transformers) is imported until a name is used, so ``import helpers`` stays quick.
"""

from __future__ import annotations

import importlib
import pkgutil


def lazy_api(package: str, path, exports: dict[str, tuple[str, ...]]):
    """``(__getattr__, __dir__, __all__)`` for ``package``: ``exports`` maps module name → public names."""
    where = {name: module for module, names in exports.items() for name in names}
    submodules = {m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_")}
    names = sorted(where)

    def __getattr__(name: str):
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        if name in where:
            value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
            importlib.import_module(package).__dict__[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}; "
                             f"it offers {', '.join(names)} and the modules {', '.join(sorted(submodules))}")

    def __dir__():
        return sorted(set(names) | submodules)

    return __getattr__, __dir__, names
