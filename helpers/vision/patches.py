"""How an image becomes a sequence, and how MAE hides most of it.

``patchify`` cuts ``(batch, channels, height, width)`` images into a row-major grid of
``patch_size × patch_size`` squares and flattens each as (row, column, channel): the layout of
MAE's reference code (and of ``transformers``' ``ViTMAEForPreTraining.patchify``).
``unpatchify`` is its exact inverse. ``random_masking`` keeps a different random subset of
patches for every image, as MAE does. ``as_image_batch`` and ``load_photo`` turn whatever a
reader has (grayscale, RGBA, ``uint8``, channels-last arrays) into float images in [0, 1].
"""

from __future__ import annotations

PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "camera", "horse")


def _as_tensor(images, name: str = "images"):
    import numpy as np
    import torch

    if isinstance(images, torch.Tensor):
        return images
    if isinstance(images, np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(images))
    raise TypeError(f"{name} must be a torch.Tensor or numpy array, got {type(images).__name__}")


def _check_patch_size(patch_size) -> int:
    if not isinstance(patch_size, int) or isinstance(patch_size, bool):
        raise TypeError(f"patch_size must be an int, got {type(patch_size).__name__}")
    if patch_size < 1:
        raise ValueError(f"patch_size must be at least 1, got {patch_size}")
    return patch_size


