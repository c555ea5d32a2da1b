"""Fast pictures for the lesson 03 widgets: numpy arrays composed into one PNG, no matplotlib figure.

A matplotlib figure takes a second or more to lay out and save on a busy CPU; these views take a
few milliseconds, so a slider feels live. The notebook's static figures stay in ``helpers.vision.plots``.
Images are ``(C, H, W)`` floats in [0, 1]; every function returns an ``(H, W, 3)`` uint8 array
except ``to_png``, which encodes one.
"""

from __future__ import annotations

from ..core import checks
from ..core.figures import as_numpy

HIDDEN_RGB = (107, 173, 214)  # the blue of helpers.vision.plots.HIDDEN_COLOUR
BACKGROUND = 255


def to_rgb_uint8(image, invert_gray: bool = True):
    """``(C, H, W)`` float in [0, 1] → ``(H, W, 3)`` uint8. One channel is drawn dark-on-white (like ``gray_r``)."""
    import numpy as np

    x = np.clip(as_numpy(image), 0, 1)
    if x.shape[0] == 1:
        x = 1 - x if invert_gray else x
        x = np.repeat(x, 3, axis=0)
    return (np.transpose(x[:3], (1, 2, 0)) * 255 + 0.5).astype(np.uint8)


def enlarge(rgb, scale: int):
    """Nearest-neighbour enlargement of an ``(H, W, 3)`` array by an integer ``scale``."""
    import numpy as np

    scale = checks.integer(scale, "scale", 1, 64)

    return np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)


def paint_hidden(rgb, mask, colour=HIDDEN_RGB):
    """Paint the patches where ``mask`` ``(N,)`` is 1 in ``colour``; the grid is square."""
    m = as_numpy(mask).astype(bool)
    side = int(round(len(m) ** 0.5))
    p = rgb.shape[0] // side
    out = rgb.copy()
    for k in range(len(m)):
        if m[k]:
            r, c = divmod(k, side)
            out[r * p:(r + 1) * p, c * p:(c + 1) * p] = colour
    return out


def draw_grid(rgb, patch_size: int, colour=(255, 255, 255)):
    """Grid lines every ``patch_size`` pixels (on the top and left edge of each patch)."""
    out = rgb.copy()
    out[::patch_size, :] = colour
    out[:, ::patch_size] = colour
    return out


def heat_overlay(rgb, heat, alpha: float = 0.6):
    """Blend a ``(rows, cols)`` map, scaled to its maximum and coloured with magma, over ``rgb`` (nearest)."""
    import numpy as np
    from matplotlib import colormaps

    alpha = checks.real(alpha, "alpha", 0, 1)
    h = as_numpy(heat).astype(float)
    h = h / h.max() if h.max() > 0 else h
    coloured = (colormaps["magma"](h)[..., :3] * 255).astype(np.uint8)
    coloured = enlarge(coloured, rgb.shape[0] // h.shape[0])
    return (alpha * coloured + (1 - alpha) * rgb).astype(np.uint8)


def tile(rows, gap: int = 4):
    """Compose a list of rows (each a list of equally sized ``(H, W, 3)`` arrays) with white gaps."""
    import numpy as np

    gap = checks.integer(gap, "gap", 0, 100)
    if not rows or not all(len(row) for row in rows):
        raise ValueError("rows must be a non-empty list of non-empty lists of (H, W, 3) arrays")
    h, w = rows[0][0].shape[:2]
    width = max(len(r) for r in rows) * (w + gap) - gap
    canvas = np.full((len(rows) * (h + gap) - gap, width, 3), BACKGROUND, dtype=np.uint8)
    for i, row in enumerate(rows):
        for j, image in enumerate(row):
            canvas[i * (h + gap):i * (h + gap) + h, j * (w + gap):j * (w + gap) + w] = image
    return canvas


def to_png(rgb) -> bytes:
    """PNG bytes of an ``(H, W, 3)`` uint8 array."""
    import io

    import numpy as np
    from PIL import Image

    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[-1] != 3:
        raise TypeError(f"rgb must be an (H, W, 3) uint8 numpy array, got {type(rgb).__name__} "
                        f"{getattr(rgb, 'dtype', '')} {tuple(getattr(rgb, 'shape', ()))}")
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def patch_view(photo, patch_size: int, sequence_shown: int = 12, scale: int = 1):
    """The photo with its patch grid drawn, and below it the first ``sequence_shown`` patches in reading order."""
    import numpy as np

    from .patches import grid_shape, patchify

    from .photos import as_image_batch

    photo = as_image_batch(photo)[0]
    sequence_shown, scale = checks.integer(sequence_shown, "sequence_shown", 0, 4096), checks.integer(scale, "scale", 1, 64)
    size = photo.shape[-1]
    grid_shape(size, patch_size)  # one-line error when the size does not divide
    rgb = draw_grid(to_rgb_uint8(photo), patch_size)
    patches = patchify(photo[None], patch_size)[0][:sequence_shown]
    c = photo.shape[0]
    pieces = [to_rgb_uint8(p.reshape(patch_size, patch_size, c).permute(2, 0, 1)) for p in patches]
    strip_scale = max(1, 48 // patch_size)
    pieces = [enlarge(p, strip_scale) for p in pieces]
    strip = tile([pieces], gap=3)
    width = max(rgb.shape[1], strip.shape[1])
    canvas = np.full((rgb.shape[0] + 8 + strip.shape[0], width, 3), BACKGROUND, dtype=np.uint8)
    canvas[:rgb.shape[0], :rgb.shape[1]] = rgb
    canvas[rgb.shape[0] + 8:, :strip.shape[1]] = strip
    return enlarge(canvas, scale) if scale > 1 else canvas


def mask_view(reconstruction, scale: int = 12, max_images: int = 6):
    """Three rows over up to ``max_images`` images: hidden patches in blue, the reconstruction, the original."""
    k = min(max_images, len(reconstruction.original))
    rows = [[], [], []]
    for i in range(k):
        original = to_rgb_uint8(reconstruction.original[i])
        rows[0].append(enlarge(paint_hidden(original, reconstruction.mask[i]), scale))
        rows[1].append(enlarge(to_rgb_uint8(reconstruction.reconstruction[i]), scale))
        rows[2].append(enlarge(original, scale))
    return tile(rows)


def attention_view(images, maps, scale: int = 12):
    """Two rows: the images, and the same images under their class-token attention maps ``(B, rows, cols)``."""
    top, bottom = [], []
    for image, heat in zip(images, maps):
        rgb = enlarge(to_rgb_uint8(image), scale)
        top.append(rgb)
        bottom.append(heat_overlay(rgb, heat))
    return tile([top, bottom])
