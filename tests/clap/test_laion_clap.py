"""helpers.clap.laion_clap and the LAION-CLAP checkpoint path, with the real architecture built offline."""

import numpy as np
import pytest
import torch

from helpers.clap import laion_clap
from helpers.core import clap_weights, pretrained


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
    stages = laion_clap.htsat_stages(steps).splitlines()
    assert len(stages) == 5 and stages[0].startswith("patch_embed") and "4,096 tokens" in stages[0]
    assert "768 channels" in stages[-1] and "fewer tokens" in stages[1]
    with pytest.raises(ValueError, match="caption"):
        laion_clap.walk(model, config, clip, rate, "  ")
    _, _, lone = laion_clap.walk(model, config, clip, rate, "a \ud800 tone\x00")   # the one text policy: U+FFFD
    assert torch.isfinite(lone).all()


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
        clap_weights.load_clap_weights(model, path)
        assert float(model.logit_scale_a.detach()) == pytest.approx(4.2)
    finally:
        with torch.no_grad():
            model.logit_scale_a.copy_(original)


def test_offline_pretrained_path_fails_fast(monkeypatch):
    monkeypatch.setenv("FIVEQ_OFFLINE", "1")
    weights = pretrained.try_load(clap_weights.clap_model)
    assert not weights.available          # FIVEQ_OFFLINE=1 reads neither the hub nor the local cache
    assert "FIVEQ_OFFLINE=1" in weights.reason and "LAION-CLAP" in weights.reason


class _TinyRobertaClap(torch.nn.Module):
    """laion_clap's CLAP text path (its own encode_text / get_text_embedding) over a tiny random RoBERTa."""

    text_branch_type = "roberta"

    def __init__(self):
        super().__init__()
        from transformers import RobertaConfig, RobertaModel

        torch.manual_seed(0)
        self.text_branch = RobertaModel(RobertaConfig(vocab_size=40, hidden_size=16, num_hidden_layers=2,
                                                      num_attention_heads=2, intermediate_size=32,
                                                      max_position_embeddings=80, pad_token_id=1)).eval()
        self.text_projection = torch.nn.Linear(16, 8)

    def encode_text(self, text, device):
        from laion_clap.clap_module.model import CLAP

        return CLAP.encode_text(self, text, device)

    def get_text_embedding(self, data):
        from laion_clap.clap_module.model import CLAP

        return CLAP.get_text_embedding(self, data)


class _StubClapModule:
    """What ``pretrained_zero_shot`` uses of a ``CLAP_Module``: its tokenizer, its model, its audio embedding."""

    def __init__(self):
        import string

        from transformers import RobertaTokenizerFast

        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        vocab.update({ch: 4 + i for i, ch in enumerate(string.ascii_lowercase + "Ġ-")})
        vocab["<mask>"] = len(vocab)
        self.tokenize = RobertaTokenizerFast(vocab=vocab, merges=[])   # one token per character
        self.model = _TinyRobertaClap()

    def get_audio_embedding_from_data(self, clips, use_tensor=False):
        assert clips.shape[1:] == (laion_clap.CLIP_SAMPLES,)
        return np.random.default_rng(0).normal(size=(len(clips), 8)).astype(np.float32)


def test_text_embeddings_padded_to_the_longest_equal_laion_claps_77():
    module = _StubClapModule()
    texts = ["a tone", "a shrill tone that is faint and quick", "static"]
    ours = laion_clap.text_embeddings(module, texts)
    full = module.tokenize(texts, padding="max_length", truncation=True, max_length=77, return_tensors="pt")
    with torch.no_grad():
        theirs = module.model.get_text_embedding(dict(full))   # what laion_clap's get_text_embedding does
    assert ours.shape == (3, 8)
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=1e-5)
    assert laion_clap.text_embeddings(module, ["a \ud800 tone", "\x00"]).shape == (2, 8)
    with pytest.raises(TypeError, match="texts"):
        laion_clap.text_embeddings(module, [3])
    torch.testing.assert_close(ours.norm(dim=-1), torch.ones(3))


def test_pretrained_zero_shot_batches_every_prompt_once():
    from helpers.clap import sounds

    sound_set = sounds.make_set(4, "test", seed=1, kinds=["high tone", "low tone"])
    prompts = {"high tone": ["a shrill tone", "a whistle"], "low tone": ["a deep drone"]}
    zs = laion_clap.pretrained_zero_shot(_StubClapModule(), sound_set, prompts)
    assert zs.prompts == 3 and zs.tokens == (3, len("a shrill tone") + 2)   # <s> ... </s>, no padding to 77
    assert zs.result.class_names == ["high tone", "low tone"] and len(zs.result.predictions) == len(sound_set)
    assert zs.seconds_audio >= 0 and zs.seconds_text >= 0


def test_checkpoint_size_is_fp32_bytes_of_the_parameters():
    assert laion_clap.checkpoint_size(torch.nn.Linear(1000, 1000)) == "1 M parameters, about 4 MB in fp32"

