"""The coding exercise of lesson 03: the reader writes ``patchify``; this compares it with the tested one.

``check_patchify(candidate)`` runs ``candidate(images, patch_size)`` on random images of several shapes
(grey and colour, square and not, one patch size per shape) and compares it value for value with
``helpers.vision.patchify``. It returns ``helpers.core.exercises``' ``Verdict``, so it reads like the
lesson's other self-checks; ``None`` (not written yet) is "not answered yet", never an error.
"""

from __future__ import annotations

import torch

from ..core import checks, exercises
from .patches import patchify

CASES = ((2, 3, 8, 8, 4), (1, 1, 8, 8, 2), (3, 3, 12, 16, 4))
"""(batch, channels, height, width, patch size) of the random images the check tries."""


def _first_mismatch(candidate, seed: int) -> str:
    """An empty string when ``candidate`` matches ``patchify`` on every case, else what went wrong first."""
    generator = torch.Generator().manual_seed(checks.integer(seed, "seed", 0))
    for b, c, h, w, p in CASES:
        images = torch.rand(b, c, h, w, generator=generator)
        expected = patchify(images, p)
        try:
            got = candidate(images, p)
        except Exception as error:  # the reader's code: report it, don't crash the lesson
            return f"on images {(b, c, h, w)} with patch {p} it raised {type(error).__name__}: {error}"
        if not isinstance(got, torch.Tensor) or got.shape != expected.shape:
            shape = tuple(got.shape) if isinstance(got, torch.Tensor) else type(got).__name__
            return f"on images {(b, c, h, w)} with patch {p}: expected shape {tuple(expected.shape)}, got {shape}"
        if not torch.equal(got, expected):
            return (f"on images {(b, c, h, w)} with patch {p}: right shape, wrong order of values "
                    f"(patches row by row; inside a patch row, column, channel, channel fastest)")
    return ""


def check_patchify(candidate, seed: int = 0) -> exercises.Verdict:
    """The reader's ``candidate(images, patch_size)`` against ``patchify`` on ``CASES`` (``None``: not answered)."""
    return exercises.check_code("Exercise 4: patchify", candidate, lambda f: _first_mismatch(f, seed),
                                hint="Reshape to (B, C, H/p, p, W/p, p), permute, reshape.")
