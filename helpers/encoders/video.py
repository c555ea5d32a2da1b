"""Video through an image encoder: sample frames in time, encode each, then keep or pool the tokens.

Two deterministic videos that need no download:

- ``pan_video``: a camera panning across a real photo (scikit-image's astronaut), for the shapes;
- ``counting_videos``: short clips of handwritten digits counting up (3, 4, 5, 6) or down (6, 5, 4, 3),
  built from real scikit-learn digits. Up and down use the same digits, only the order differs, so a
  video encoder that averages its frames over time cannot tell them apart; one that keeps the frames
  in order can.
"""

from __future__ import annotations

import numpy as np

from .. import vision
from ..core import checks

POOLINGS = ("keep all tokens", "mean over time", "one vector per frame")


def pan_video(frames: int = 32, size: int = 224, photo: str = "astronaut", crop_fraction: float = 0.5):
    """``(frames, 3, size, size)`` in [0, 1]: a square window of ``crop_fraction`` of the photo sliding diagonally."""
    import torch
    import torch.nn.functional as F

    frames, size = checks.positive_int(frames, "frames"), checks.positive_int(size, "size")
    crop_fraction = checks.real(crop_fraction, "crop_fraction", 0, 1, open_minimum=True)
    full = vision.load_photo(photo, 512)                                    # (3, 512, 512)
    side = int(round(512 * crop_fraction))
    starts = np.linspace(0, 512 - side, frames).round().astype(int)
    crops = torch.stack([full[:, s:s + side, s:s + side] for s in starts])
    return F.interpolate(crops, size=(size, size), mode="bilinear", antialias=True, align_corners=False).clamp(0, 1)


def sample_frame_indices(total_frames: int, frames: int) -> np.ndarray:
    """``frames`` indices spread evenly over a video of ``total_frames`` (the centre of each equal segment)."""
    total_frames, frames = checks.positive_int(total_frames, "total_frames"), checks.positive_int(frames, "frames")
    if frames > total_frames:
        raise ValueError(f"cannot sample {frames} frames from a video of {total_frames}")
    return ((np.arange(frames) + 0.5) * total_frames / frames).astype(int)


def counting_videos(images, labels, videos_per_direction: int = 60, frames: int = 4, seed: int = 0):
    """Digit clips counting up or down: ``(videos (n, frames, 1, 8, 8), direction (n,), start digit (n,))``.

    ``images`` ``(m, 1, 8, 8)`` and ``labels`` ``(m,)`` are real digits; each frame is a random image of
    the digit it needs. ``direction`` is 0 for up (d, d+1, ...) and 1 for down (the same digits reversed).
    """
    import torch

    frames = checks.positive_int(frames, "frames")
    videos_per_direction = checks.positive_int(videos_per_direction, "videos_per_direction")
    if frames > 10:
        raise ValueError(f"a counting clip has at most 10 frames (digits 0-9), got {frames}")
    labels = torch.as_tensor(labels)
    by_digit = {d: torch.nonzero(labels == d).flatten() for d in range(10)}
    if any(len(v) == 0 for v in by_digit.values()):
        raise ValueError("labels must contain every digit 0-9")
    rng = np.random.default_rng(seed)
    clips, directions, starts = [], [], []
    for direction in (0, 1):
        for _ in range(videos_per_direction):
            start = int(rng.integers(0, 11 - frames))
            digits = list(range(start, start + frames))
            if direction:
                digits = digits[::-1]
            picks = [int(by_digit[d][rng.integers(len(by_digit[d]))]) for d in digits]
            clips.append(images[picks])
            directions.append(direction)
            starts.append(start)
    return torch.stack(clips), torch.tensor(directions), torch.tensor(starts)


def encode_frames(encode, videos, batch_size: int = 512):
    """Run an image encoder on every frame: ``videos`` ``(n, T, C, H, W)`` → ``(n, T, tokens, width)``.

    ``encode`` maps images ``(B, C, H, W)`` to tokens ``(B, tokens, width)``.
    """
    import torch

    if videos.ndim != 5:
        raise ValueError(f"videos must be (n, frames, channels, height, width), got shape {tuple(videos.shape)}")
    n, t = videos.shape[:2]
    flat = videos.reshape(n * t, *videos.shape[2:])
    with torch.no_grad():
        tokens = torch.cat([encode(flat[i:i + batch_size]) for i in range(0, len(flat), batch_size)])
    return tokens.reshape(n, t, *tokens.shape[1:])


def pool_video_tokens(tokens, pooling: str, class_token: bool = True):
    """What the language model receives from ``tokens`` ``(n, T, N, width)``, token 0 the class token if any.

    - ``"keep all tokens"`` → ``(n, T·N, width)``: every token of every frame, in time order;
    - ``"mean over time"`` → ``(n, N, width)``: each position averaged over the frames (order is lost);
    - ``"one vector per frame"`` → ``(n, T, width)``: the class token (or mean token) of each frame, in order.
    """
    checks.choice(pooling, "pooling", POOLINGS)
    if not hasattr(tokens, "ndim") or tokens.ndim != 4:
        raise ValueError(f"tokens must be (videos, frames, tokens, width), got shape {tuple(getattr(tokens, 'shape', ()))}")
    n, t, k, d = tokens.shape
    if pooling == "keep all tokens":
        return tokens.reshape(n, t * k, d)
    if pooling == "mean over time":
        return tokens.mean(1)
    return tokens[:, :, 0] if class_token else tokens.mean(2)
