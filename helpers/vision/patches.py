"""How an image becomes a sequence, and how MAE hides most of it.

``patchify`` cuts ``(batch, channels, height, width)`` images into a row-major grid of
``patch_size × patch_size`` squares and flattens each as (row, column, channel): the layout of
MAE's reference code (and of ``transformers``' ``ViTMAEForPreTraining.patchify``).
``unpatchify`` is its exact inverse. ``random_masking`` keeps a different random subset of
patches for every image, as MAE does; ``restore_order`` puts the kept ones back among mask tokens.

Images here are ``(B, C, H, W)``. A batch that looks channels-last (a last axis of 1, 3 or 4 with a
second axis that is not) is refused with a line saying so; ``photos.as_image_batch`` reads any layout.
"""

from __future__ import annotations

import numpy as np
import torch

from ..core import checks


CHANNEL_COUNTS = (1, 3, 4)   # gray, RGB, RGBA: a last axis of this size with another one second is channels-last


def _as_tensor(x, name: str = "images") -> torch.Tensor:
    if isinstance(x, torch.Tensor):
        return x
    if isinstance(x, np.ndarray):
        if x.dtype == object or not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
            raise TypeError(f"{name} must hold numbers, got a numpy array of dtype {x.dtype}")
        return torch.from_numpy(np.ascontiguousarray(x))
    raise TypeError(f"{name} must be a torch.Tensor or numpy array, got {type(x).__name__}")


def _check_images(images, patch_size) -> tuple[torch.Tensor, int]:
    images, p = _as_tensor(images), checks.positive_int(patch_size, "patch_size")
    if images.dim() == 3 and images.shape[-1] in CHANNEL_COUNTS and images.shape[0] not in CHANNEL_COUNTS:
        raise ValueError(f"images shaped {tuple(images.shape)} look like one channels-last image (H, W, C); "
                         f"pass photos.as_image_batch(image), which gives (1, C, H, W)")
    if images.dim() != 4:
        raise ValueError(f"images must be (batch, channels, height, width), got {images.dim()} dimensions "
                         f"{tuple(images.shape)}; add a batch axis with images[None]")
    if images.shape[-1] in CHANNEL_COUNTS and images.shape[1] not in CHANNEL_COUNTS:
        raise ValueError(f"images shaped {tuple(images.shape)} look channels-last (B, H, W, C); pass "
                         f"images.permute(0, 3, 1, 2) or photos.as_image_batch(images) for (B, C, H, W)")
    if images.is_complex() or images.dtype == torch.bool:
        raise TypeError(f"images must hold real numbers, got dtype {images.dtype}")
    h, w = images.shape[-2:]
    if h % p or w % p:
        raise ValueError(f"image size {h}x{w} is not divisible by patch_size {p}; resize or crop to a multiple of {p}")
    return images, p


