"""helpers.clap.laion_clap and the LAION-CLAP checkpoint path, with the real architecture built offline."""

import numpy as np
import pytest
import torch

from helpers.clap import laion_clap
from helpers.core import pretrained


@pytest.fixture(scope="module")
def built():
    return laion_clap.build_offline()


def test_architecture_sizes(built):
    model, config = built
    counts = laion_clap.parameter_counts(model)
    assert 90e6 < counts["total"] < 100e6
    assert sum(v for k, v in counts.items() if k != "total") == counts["total"]
    assert config["audio_cfg"]["sample_rate"] == 48_000 and config["audio_cfg"]["clip_samples"] == 480_000
    assert model.joint_embed_shape == 512
    assert float(model.logit_scale_a.detach().exp()) == pytest.approx(1 / 0.07, rel=1e-5)
    described = laion_clap.describe(model, config).splitlines()
    assert len(described) == len(counts) + 1 and described[-1].startswith("audio: 48000 Hz, 480,000 samples = 10 s")
    assert f"{counts['total'] / 1e6:7.1f} M parameters" in described[len(counts) - 1]


def test_walk_reaches_the_joint_space(built):
    model, config = built
    rate = 16_000
    clip = (0.3 * np.sin(2 * np.pi * 440 * np.arange(rate * 2) / rate)).astype(np.float32)
    steps, a, t = laion_clap.walk(model, config, np.stack([clip, clip]), rate, "a tone")
    assert a.shape == (1, 512) and t.shape == (1, 512)
    assert torch.allclose(a.norm(dim=-1), torch.ones(1), atol=1e-5)
    shapes = {s.stage: s.shape for s in steps}
    assert shapes["input waveform"] == (480_000,)
    assert shapes["logmel_extractor"][-1] == 64
    assert shapes["CLIP BPE token ids"] == (1, 77)
    with pytest.raises(ValueError, match="caption"):
        laion_clap.walk(model, config, clip, rate, "  ")


def test_fit_clip_repeats_short_and_cuts_long():
    short = np.ones(48_000, np.float32)
    assert laion_clap.fit_clip(short, 48_000).shape == (480_000,)
    assert laion_clap.fit_clip(np.ones(1_000_000, np.int16), 48_000).shape == (480_000,)


def test_checkpoint_with_stale_position_ids_loads(built, tmp_path):
    model, _ = built
    state = {k: v.clone() for k, v in model.state_dict().items()}
    state["text_branch.embeddings.position_ids"] = torch.arange(77)[None]   # what pre-4.31 checkpoints carry
    state["logit_scale_a"] = torch.tensor(4.2)
    path = tmp_path / "clap.pt"
    torch.save({"state_dict": {"module." + k: v for k, v in state.items()}}, path)
    with pytest.raises(RuntimeError, match="position_ids"):
        model.load_state_dict(state, strict=True)           # the failure newer transformers users hit
    original = model.logit_scale_a.detach().clone()
    try:
        pretrained.load_clap_weights(model, path)
        assert float(model.logit_scale_a) == pytest.approx(4.2)
    finally:
        with torch.no_grad():
            model.logit_scale_a.copy_(original)


def test_offline_pretrained_path_fails_fast(monkeypatch):
    monkeypatch.setenv("FIVEQ_OFFLINE", "1")
    weights = pretrained.try_load(pretrained.clap_model)
    assert not weights.available          # FIVEQ_OFFLINE=1 reads neither the hub nor the local cache
    assert "FIVEQ_OFFLINE=1" in weights.reason and "LAION-CLAP" in weights.reason
