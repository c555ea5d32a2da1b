"""LAION-CLAP's feature fusion: what the audio encoder is given for a short and a long clip.

With ``enable_fusion=True`` LAION-CLAP reads audio of any length. A clip longer than 10 s becomes four
10 s log-mel "channels": the whole clip squeezed in time to 10 s (a global, downsampled view) and three
10 s crops taken at random from its first, middle and last thirds (local views at full resolution).
The model fuses them with an attentional feature-fusion block inside HTSAT. A clip of 10 s or less is
repeated to fill 10 s and its mel stacked four times, and is flagged ``longer=False``. With
``enable_fusion=False`` (the lesson's and the released 630k-audioset-best.pt's setting) there is no
fusion block: a long clip is cut to one random 10 s crop and the rest is never heard.

laion_clap's ``training.data.get_audio_features`` does this with torchaudio, which this project does not
install; ``fusion_input`` follows it step for step (same 10 s chunk, same thirds, same random crops, the
squeeze as a bilinear resize) with the lesson's ``audio.log_mel`` (10 ms frames, 64 bands) at 48 kHz.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import checks
from .laion_clap import CLIP_SAMPLES, SAMPLE_RATE_HZ

VIEWS = ("global, squeezed to 10 s", "crop, first third", "crop, middle third", "crop, last third")


@dataclass
class FusionInput:
    """``mel_fusion`` ``(4, mel bands, frames)``, whether the clip was longer than 10 s, its duration."""

    mel_fusion: np.ndarray
    longer: bool
    duration_s: float


def fusion_input(waveform, sample_rate_hz: int, seed: int = 0) -> FusionInput:
    """LAION-CLAP's fusion input ``(4, 64, frames)`` for one clip, crops drawn with ``seed``."""
    import torch
    import torch.nn.functional as F

    from .audio import log_mel, prepare

    checks.positive_int(sample_rate_hz, "sample_rate_hz")
    x = prepare(waveform, sample_rate_hz, SAMPLE_RATE_HZ)
    duration_s = len(x) / SAMPLE_RATE_HZ
    if len(x) <= CLIP_SAMPLES:                                     # short: repeat to 10 s, one view four times
        x = np.pad(np.tile(x, CLIP_SAMPLES // len(x)), (0, CLIP_SAMPLES - CLIP_SAMPLES // len(x) * len(x)))
        return FusionInput(log_mel(x, SAMPLE_RATE_HZ).repeat(4, 1, 1).numpy(), False, duration_s)
    mel = log_mel(x, SAMPLE_RATE_HZ)                               # (64, all frames)
    chunk = log_mel(np.zeros(CLIP_SAMPLES, np.float32), SAMPLE_RATE_HZ).shape[1]   # frames in 10 s
    rng = np.random.default_rng(seed)
    thirds = np.array_split(np.arange(mel.shape[1] - chunk + 1), 3)
    starts = [int(rng.choice(t)) if len(t) else 0 for t in thirds]
    crops = [mel[:, s:s + chunk] for s in starts]                  # three local views at full resolution
    squeezed = F.interpolate(mel[None, None], size=(mel.shape[0], chunk), mode="bilinear")[0, 0]   # global view
    return FusionInput(torch.stack([squeezed, *crops]).numpy(), True, duration_s)


def views_differ(fused: FusionInput) -> bool:
    """Whether the four views carry different content (a long clip) or one mel four times (a short one)."""
    m = fused.mel_fusion
    return not all(np.allclose(m[0], m[k]) for k in range(1, len(m)))
