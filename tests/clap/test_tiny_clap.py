"""helpers.clap.tiny_clap: the model's classes, shapes and unit vectors, its caption checks."""

import pickle

import pytest
import torch

from helpers.clap import sounds, tiny_clap, training


def test_shapes_and_unit_vectors():
    model = training.untrained_tiny_clap("scratch", seed=0)
    waves = sounds.make_set(1, "train").waveforms[:3]
    a = model.encode_audio(waves)
    t = model.encode_text(["a hiss", "a low hum", "a low hum"])      # duplicates are fine for encoding
    assert a.shape == (3, tiny_clap.EMBED_DIM) and t.shape == (3, tiny_clap.EMBED_DIM)
    assert torch.allclose(a.norm(dim=-1), torch.ones(3), atol=1e-5)
    assert torch.allclose(t[1], t[2])
    assert tiny_clap.audio_features(waves, sounds.SAMPLE_RATE_HZ).shape == (3, 1, 64, 151)


def test_model_is_built_from_its_config_with_module_level_classes():
    config = tiny_clap.TinyCLAPConfig("minilm", embed_dim=32)
    model = tiny_clap.TinyCLAP(config)
    assert isinstance(model.audio_encoder, tiny_clap.AudioEncoder)
    assert isinstance(model.text_encoder, tiny_clap.FrozenMiniLMTower)
    assert model.text_tower_kind == "minilm" and model.sample_rate_hz == 16_000
    assert model.logit_scale == pytest.approx(1 / 0.07, rel=1e-5)
    assert "temperature.parameter" in dict(model.named_parameters())      # saved and optimised with the rest
    copy = pickle.loads(pickle.dumps(model))
    mel = torch.zeros(2, 1, 64, 151)
    assert torch.equal(copy.eval().encode_audio_features(mel), model.eval().encode_audio_features(mel))
    assert copy.encode_audio_features(mel).shape == (2, 32)
    with pytest.raises(ValueError, match="text_tower"):
        tiny_clap.TinyCLAPConfig("gpt")


def test_check_captions():
    assert tiny_clap.check_captions(" a hiss ") == ["a hiss"]
    assert tiny_clap.check_captions(["a", "a"], allow_duplicates=True) == ["a", "a"]
    with pytest.raises(ValueError, match="duplicate"):
        tiny_clap.check_captions(["a hiss", "a hiss"])
    with pytest.raises(ValueError, match="non-empty"):
        tiny_clap.check_captions(["a hiss", "  "])
    with pytest.raises(TypeError, match="captions"):
        tiny_clap.check_captions([1, 2])
