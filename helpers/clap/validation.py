"""A validation split carved from the TRAINING clips and wordings, for choosing a recipe without the test set.

The test split is held out twice (its own wordings, ``data/clap/held_out_wordings.json``, and the middle
band of every parameter range), and it is measured once, at the end. To choose how long and how to train,
the same two hold-outs are rebuilt inside the training split:

- **wordings**: the last two phrases of each kind in ``training_wordings.json``, one word each for
  loud, quiet, long and short, and one template are set aside (``split_wordings``); the fitting captions
  never use them, the validation prompts use only them;
- **clips**: training clips whose parameter lies in ``VALIDATION_BAND`` of its range (inside the upper
  training part, 0.6–1) are validation clips; the fitting clips come from the rest.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import captions, evaluation
from .sounds import KINDS, make_set

VALIDATION_BAND = (0.75, 0.85)       # inside the training range's upper part, as the test band is inside the whole
HELD_ASIDE_PHRASES = 2               # per kind, the last ones in the training file
HELD_ASIDE_WORDS = {"loudness": {"loud": "strong", "quiet": "soft"}, "length": {"long": "sustained", "short": "brief"}}
HELD_ASIDE_TEMPLATE = 1              # index of the template set aside: "{a_phrase}, {loud} and {length}"


def split_wordings() -> tuple[dict, dict]:
    """``(fit, validation)`` vocabularies cut from the training wordings; they share no phrase or word."""
    train = captions._wordings("train")
    fit = {"phrases": {k: list(p[:-HELD_ASIDE_PHRASES]) for k, p in train["phrases"].items()},
           "loudness": {}, "length": {}, "templates": [t for i, t in enumerate(train["templates"]) if i != HELD_ASIDE_TEMPLATE]}
    val = {"phrases": {k: list(p[-HELD_ASIDE_PHRASES:]) for k, p in train["phrases"].items()},
           "loudness": {}, "length": {}, "templates": [train["templates"][HELD_ASIDE_TEMPLATE], "{a_phrase}"]}
    for field, aside in HELD_ASIDE_WORDS.items():
        for key, word in aside.items():
            fit[field][key] = [w for w in train[field][key] if w != word]
            val[field][key] = [word]
    return fit, val


def parameter_positions(sound_set) -> np.ndarray:
    """Where each clip's main parameter lies in its kind's range, ``(n,)`` in [0, 1] (inverse of ``SoundKind.value``)."""
    out = []
    for kind, value in zip(sound_set.kinds, sound_set.parameters):
        spec = KINDS[kind]
        out.append(np.log(value / spec.low) / np.log(spec.high / spec.low) if spec.log_scale
                   else (value - spec.low) / (spec.high - spec.low))
    return np.array(out)


def recaption(sound_set, vocabulary: dict, seed: int = 0):
    """The same clips with captions drawn from ``vocabulary`` (seeded, one draw per clip)."""
    new = [captions.caption(kind, bool(loud), bool(long), vocabulary, seed=seed * 1_000_003 + i)
           for i, (kind, loud, long) in enumerate(zip(sound_set.kinds, sound_set.loud, sound_set.long))]
    return dataclasses.replace(sound_set, captions=new, _log_mels=None)


def validation_sets(per_kind: int, seed: int = 0):
    """``(fit_set, validation_set, validation_vocabulary)`` from ``per_kind`` training clips of each kind."""
    fit_words, val_words = split_wordings()
    clips = make_set(per_kind, "train", seed=seed)
    u = parameter_positions(clips)
    lo, hi = VALIDATION_BAND
    inside = (u >= lo) & (u < hi)
    return (recaption(clips.subset(np.flatnonzero(~inside)), fit_words, seed),
            recaption(clips.subset(np.flatnonzero(inside)), val_words, seed + 1), val_words)


def validation_scores(model, validation_set, vocabulary: dict) -> dict[str, float]:
    """Zero-shot top-1 on the validation clips with the validation phrases alone and with their ensemble.

    ``fitted phrases`` (the phrases training used) separates the audio tower's share of the errors from
    the text tower's.
    """
    audio = model.encode_audio(validation_set)
    fit_words, _ = split_wordings()
    sets = {"phrases": captions.prompts(vocabulary), "ensemble": captions.prompt_ensemble(vocabulary),
            "fitted phrases": captions.prompts(fit_words)}
    return {name: evaluation.zero_shot(model, validation_set, p, audio).accuracy for name, p in sets.items()}