def patchify(images, patch_size: int):
    """``(B, C, H, W)`` images → ``(B, N, patch_size*patch_size*C)`` patches, N = (H/p)·(W/p).

    Patches are numbered row by row (left to right, then top to bottom); inside a patch the
    values run over (row, column, channel), channel fastest.
    """
    images, p = _check_images(images, patch_size)
    b, c, h, w = images.shape
    x = images.reshape(b, c, h // p, p, w // p, p)
    x = x.permute(0, 2, 4, 3, 5, 1)  # (B, rows, cols, p, p, C)
    return x.reshape(b, (h // p) * (w // p), p * p * c)


def _check_patches(patches, patch_size, channels) -> tuple[torch.Tensor, int, int]:
    patches = _as_tensor(patches, "patches")
    p, c = checks.positive_int(patch_size, "patch_size"), checks.positive_int(channels, "channels")
    if patches.dim() != 3:
        raise ValueError(f"expected patches of shape (batch, patches, patch_dim), got {patches.dim()} dimensions "
                         f"{tuple(patches.shape)}")
    n, d = patches.shape[1:]
    if d != p * p * c:
        raise ValueError(f"patch_dim {d} does not match patch_size {p} and channels {c} "
                         f"(expected {p}*{p}*{c} = {p * p * c})")
    if round(n ** 0.5) ** 2 != n:
        raise ValueError(f"{n} patches do not form a square grid; unpatchify needs a square image")
    return patches, p, c


def unpatchify(patches, patch_size: int, channels: int = 3):
    """``(B, N, patch_size*patch_size*channels)`` → ``(B, channels, H, W)`` for square images (N a square).

    The exact inverse of ``patchify`` on square images.
    """
    patches, p, c = _check_patches(patches, patch_size, channels)
    b, n, _ = patches.shape
    side = round(n ** 0.5)
    x = patches.reshape(b, side, side, p, p, c)
    x = x.permute(0, 5, 1, 3, 2, 4)  # (B, C, rows, p, cols, p)
    return x.reshape(b, c, side * p, side * p)


def _check_mask_ratio(mask_ratio) -> float:
    ratio = checks.real(mask_ratio, "mask_ratio")
    if not 0 <= ratio < 1:
        raise ValueError(f"mask_ratio must be in [0, 1) (the fraction of patches removed), got {ratio:g}")
    return ratio


def keep_count(num_patches: int, mask_ratio: float) -> int:
    """How many of ``num_patches`` stay visible at ``mask_ratio``: ``int(N * (1 - mask_ratio))``, as in MAE."""
    return int(checks.integer(num_patches, "num_patches", 0) * (1 - _check_mask_ratio(mask_ratio)))


def _check_tokens(tokens, mask_ratio) -> tuple[torch.Tensor, float]:
    tokens, ratio = _as_tensor(tokens, "tokens"), _check_mask_ratio(mask_ratio)
    if tokens.dim() != 3:
        raise ValueError(f"expected tokens of shape (batch, patches, dim), got {tokens.dim()} dimensions "
                         f"{tuple(tokens.shape)}")
    return tokens, ratio


def random_masking(tokens, mask_ratio: float, generator=None):
    """Hide a random ``mask_ratio`` of each sequence, a different subset per sequence.

    ``tokens`` ``(B, N, D)`` → ``(visible, mask, ids_restore)``:
    ``visible`` ``(B, N_keep, D)`` with ``N_keep = int(N * (1 - mask_ratio))``, in shuffled order;
    ``mask`` ``(B, N)`` float, 1 for removed and 0 for kept, in the original order;
    ``ids_restore`` ``(B, N)`` long: ``torch.gather(torch.cat([visible, mask_tokens], 1), 1, ids_restore)``
    (indices expanded over D) puts every token back where it came from.
    """
    tokens, ratio = _check_tokens(tokens, mask_ratio)
    b, n, d = tokens.shape
    n_keep = keep_count(n, ratio)
    device = generator.device if generator is not None else "cpu"
    noise = torch.rand(b, n, generator=generator, device=device).to(tokens.device)  # one number per patch
    ids_shuffle = torch.argsort(noise, dim=1)  # ascending: the smallest noise is kept
    ids_restore = torch.argsort(ids_shuffle, dim=1)
    visible = torch.gather(tokens, 1, ids_shuffle[:, :n_keep, None].expand(-1, -1, d))
    mask = torch.ones(b, n, device=tokens.device, dtype=tokens.dtype if tokens.is_floating_point() else torch.float32)
    mask[:, :n_keep] = 0
    return visible, torch.gather(mask, 1, ids_restore), ids_restore


def _check_restore(visible, ids_restore, fill):
    visible, ids_restore, fill = _as_tensor(visible, "visible"), _as_tensor(ids_restore, "ids_restore"), _as_tensor(fill, "fill")
    if visible.dim() != 3:
        raise ValueError(f"visible must be (batch, kept, dim), got shape {tuple(visible.shape)}")
    if ids_restore.dim() != 2 or ids_restore.shape[0] != visible.shape[0] or ids_restore.shape[1] < visible.shape[1]:
        raise ValueError(f"ids_restore must be (batch, patches) with patches >= {visible.shape[1]} kept, "
                         f"got shape {tuple(ids_restore.shape)}")
    if fill.numel() != visible.shape[2]:
        raise ValueError(f"fill must hold one value per dim ({visible.shape[2]}), got shape {tuple(fill.shape)}")


def restore_order(visible, ids_restore, fill):
    """Put ``visible`` ``(B, N_keep, D)`` back in place with ``fill`` ``(D,)`` (a mask token) where patches were removed.

    Returns ``(B, N, D)``: the decoder's input in MAE.
    """
    _check_restore(visible, ids_restore, fill)
    b, n_keep, d = visible.shape
    n = ids_restore.shape[1]
    filler = fill.reshape(1, 1, d).to(visible.dtype).expand(b, n - n_keep, d)
    full = torch.cat([visible, filler], dim=1)
    return torch.gather(full, 1, ids_restore.unsqueeze(-1).expand(-1, -1, d))


def grid_shape(image_size: int, patch_size: int) -> tuple[int, int]:
    """``(rows, columns)`` of the patch grid; ValueError when ``patch_size`` does not divide ``image_size``."""
    image_size, p = checks.positive_int(image_size, "image_size"), checks.positive_int(patch_size, "patch_size")
    if image_size % p:
        raise ValueError(f"image_size {image_size} is not divisible by patch_size {p}")
    return image_size // p, image_size // p


def sequence_length(image_size: int, patch_size: int, class_token: bool = True) -> int:
    """Tokens a ViT reads: one per patch, plus the class token."""
    rows, cols = grid_shape(image_size, patch_size)
    return rows * cols + int(class_token)


def masked_image(images, mask, patch_size: int, fill: float = 0.5):
    """``(B, C, H, W)`` images with removed patches (``mask`` 1) painted ``fill``: what the encoder does *not* see."""
    from .photos import as_image_batch

    x, fill = as_image_batch(images), checks.real(fill, "fill")
    patches = patchify(x, patch_size)
    m = _as_tensor(mask, "mask").to(patches.dtype).unsqueeze(-1)
    if m.shape[:2] != patches.shape[:2]:
        raise ValueError(f"mask must be (batch, patches) = {tuple(patches.shape[:2])}, got {tuple(m.shape[:2])}")
    return unpatchify(patches * (1 - m) + fill * m, patch_size, x.shape[1])
