"""Real photos as float images: whatever a reader has (grayscale, RGBA, ``uint8``, channels-last) → ``(B, C, H, W)`` in [0, 1].

``load_photo`` reads one of scikit-image's sample photos (``PHOTOS``, named with a short caption in
``data/vision/photos.json``), centre-cropped to a square and resized.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ..core import checks
from ..core.corpora import read_json
from .patches import _as_tensor

PHOTO_CAPTIONS: dict[str, str] = read_json("vision/photos.json")
"""scikit-image photo name → a short caption for figure titles ("chelsea" → "cat")."""
PHOTOS = tuple(PHOTO_CAPTIONS)


def as_image_batch(images):
    """Anything image-like → float ``(B, C, H, W)`` in [0, 1].

    Accepts ``(H, W)`` grayscale, ``(H, W, C)`` or ``(C, H, W)`` single images, and batches
    ``(B, C, H, W)`` or ``(B, H, W, C)``; ``uint8`` is divided by 255. Grayscale stays one channel; RGBA loses its alpha.
    A trailing axis of size 1, 3 or 4 is read as channels-last.
    """
    x = _as_tensor(images)
    if x.dim() not in (2, 3, 4):
        raise ValueError(f"images must be an image (H, W), (H, W, C), (C, H, W) or a batch (B, ...), got shape {tuple(x.shape)}")
    if x.numel() == 0:
        raise ValueError(f"images is empty: got shape {tuple(x.shape)}")
    x = x.float() / 255.0 if x.dtype == torch.uint8 else x.float()
    if x.dim() == 2:
        x = x[None, None]
    elif x.dim() == 3:
        x = x.permute(2, 0, 1)[None] if x.shape[-1] in (1, 3, 4) and x.shape[0] not in (1, 3, 4) else x[None]
    elif x.shape[-1] in (1, 3, 4) and x.shape[1] not in (1, 3, 4):
        x = x.permute(0, 3, 1, 2)
    if x.shape[1] == 4:
        x = x[:, :3]
    if x.shape[1] not in (1, 3):
        raise ValueError(f"images must have 1 (gray), 3 (RGB) or 4 (RGBA) channels, got {x.shape[1]} "
                         f"in shape {tuple(images.shape)}")
    return x.contiguous()


def to_rgb(images):
    """``as_image_batch`` with grayscale repeated to three channels: ``(B, 3, H, W)`` float in [0, 1]."""
    x = as_image_batch(images)
    return x.expand(-1, 3, -1, -1).contiguous() if x.shape[1] == 1 else x


def load_photo(name: str = "astronaut", size: int = 224):
    """A real photo from scikit-image as ``(3, size, size)`` float in [0, 1]: centre-cropped to a square, resized.

    ``name`` is one of ``PHOTOS`` (astronaut, chelsea the cat, coffee, rocket, camera, horse).
    """
    from skimage import data

    checks.choice(name, "name", PHOTOS)
    size = checks.integer(size, "size", minimum=8)
    image = getattr(data, name)()
    if image.dtype == bool:
        image = image.astype("uint8") * 255
    x = to_rgb(image)
    h, w = x.shape[-2:]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    x = x[:, :, top:top + side, left:left + side]
    x = F.interpolate(x, size=(size, size), mode="bilinear", antialias=True, align_corners=False)
    return x.clamp(0, 1)[0].to(torch.float32)
