"""Lesson 04's machinery: Whisper tiny.en, connector, feature probes, video frames."""

import numpy as np
import pytest
import torch

from helpers.encoders import connector
from helpers.core import probes
from helpers.encoders import video
from helpers.encoders import token_counts as encoders


# ---------------------------------------------------------------- Whisper tiny.en (real pretrained encoder)

whisper = pytest.importorskip("helpers.encoders.whisper")
ctranslate2 = pytest.importorskip("ctranslate2")


def _tone(freq_hz, seconds=1.0, rate=16_000):
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def test_whisper_log_mel_shapes_and_padding():
    clip = _tone(440, 1.5)
    assert whisper.log_mel(clip).shape == (1, 80, 3000)
    short = whisper.log_mel(clip, pad_to_window=False)
    assert short.shape == (1, 80, 150)
    # the clip's own frames are the same with or without the padding, except at the very end
    assert np.abs(whisper.log_mel(clip)[:, :, :140] - short[:, :, :140]).max() < 0.05


def test_whisper_features_are_deterministic_and_distinguish_sounds():
    batch = np.stack([_tone(300), _tone(310), np.random.default_rng(0).normal(0, 0.1, 16_000).astype(np.float32)])
    f1 = whisper.clip_features(batch)
    f2 = whisper.clip_features(batch)
    assert f1.shape == (3, 384)
    assert np.allclose(f1, f2)
    sim = probes.cosine_matrix(f1, f1)
    assert sim[0, 1] > sim[0, 2]          # two close tones are nearer each other than to noise


def test_whisper_rejects_wrong_rate_and_shape():
    with pytest.raises(ValueError, match="16000 Hz"):
        whisper.log_mel(_tone(440), sample_rate_hz=44_100)
    with pytest.raises(ValueError, match="expected waveforms"):
        whisper.log_mel(np.zeros((2, 3, 4000), np.float32))
    with pytest.raises(ValueError, match="expected waveforms"):
        whisper.log_mel(np.zeros(100, np.float32))


def test_whisper_model_is_the_pretrained_tiny_en():
    model = whisper.load()
    assert not model.is_multilingual          # tiny.en is English-only
    assert model.n_mels == 80


# ---------------------------------------------------------------- connector

def test_digit_captions_train_and_test_wordings_differ():
    train, test = connector.digit_captions("train"), connector.digit_captions("test")
    assert len(train) == len(test) == 10
    assert train[7][0] == "a handwritten seven"
    assert not set(sum(train, [])) & set(sum(test, []))
    with pytest.raises(ValueError):
        connector.digit_captions("val")


def test_build_projector_shapes_and_bad_input():
    x = torch.randn(5, 64)
    assert connector.build_projector("linear", 64, 384)(x).shape == (5, 384)
    mlp = connector.build_projector("mlp", 64, 384)
    assert mlp(x).shape == (5, 384)
    assert isinstance(mlp[1], torch.nn.GELU)
    with pytest.raises(ValueError, match="linear, mlp"):
        connector.build_projector("transformer", 64, 384)
    with pytest.raises(ValueError, match="in_dim"):
        connector.build_projector("linear", 0, 384)


def test_llava_projector_parameter_count_matches_the_formula():
    p = connector.llava_projector()
    assert connector.parameter_count(p) == (1024 * 4096 + 4096) + (4096 * 4096 + 4096)


def test_llava_shapes_on_meta():
    shapes = connector.llava_shapes(prompt_tokens=7)
    assert shapes["visual features"] == (1, 576, 1024)
    assert shapes["visual tokens"] == (1, 576, 4096)
    assert shapes["LLM input"] == (1, 583, 4096)
    assert 300e6 < shapes["encoder parameters"][0] < 310e6
    with pytest.raises(ValueError):
        connector.llava_shapes(prompt_tokens=-1)


