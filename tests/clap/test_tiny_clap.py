"""helpers.clap.tiny_clap: shapes, seeded training that learns, zero-shot and retrieval, caption ranking."""

import numpy as np
import pytest
import torch

from helpers.clap import contrastive
from helpers.clap import sounds as sc
from helpers.clap import tiny_clap


@pytest.fixture(scope="module")
def small_sets():
    kinds = ["high tone", "low tone", "white noise", "slow clicks"]
    return sc.make_set(16, "train", seed=0, kinds=kinds), sc.make_set(6, "test", seed=1, kinds=kinds)


@pytest.fixture(scope="module")
def trained(small_sets):
    train, _ = small_sets
    return tiny_clap.train_tiny_clap(train, "minilm", epochs=12, batch_size=16, lr=5e-3, seed=0, progress=False)


def test_shapes_and_unit_vectors():
    model = tiny_clap.untrained_tiny_clap("scratch", seed=0)
    waves = sc.make_set(1, "train").waveforms[:3]
    a = model.encode_audio(waves)
    t = model.encode_text(["a hiss", "a low hum", "a low hum"])      # duplicates are fine for encoding
    assert a.shape == (3, tiny_clap.EMBED_DIM) and t.shape == (3, tiny_clap.EMBED_DIM)
    assert torch.allclose(a.norm(dim=-1), torch.ones(3), atol=1e-5)
    assert torch.allclose(t[1], t[2])
    assert tiny_clap.audio_features(waves, sc.SAMPLE_RATE_HZ).shape == (3, 1, 64, 151)


def test_training_lowers_the_loss_and_is_seeded(small_sets, trained):
    train, _ = small_sets
    model, history = trained
    assert history.steps == 12 * (len(train) // 16) == len(history.losses)
    assert 0 < history.cpu_seconds and 0 < history.seconds
    assert np.mean(history.losses[-4:]) < 0.6 * np.mean(history.losses[:4])
    assert all(1.0 <= s <= 100.0 for s in history.logit_scales)
    assert history.logit_scales[0] == pytest.approx(1 / 0.07, rel=0.05)
    again, history2 = tiny_clap.train_tiny_clap(train, "minilm", epochs=1, batch_size=16, lr=5e-3, seed=0, progress=False)
    once, history3 = tiny_clap.train_tiny_clap(train, "minilm", epochs=1, batch_size=16, lr=5e-3, seed=0, progress=False)
    assert history2.losses == history3.losses
    assert torch.equal(again.encode_audio(train.waveforms[:2]), once.encode_audio(train.waveforms[:2]))


def test_trained_model_aligns_held_out_clips(small_sets, trained):
    train, test = small_sets
    model, _ = trained
    names = ["high tone", "low tone", "white noise", "slow clicks"]
    result = tiny_clap.zero_shot(model, test, {k: sc.prompts("train")[k] for k in names})
    assert result.accuracy >= 0.75                        # chance is 0.25
    assert result.confusion().sum() == len(test) and result.confusion().trace() == round(result.accuracy * len(test))
    untrained = tiny_clap.untrained_tiny_clap("minilm", seed=0)
    s_after = tiny_clap.similarity_matrix(model, test.waveforms, test.captions)
    s_before = tiny_clap.similarity_matrix(untrained, test.waveforms, test.captions)
    assert s_after.shape == (len(test), len(test))
    recalls = tiny_clap.retrieval(model, test, ks=(1, 5))
    assert set(recalls) == {"audio→text R@1", "text→audio R@1", "audio→text R@5", "text→audio R@5"}
    assert recalls["audio→text R@5"] > contrastive.recall_at_k(s_before, 5)


def test_rank_captions_resamples_and_rejects_duplicates(trained):
    model, _ = trained
    clip = sc.synthesize("high tone", 2500, 1.0, peak=0.7)
    captions = ["a high-pitched beep", "a low hum", "a steady hiss"]
    ranked = tiny_clap.rank_captions(model, clip, sc.SAMPLE_RATE_HZ, captions)
    assert ranked[0][0] == "a high-pitched beep"
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-5)
    import scipy.signal
    at_48k = scipy.signal.resample_poly(clip, 3, 1).astype(np.float32)
    stereo_48k = np.stack([at_48k, at_48k])
    again = tiny_clap.rank_captions(model, stereo_48k, 48_000, captions)
    assert again[0][0] == ranked[0][0]
    with pytest.raises(ValueError, match="duplicate"):
        tiny_clap.rank_captions(model, clip, sc.SAMPLE_RATE_HZ, ["a hiss", "a hiss"])
    with pytest.raises(ValueError, match="non-empty"):
        tiny_clap.rank_captions(model, clip, sc.SAMPLE_RATE_HZ, [])


def test_bad_arguments(small_sets):
    train, _ = small_sets
    with pytest.raises(ValueError, match="text_tower"):
        tiny_clap.train_tiny_clap(train, "gpt", epochs=1)
    with pytest.raises(ValueError, match="at least 2"):
        tiny_clap.train_tiny_clap(train.subset(np.arange(1)), "minilm", epochs=1)
    model = tiny_clap.untrained_tiny_clap("minilm")
    with pytest.raises(ValueError, match="no prompts"):
        tiny_clap.zero_shot(model, train, {"high tone": ["a beep"]})


def test_cached_features_prompt_tables(small_sets, trained):
    _, test = small_sets
    model, _ = trained
    names = ["high tone", "low tone", "white noise", "slow clicks"]
    prompts = {k: sc.prompts("train")[k] for k in names}
    from_arrays = model.encode_audio(test.waveforms)
    assert torch.allclose(model.encode_audio(test), from_arrays, atol=1e-5)      # the SoundSet's kept log-mels
    assert test.log_mels() is test.log_mels()
    given = tiny_clap.zero_shot(model, test, prompts, audio_embeddings=from_arrays)
    assert np.array_equal(given.predictions, tiny_clap.zero_shot(model, test, prompts).predictions)
    table = tiny_clap.prompt_accuracy(model, test, prompts)
    assert [(k, p) for k, p, _ in table] == [(k, p) for k in names for p in prompts[k]]
    assert all(0.0 <= acc <= 1.0 for _, _, acc in table)
    nearest = tiny_clap.nearest_phrases(["a shrill beep", "a rumble"], ["a high-pitched beep", "a deep rumble"])
    assert [n for _, n, _ in nearest] == ["a high-pitched beep", "a deep rumble"]
