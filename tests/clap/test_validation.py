"""helpers.clap.validation: the recipe is chosen on a split of the TRAINING clips and wordings only."""

import numpy as np

from helpers.clap import captions, sounds, validation


def _words(vocabulary):
    return ({p for ps in vocabulary["phrases"].values() for p in ps},
            {w for field in ("loudness", "length") for ws in vocabulary[field].values() for w in ws})


def test_fit_and_validation_wordings_are_disjoint_parts_of_the_training_file():
    fit, val = validation.split_wordings()
    fit_phrases, fit_words = _words(fit)
    val_phrases, val_words = _words(val)
    train_phrases, train_words = _words(captions._wordings("train"))
    assert not fit_phrases & val_phrases and not fit_words & val_words
    assert fit_phrases | val_phrases == train_phrases and fit_words | val_words == train_words
    test_phrases, _ = _words(captions._wordings("test"))
    assert not val_phrases & test_phrases                     # nothing of the held-out file is used


def test_validation_clips_come_from_their_band_and_fit_captions_avoid_validation_phrases():
    fit_set, val_set, vocabulary = validation.validation_sets(10, seed=0)
    lo, hi = validation.VALIDATION_BAND
    u_val, u_fit = validation.parameter_positions(val_set), validation.parameter_positions(fit_set)
    assert len(val_set) > 0 and np.all((u_val >= lo) & (u_val < hi))
    assert not np.any((u_fit >= lo) & (u_fit < hi))
    assert val_set.split == fit_set.split == "train"
    val_phrases, _ = _words(vocabulary)
    assert not any(p in c for c in fit_set.captions for p in val_phrases)


def test_parameter_positions_invert_the_kinds_ranges():
    clips = sounds.make_set(3, "test", seed=0)
    u = validation.parameter_positions(clips)
    assert np.all((u >= sounds.HELD_OUT_BAND[0] - 1e-9) & (u <= sounds.HELD_OUT_BAND[1] + 1e-9))