def _clustered(n_per_class=30, classes=10, dim=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(classes, dim, generator=g) * 3
    labels = torch.arange(classes).repeat_interleave(n_per_class)
    return centres[labels] + torch.randn(len(labels), dim, generator=g), labels


def test_train_connector_learns_a_map_into_a_frozen_space():
    feats, labels = _clustered(n_per_class=40)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    tr, te = order[:300], order[300:]
    g = torch.Generator().manual_seed(2)
    centres = torch.randn(10, 1, 32, generator=g)                   # three wordings per class, near one centre
    targets = torch.nn.functional.normalize(centres + 0.3 * torch.randn(10, 3, 32, generator=g), dim=-1)
    class_text = torch.nn.functional.normalize(targets.mean(1), dim=-1)
    before = connector.retrieval_accuracy(connector.build_projector("linear", 16, 32), feats[te], labels[te], class_text)
    run = connector.train_connector("linear", feats[tr], labels[tr], targets, feats[te], labels[te], class_text,
                                    epochs=15, progress=False)
    assert before < 0.4 and run.test_accuracy[-1] > 0.9
    assert run.losses[-1] < run.losses[0]
    again = connector.train_connector("linear", feats[tr], labels[tr], targets, epochs=2, progress=False)
    again2 = connector.train_connector("linear", feats[tr], labels[tr], targets, epochs=2, progress=False)
    assert torch.equal(again.projector.weight, again2.projector.weight)     # seeded


def test_train_connector_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="train_features"):
        connector.train_connector("linear", torch.randn(5, 4), torch.zeros(4, dtype=torch.long), torch.randn(2, 1, 3))
    with pytest.raises(ValueError, match="caption_targets"):
        connector.train_connector("linear", torch.randn(5, 4), torch.zeros(5, dtype=torch.long), torch.randn(2, 3))


def test_caption_embeddings_put_test_wordings_nearest_their_own_digit():
    test = connector.class_text_embeddings("test")
    train = connector.class_text_embeddings("train")
    assert test.shape == (10, 384)
    assert torch.equal((test @ train.T).argmax(1), torch.arange(10))


# ---------------------------------------------------------------- probes

def test_nearest_neighbour_accuracy_against_sklearn():
    from sklearn.neighbors import NearestNeighbors

    feats, labels = _clustered(n_per_class=10, dim=8)
    feats = (feats + 2.0 * torch.randn(feats.shape, generator=torch.Generator().manual_seed(3))).numpy()
    ours = probes.nearest_neighbour_accuracy(feats, labels)
    # the two nearest points by cosine distance: the point itself, then its nearest other point
    _, index = NearestNeighbors(n_neighbors=2, metric="cosine").fit(feats).kneighbors(feats)
    reference = float((labels.numpy()[index[:, 1]] == labels.numpy()).mean())
    assert ours == pytest.approx(reference)
    assert 0.2 < ours < 1.0          # noisy enough that the check is not trivially 100%


def test_probes_chance_and_structure():
    feats, labels = _clustered()
    assert probes.nearest_neighbour_accuracy(feats, labels) > 0.95
    noise = np.random.default_rng(0).standard_normal((300, 16))
    assert probes.nearest_neighbour_accuracy(noise, labels) < 0.25
    assert probes.chance_accuracy(labels) == pytest.approx(0.1)
    assert probes.chance_accuracy([0, 0, 0, 1]) == pytest.approx(0.75 ** 2 + 0.25 ** 2)


def test_pca_2d_finds_the_main_direction():
    rng = np.random.default_rng(0)
    x = np.zeros((200, 5))
    x[:, 3] = rng.normal(0, 10, 200)
    x[:, 1] = rng.normal(0, 1, 200)
    xy = probes.pca_2d(x, normalise=False)
    assert xy.shape == (200, 2)
    assert abs(np.corrcoef(xy[:, 0], x[:, 3])[0, 1]) > 0.99
    assert probes.pca_2d(np.ones((4, 1))).shape == (4, 2)


def test_cross_modal_accuracy_needs_one_space():
    a = np.eye(3)
    assert probes.cross_modal_accuracy(a, [0, 1, 2], a, [0, 1, 2]) == 1.0
    assert probes.cross_modal_accuracy(a, [0, 1, 2], a[[1, 2, 0]], [0, 1, 2]) == 0.0
    with pytest.raises(ValueError, match="one space"):
        probes.cross_modal_accuracy(np.eye(3), [0, 1, 2], np.eye(4)[:3], [0, 1, 2])
    with pytest.raises(ValueError, match="labels"):
        probes.nearest_neighbour_accuracy(np.eye(3), [0, 1])
    with pytest.raises(ValueError, match="features"):
        probes.nearest_neighbour_accuracy(np.ones(3), [0, 1, 2])


# ---------------------------------------------------------------- video

def test_pan_video_moves_and_sampling_is_even():
    clip = video.pan_video(frames=6, size=32)
    assert clip.shape == (6, 3, 32, 32)
    assert 0 <= clip.min() and clip.max() <= 1
    assert not torch.allclose(clip[0], clip[-1])
    assert video.sample_frame_indices(32, 8).tolist() == [2, 6, 10, 14, 18, 22, 26, 30]
    assert video.sample_frame_indices(5, 5).tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        video.sample_frame_indices(4, 8)
    with pytest.raises(ValueError):
        video.pan_video(frames=0)


