"""The modality encoders the lesson knows, as data, and how many tokens one input becomes through each.

The table is ``data/encoders/known_encoders.json`` (CLIP and ViT image towers at their native sizes,
Whisper with and without its 30 s padding, lesson 03's tiny ViT and lesson 04's tiny CLAP); the
formulas are ``token_counts``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import checks, corpora
from .token_counts import audio_token_count, text_token_count, video_token_count, visual_token_count

MODALITIES = ("image", "video", "audio", "text")


@dataclass(frozen=True)
class EncoderSpec:
    """A modality encoder in numbers. Vision: native ``image_size``/``patch_size``; audio: Whisper-style front end."""

    name: str
    modality: str
    width: int
    image_size: int | None = None
    patch_size: int | None = None
    cls_token: bool = False          # whether the class token is handed on with the patch tokens
    window_s: float | None = None    # audio: fixed window the encoder pads to (None: clip length)
    pool_stride: int = 1             # audio: pooling after the encoder
    pooled: bool = False             # True: the encoder returns one vector per input, not a sequence
    note: str = ""


ENCODERS: dict[str, EncoderSpec] = {row["name"]: EncoderSpec(**row)
                                    for row in corpora.read_json("encoders/known_encoders.json")["encoders"]}


def known(names) -> str:
    """``names`` as one comma-separated line of reprs, for error messages."""
    return ", ".join(repr(n) for n in names)


def check_modality(modality: str) -> str:
    """``modality`` if it is one of ``MODALITIES``; else a ``ValueError`` listing them."""
    return checks.choice(modality, "modality", MODALITIES)


def encoders_for(modality: str) -> list[str]:
    """Names of the known encoders for ``modality`` (video uses the image encoders, frame by frame)."""
    wanted = "image" if check_modality(modality) == "video" else modality
    return [n for n, e in ENCODERS.items() if e.modality == wanted]


def encoder_spec(name: str, modality: str | None = None) -> EncoderSpec:
    """The ``EncoderSpec`` called ``name``, which must encode ``modality`` when one is given.

    An unknown name, or an encoder of another modality, raises a ``ValueError`` that lists the right ones.
    """
    if name not in ENCODERS:
        raise ValueError(f"unknown encoder {name!r}; known encoders: {known(ENCODERS)}")
    spec = ENCODERS[name]
    if modality is not None and name not in encoders_for(modality):
        article = "an" if modality[0] in "aeiou" else "a"
        raise ValueError(f"{name!r} is not {article} {modality} encoder but an {spec.modality} one; "
                         f"{modality} encoders: {known(encoders_for(modality))}")
    return spec


def token_count(modality: str, encoder: str | None = None, *, image_size=None, patch_size: int | None = None,
                frames: int = 1, tokens_per_frame_after_pooling: int | None = None, duration_s: float | None = None,
                text: str | None = None) -> int:
    """Tokens one input of ``modality`` becomes, through ``encoder`` (a name in ``ENCODERS``).

    Vision: ``image_size``/``patch_size`` default to the encoder's own. Audio needs ``duration_s``;
    text needs ``text`` (counted with MiniLM's real tokenizer; ``encoder`` is ignored).
    """
    if check_modality(modality) == "text":
        if text is None:
            raise ValueError("modality 'text' needs text=...")
        return text_token_count(text)
    if encoder is None:
        raise ValueError(f"modality {modality!r} needs an encoder; known: {known(encoders_for(modality))}")
    spec = encoder_spec(encoder, modality)
    if modality in ("image", "video"):
        size = spec.image_size if image_size is None else image_size
        patch = spec.patch_size if patch_size is None else patch_size
        if modality == "image":
            return visual_token_count(size, patch, spec.cls_token)
        return video_token_count(frames, size, patch, tokens_per_frame_after_pooling, spec.cls_token)
    if duration_s is None:
        raise ValueError("modality 'audio' needs duration_s=...")
    if spec.pooled:
        audio_token_count(duration_s, window_s=None)       # validates duration_s
        return 1
    return audio_token_count(duration_s, window_s=spec.window_s, pool_stride=spec.pool_stride)
