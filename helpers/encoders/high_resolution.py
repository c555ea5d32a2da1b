"""Images larger than the encoder's own size: tiles (LLaVA-NeXT's AnyRes) or dynamic resolution (Qwen2-VL).

A ViT with learned position embeddings has one embedding per patch position of its training size: CLIP
ViT-L/14 at 336 px has 24 × 24 of them, so a 714 px image (51 × 51 patches) has no positions to take.
LLaVA-NeXT (Liu et al., 2024) cuts the image into encoder-sized tiles on the best-fitting grid and adds a
low-resolution overview of the whole; Qwen2-VL (Wang et al., 2024) trains its ViT with 2-D rotary positions,
so it takes the image near its own size and merges 2 × 2 patches into one token.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core import checks

# LLaVA-NeXT's grids for a 336 px encoder, in tiles (columns, rows): up to 672 × 672 or 1008 × 336.
ANYRES_GRIDS = ((1, 2), (2, 1), (2, 2), (3, 1), (1, 3))


@dataclass(frozen=True)
class TileLayout:
    """AnyRes: ``columns × rows`` tiles of ``tile_px`` plus one overview, each ``tokens_per_tile`` tokens."""

    columns: int
    rows: int
    tile_px: int
    tokens_per_tile: int

    @property
    def encoder_passes(self) -> int:
        return self.columns * self.rows + 1            # the tiles and the low-resolution overview

    @property
    def tokens(self) -> int:
        return self.encoder_passes * self.tokens_per_tile


def patch_positions_needed(image_px: int, patch_size: int) -> int:
    """Patch positions a square image needs: ``(image_px // patch_size)²``."""
    return (checks.positive_int(image_px, "image_px") // checks.positive_int(patch_size, "patch_size")) ** 2


def anyres_layout(width_px: int, height_px: int, tile_px: int = 336, patch_size: int = 14,
                  grids=ANYRES_GRIDS) -> TileLayout:
    """The grid LLaVA-NeXT picks: most of the image's resolution kept, then least padding wasted.

    Counts tokens before LLaVA-NeXT's removal of padding and its row-end tokens.
    """
    width_px, height_px = checks.positive_int(width_px, "width_px"), checks.positive_int(height_px, "height_px")
    tile_px, patch_size = checks.positive_int(tile_px, "tile_px"), checks.positive_int(patch_size, "patch_size")
    grids = [(checks.positive_int(c, "grids[i] columns"), checks.positive_int(r, "grids[i] rows")) for c, r in grids]
    if not grids:
        raise ValueError("grids must hold at least one (columns, rows) pair")

    def fit(grid):
        w, h = grid[0] * tile_px, grid[1] * tile_px
        scale = min(w / width_px, h / height_px)
        kept = min(width_px * scale * height_px * scale, width_px * height_px)
        return kept, -(w * h - kept)

    columns, rows = max(grids, key=fit)
    return TileLayout(columns, rows, tile_px, (tile_px // patch_size) ** 2)


def dynamic_resolution_tokens(width_px: int, height_px: int, patch_size: int = 14, merge: int = 2,
                              min_pixels: int = 56 * 56, max_pixels: int = 28 * 28 * 1280) -> tuple[int, int, int]:
    """Qwen2-VL: sides rounded to multiples of ``patch_size * merge`` within a pixel budget → ``(w, h, tokens)``."""
    width_px, height_px = checks.positive_int(width_px, "width_px"), checks.positive_int(height_px, "height_px")
    factor = checks.positive_int(patch_size, "patch_size") * checks.positive_int(merge, "merge")
    min_pixels = checks.positive_int(min_pixels, "min_pixels")
    if checks.positive_int(max_pixels, "max_pixels") < min_pixels:
        raise ValueError(f"max_pixels ({max_pixels}) must be at least min_pixels ({min_pixels})")
    w, h = (max(factor, round(s / factor) * factor) for s in (width_px, height_px))
    if w * h > max_pixels:
        beta = math.sqrt(width_px * height_px / max_pixels)
        w, h = (math.floor(s / beta / factor) * factor for s in (width_px, height_px))
    elif w * h < min_pixels:
        beta = math.sqrt(min_pixels / (width_px * height_px))
        w, h = (math.ceil(s * beta / factor) * factor for s in (width_px, height_px))
    return w, h, (w // factor) * (h // factor)
