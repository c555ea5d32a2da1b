"""helpers.clap.evaluation: zero-shot and retrieval on held-out clips, prompt tables, caption ranking."""

import numpy as np
import pytest
import torch

from helpers.clap import captions, contrastive, evaluation, sounds, training

SMALL_KINDS = ["high tone", "low tone", "white noise", "slow clicks"]   # as in conftest.small_sets


def test_trained_model_aligns_held_out_clips(small_sets, trained):
    train, test = small_sets
    model, _ = trained
    names = SMALL_KINDS
    result = evaluation.zero_shot(model, test, {k: captions.prompts("train")[k] for k in names})
    assert result.accuracy >= 0.75                        # chance is 0.25
    assert result.confusion().sum() == len(test) and result.confusion().trace() == round(result.accuracy * len(test))
    untrained = training.untrained_tiny_clap("minilm", seed=0)
    s_after = evaluation.similarity_matrix(model, test.waveforms, test.captions)
    s_before = evaluation.similarity_matrix(untrained, test.waveforms, test.captions)
    assert s_after.shape == (len(test), len(test))
    recalls = evaluation.retrieval(model, test, ks=(1, 5))
    assert set(recalls) == {"audio→text R@1", "text→audio R@1", "audio→text R@5", "text→audio R@5"}
    assert recalls["audio→text R@5"] > contrastive.recall_at_k(s_before, 5)


def test_rank_captions_resamples_and_rejects_duplicates(trained):
    model, _ = trained
    clip = sounds.synthesize("high tone", 2500, 1.0, peak=0.7)
    captions = ["a high-pitched beep", "a low hum", "a steady hiss"]
    ranked = evaluation.rank_captions(model, clip, sounds.SAMPLE_RATE_HZ, captions)
    assert ranked[0][0] == "a high-pitched beep"
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-5)
    import scipy.signal
    at_48k = scipy.signal.resample_poly(clip, 3, 1).astype(np.float32)
    stereo_48k = np.stack([at_48k, at_48k])
    again = evaluation.rank_captions(model, stereo_48k, 48_000, captions)
    assert again[0][0] == ranked[0][0]
    with pytest.raises(ValueError, match="duplicate"):
        evaluation.rank_captions(model, clip, sounds.SAMPLE_RATE_HZ, ["a hiss", "a hiss"])
    with pytest.raises(ValueError, match="non-empty"):
        evaluation.rank_captions(model, clip, sounds.SAMPLE_RATE_HZ, [])


def test_cached_features_prompt_tables(small_sets, trained):
    _, test = small_sets
    model, _ = trained
    names = SMALL_KINDS
    prompts = {k: captions.prompts("train")[k] for k in names}
    from_arrays = model.encode_audio(test.waveforms)
    assert torch.allclose(model.encode_audio(test), from_arrays, atol=1e-5)      # the SoundSet's kept log-mels
    assert test.log_mels() is test.log_mels()
    given = evaluation.zero_shot(model, test, prompts, audio_embeddings=from_arrays)
    assert np.array_equal(given.predictions, evaluation.zero_shot(model, test, prompts).predictions)
    table = evaluation.prompt_accuracy(model, test, prompts)
    assert [(k, p) for k, p, _ in table] == [(k, p) for k in names for p in prompts[k]]
    assert all(0.0 <= acc <= 1.0 for _, _, acc in table)
    nearest = evaluation.nearest_phrases(["a shrill beep", "a rumble"], ["a high-pitched beep", "a deep rumble"])
    assert [n for _, n, _ in nearest] == ["a high-pitched beep", "a deep rumble"]


def test_zero_shot_needs_prompts_for_every_kind(small_sets):
    train, _ = small_sets
    model = training.untrained_tiny_clap("minilm")
    with pytest.raises(ValueError, match="no prompts"):
        evaluation.zero_shot(model, train, {"high tone": ["a beep"]})