def test_counting_videos_count_up_and_down():
    labels = torch.arange(10).repeat(3)
    images = labels.float().view(-1, 1, 1, 1).expand(-1, 1, 8, 8).clone()    # each image "shows" its digit value
    clips, direction, start = video.counting_videos(images, labels, 5, frames=4, seed=0)
    assert clips.shape == (10, 4, 1, 8, 8)
    shown = clips[:, :, 0, 0, 0]
    steps = shown[:, 1:] - shown[:, :-1]
    assert torch.all(steps[direction == 0] == 1) and torch.all(steps[direction == 1] == -1)
    assert torch.all(shown.min(1).values == start.float())
    with pytest.raises(ValueError):
        video.counting_videos(images, labels, 5, frames=11)
    with pytest.raises(ValueError, match="every digit"):
        video.counting_videos(images[:5], labels[:5], 2)


def test_encode_frames_and_pooling_shapes_agree_with_the_formula():
    clips = torch.rand(2, 3, 1, 8, 8)
    tokens = video.encode_frames(lambda x: torch.randn(len(x), 17, 6), clips)
    assert tokens.shape == (2, 3, 17, 6)
    assert video.pool_video_tokens(tokens, "keep all tokens").shape == \
        (2, encoders.video_token_count(3, 8, 2, cls_token=True), 6)
    assert video.pool_video_tokens(tokens, "mean over time").shape == (2, 17, 6)
    assert torch.equal(video.pool_video_tokens(tokens, "one vector per frame"), tokens[:, :, 0])
    assert torch.allclose(video.pool_video_tokens(tokens, "one vector per frame", class_token=False), tokens.mean(2))
    with pytest.raises(ValueError, match="known"):
        video.pool_video_tokens(tokens, "max")
    with pytest.raises(ValueError):
        video.encode_frames(lambda x: x, torch.rand(2, 3, 8, 8))


def test_mean_over_time_forgets_order_but_frames_in_order_do_not():
    tokens = torch.randn(1, 4, 17, 6)
    reversed_ = tokens.flip(1)
    assert torch.allclose(video.pool_video_tokens(tokens, "mean over time"),
                          video.pool_video_tokens(reversed_, "mean over time"), atol=1e-6)
    assert not torch.allclose(video.pool_video_tokens(tokens, "one vector per frame"),
                              video.pool_video_tokens(reversed_, "one vector per frame"))


def _tiny_clip():
    from transformers import CLIPConfig, CLIPModel

    config = CLIPConfig(text_config=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                                         vocab_size=100, max_position_embeddings=16, bos_token_id=0, eos_token_id=2,
                                         pad_token_id=1),
                        vision_config=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                           num_attention_heads=2, image_size=64, patch_size=16), projection_dim=24)
    return CLIPModel(config).eval()


def _toy_tokenizer(texts, padding=True, return_tensors="pt"):
    ids = [[0] + [3 + (ord(c) % 90) for c in t[:10]] + [2] for t in texts]
    width = max(len(i) for i in ids)
    return {"input_ids": torch.tensor([i + [1] * (width - len(i)) for i in ids]),
            "attention_mask": torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i in ids])}


def test_clip_image_tokens_shapes_on_the_b32_architecture():
    model = video.clip_vit_b32_random()
    pooled, tokens = video.clip_image_tokens(model, torch.rand(2, 3, 224, 224))
    assert pooled.shape == (2, 512)
    assert tokens.shape == (2, encoders.visual_token_count(224, 32), 768)


def test_pretrained_path_loads_a_local_clip_checkpoint_and_ranks_prompts(tmp_path):
    from helpers.core import pretrained

    _tiny_clip().save_pretrained(tmp_path / "clip")
    weights = pretrained.try_load(pretrained.hf_model, str(tmp_path / "clip"), "CLIPModel")
    assert weights.available
    pooled, tokens = video.clip_image_tokens(weights.model, torch.rand(3, 3, 64, 64))
    assert pooled.shape == (3, 24) and tokens.shape == (3, encoders.visual_token_count(64, 16), 32)
    probs = video.clip_prompt_probabilities(weights.model, _toy_tokenizer, torch.rand(3, 3, 64, 64),
                                            ["a photo of a cat", "a rocket", "a man"])
    assert probs.shape == (3, 3)
    assert torch.allclose(probs.sum(1), torch.ones(3))
    with pytest.raises(ValueError, match="prompts"):
        video.clip_prompt_probabilities(weights.model, _toy_tokenizer, torch.rand(1, 3, 64, 64), [])