def patchify(images, patch_size: int):
    """``(B, C, H, W)`` images → ``(B, N, patch_size*patch_size*C)`` patches, N = (H/p)·(W/p).

    Patches are numbered row by row (left to right, then top to bottom); inside a patch the
    values run over (row, column, channel), channel fastest.
    """
    images = _as_tensor(images)
    p = _check_patch_size(patch_size)
    if images.dim() != 4:
        raise ValueError(f"expected images of shape (batch, channels, height, width), got {images.dim()} dimensions "
                         f"{tuple(images.shape)}; add a batch axis with images[None]")
    b, c, h, w = images.shape
    if h % p or w % p:
        raise ValueError(f"image size {h}x{w} is not divisible by patch_size {p}; resize or crop to a multiple of {p}")
    x = images.reshape(b, c, h // p, p, w // p, p)
    x = x.permute(0, 2, 4, 3, 5, 1)  # (B, rows, cols, p, p, C)
    return x.reshape(b, (h // p) * (w // p), p * p * c)


def unpatchify(patches, patch_size: int, channels: int = 3):
    """``(B, N, patch_size*patch_size*channels)`` → ``(B, channels, H, W)`` for square images (N a square).

    The exact inverse of ``patchify`` on square images.
    """
    patches = _as_tensor(patches, "patches")
    p = _check_patch_size(patch_size)
    if not isinstance(channels, int) or channels < 1:
        raise ValueError(f"channels must be a positive int, got {channels!r}")
    if patches.dim() != 3:
        raise ValueError(f"expected patches of shape (batch, patches, patch_dim), got {patches.dim()} dimensions "
                         f"{tuple(patches.shape)}")
    b, n, d = patches.shape
    if d != p * p * channels:
        raise ValueError(f"patch_dim {d} does not match patch_size {p} and channels {channels} "
                         f"(expected {p}*{p}*{channels} = {p * p * channels})")
    side = int(round(n ** 0.5))
    if side * side != n:
        raise ValueError(f"{n} patches do not form a square grid; unpatchify needs a square image")
    x = patches.reshape(b, side, side, p, p, channels)
    x = x.permute(0, 5, 1, 3, 2, 4)  # (B, C, rows, p, cols, p)
    return x.reshape(b, channels, side * p, side * p)


def _check_mask_ratio(mask_ratio) -> float:
    if isinstance(mask_ratio, bool) or not isinstance(mask_ratio, (int, float)):
        raise TypeError(f"mask_ratio must be a number, got {type(mask_ratio).__name__}")
    if not 0 <= mask_ratio < 1:
        raise ValueError(f"mask_ratio must be in [0, 1) (the fraction of patches removed), got {mask_ratio}")
    return float(mask_ratio)


def keep_count(num_patches: int, mask_ratio: float) -> int:
    """How many of ``num_patches`` stay visible at ``mask_ratio``: ``int(N * (1 - mask_ratio))``, as in MAE."""
    return int(num_patches * (1 - _check_mask_ratio(mask_ratio)))


def random_masking(tokens, mask_ratio: float, generator=None):
    """Hide a random ``mask_ratio`` of each sequence, a different subset per sequence.

    ``tokens`` ``(B, N, D)`` → ``(visible, mask, ids_restore)``:
    ``visible`` ``(B, N_keep, D)`` with ``N_keep = int(N * (1 - mask_ratio))``, in shuffled order;
    ``mask`` ``(B, N)`` float, 1 for removed and 0 for kept, in the original order;
    ``ids_restore`` ``(B, N)`` long: ``torch.gather(torch.cat([visible, mask_tokens], 1), 1, ids_restore)``
    (indices expanded over D) puts every token back where it came from.
    """
    import torch

    tokens = _as_tensor(tokens, "tokens")
    ratio = _check_mask_ratio(mask_ratio)
    if tokens.dim() != 3:
        raise ValueError(f"expected tokens of shape (batch, patches, dim), got {tokens.dim()} dimensions "
                         f"{tuple(tokens.shape)}")
    b, n, d = tokens.shape
    n_keep = keep_count(n, ratio)
    noise = torch.rand(b, n, generator=generator, device=generator.device if generator is not None else "cpu")
    noise = noise.to(tokens.device)
    ids_shuffle = torch.argsort(noise, dim=1)  # ascending: the smallest noise is kept
    ids_restore = torch.argsort(ids_shuffle, dim=1)
    ids_keep = ids_shuffle[:, :n_keep]
    visible = torch.gather(tokens, 1, ids_keep.unsqueeze(-1).expand(-1, -1, d))
    mask = torch.ones(b, n, device=tokens.device, dtype=tokens.dtype if tokens.is_floating_point() else torch.float32)
    mask[:, :n_keep] = 0
    mask = torch.gather(mask, 1, ids_restore)
    return visible, mask, ids_restore


def restore_order(visible, ids_restore, fill):
    """Put ``visible`` ``(B, N_keep, D)`` back in place with ``fill`` ``(D,)`` (a mask token) where patches were removed.

    Returns ``(B, N, D)``: the decoder's input in MAE.
    """
    import torch

    b, n_keep, d = visible.shape
    n = ids_restore.shape[1]
    filler = fill.reshape(1, 1, d).to(visible.dtype).expand(b, n - n_keep, d)
    full = torch.cat([visible, filler], dim=1)
    return torch.gather(full, 1, ids_restore.unsqueeze(-1).expand(-1, -1, d))


def as_image_batch(images):
    """Anything image-like → float ``(B, C, H, W)`` in [0, 1].

    Accepts ``(H, W)`` grayscale, ``(H, W, C)`` or ``(C, H, W)`` single images, and batches
    ``(B, C, H, W)`` or ``(B, H, W, C)``; ``uint8`` is divided by 255. Grayscale stays one channel; RGBA loses its alpha.
    A trailing axis of size 1, 3 or 4 is read as channels-last.
    """
    import torch

    x = _as_tensor(images)
    if x.dim() not in (2, 3, 4):
        raise ValueError(f"expected an image (H, W), (H, W, C), (C, H, W) or a batch (B, ...), got shape {tuple(x.shape)}")
    if x.dtype == torch.uint8:
        x = x.float() / 255.0
    elif x.dtype == torch.bool:
        x = x.float()
    else:
        x = x.float()
    if x.dim() == 2:
        x = x[None, None]
    elif x.dim() == 3:
        x = x.permute(2, 0, 1)[None] if x.shape[-1] in (1, 3, 4) and x.shape[0] not in (1, 3, 4) else x[None]
    elif x.shape[-1] in (1, 3, 4) and x.shape[1] not in (1, 3, 4):
        x = x.permute(0, 3, 1, 2)
    if x.shape[1] == 4:
        x = x[:, :3]
    if x.shape[1] not in (1, 3):
        raise ValueError(f"expected 1 (gray), 3 (RGB) or 4 (RGBA) channels, got {x.shape[1]}")
    return x.contiguous()


def to_rgb(images):
    """``as_image_batch`` with grayscale repeated to three channels: ``(B, 3, H, W)`` float in [0, 1]."""
    x = as_image_batch(images)
    return x.expand(-1, 3, -1, -1).contiguous() if x.shape[1] == 1 else x


def load_photo(name: str = "astronaut", size: int = 224):
    """A real photo from scikit-image as ``(3, size, size)`` float in [0, 1]: centre-cropped to a square, resized.

    ``name`` is one of ``PHOTOS`` (astronaut, chelsea the cat, coffee, rocket, camera, horse).
    """
    import torch
    import torch.nn.functional as F
    from skimage import data

    if name not in PHOTOS:
        raise ValueError(f"unknown photo {name!r}; choose one of {', '.join(PHOTOS)}")
    if not isinstance(size, int) or size < 8:
        raise ValueError(f"size must be an int of at least 8 pixels, got {size!r}")
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


def grid_shape(image_size: int, patch_size: int) -> tuple[int, int]:
    """``(rows, columns)`` of the patch grid; ValueError when ``patch_size`` does not divide ``image_size``."""
    _check_patch_size(patch_size)
    if image_size % patch_size:
        raise ValueError(f"image size {image_size} is not divisible by patch_size {patch_size}")
    return image_size // patch_size, image_size // patch_size


def sequence_length(image_size: int, patch_size: int, class_token: bool = True) -> int:
    """Tokens a ViT reads: one per patch, plus the class token."""
    rows, cols = grid_shape(image_size, patch_size)
    return rows * cols + int(class_token)


def masked_image(images, mask, patch_size: int, fill: float = 0.5):
    """``(B, C, H, W)`` images with removed patches (``mask`` 1) painted ``fill``: what the encoder does *not* see."""
    x = as_image_batch(images)
    c = x.shape[1]
    patches = patchify(x, patch_size)
    m = _as_tensor(mask, "mask").to(patches.dtype).unsqueeze(-1)
    return unpatchify(patches * (1 - m) + fill * m, patch_size, c)
