"""Lesson 04's public helpers refuse bad input with one line that names the argument (issue 15).

Each case is ``(call, expected exception, the argument's name)``; the message must be one line and
name the argument. Below the table, edge inputs that must work: a batch of one, numpy and torch
scalars for numbers, mixed float32/float64 embeddings, stereo clips in either layout.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from refusals import assert_refused
from helpers import clap
from helpers.clap import audio, captions, contrastive, evaluation, media, plots, sounds, widgets

WAVE = np.sin(np.arange(8000) / 5).astype(np.float32) * 0.5
A = F.normalize(torch.randn(4, 8, generator=torch.Generator().manual_seed(0)), dim=-1)
B = F.normalize(torch.randn(4, 8, generator=torch.Generator().manual_seed(1)), dim=-1)
S = (A @ B.T).numpy()
NAN_S = np.where(np.eye(4, dtype=bool), np.nan, S)
INF_S = np.where(np.eye(4, dtype=bool), np.inf, S)
NAN = float("nan")
SMALL_SET = sounds.make_set(1, "test", kinds=["chord", "high tone"])


def _case(call, error, name, id):
    return pytest.param(call, error, name, id=id)


@pytest.fixture(scope="module")
def model():
    return clap.untrained_tiny_clap(text_tower="scratch", embed_dim=16)


CASES = [
    # audio: the sample rate, the channel policy, what a waveform is
    _case(lambda: clap.log_mel(WAVE, 16), ValueError, "sample_rate_hz", "log-mel-khz"),
    _case(lambda: clap.log_mel(WAVE, 44.1), ValueError, "sample_rate_hz", "log-mel-khz-float"),
    _case(lambda: clap.log_mel(WAVE, 60), ValueError, "sample_rate_hz", "log-mel-60-hz"),
    _case(lambda: clap.log_mel(WAVE, 0), ValueError, "sample_rate_hz", "log-mel-zero-rate"),
    _case(lambda: clap.log_mel(WAVE, -16_000), ValueError, "sample_rate_hz", "log-mel-negative-rate"),
    _case(lambda: clap.log_mel(WAVE, 16_000.5), ValueError, "sample_rate_hz", "log-mel-fractional-rate"),
    _case(lambda: clap.log_mel(WAVE, 10**7), ValueError, "sample_rate_hz", "log-mel-huge-rate"),
    _case(lambda: clap.log_mel(WAVE, "16000"), TypeError, "sample_rate_hz", "log-mel-str-rate"),
    _case(lambda: clap.log_mel(WAVE, True), TypeError, "sample_rate_hz", "log-mel-bool-rate"),
    _case(lambda: clap.log_mel(WAVE, NAN), ValueError, "sample_rate_hz", "log-mel-nan-rate"),
    _case(lambda: clap.log_mel(WAVE, 16_000, n_mels=0), ValueError, "n_mels", "log-mel-zero-mels"),
    _case(lambda: clap.log_mel(WAVE, 16_000, n_mels=2.5), TypeError, "n_mels", "log-mel-float-mels"),
    _case(lambda: clap.log_mel(WAVE, 16_000, batch="yes"), TypeError, "batch", "log-mel-str-batch"),
    _case(lambda: clap.log_mel(np.zeros((20, 4000)), 16_000), ValueError, "waveform", "log-mel-20-channels"),
    _case(lambda: clap.log_mel(torch.zeros(9, 9), 16_000), ValueError, "waveform", "log-mel-square-clip"),
    _case(lambda: clap.log_mel(np.zeros((2, 3, 4000)), 16_000), ValueError, "waveform", "log-mel-3d"),
    _case(lambda: clap.log_mel(np.zeros(0), 16_000), ValueError, "waveform", "log-mel-empty"),
    _case(lambda: clap.log_mel(np.array([0.0, np.nan]), 16_000), ValueError, "waveform", "log-mel-nan-sample"),
    _case(lambda: clap.log_mel(torch.tensor([0.0, float("inf")]), 16_000), ValueError, "waveform", "log-mel-inf"),
    _case(lambda: clap.log_mel("a loud beep", 16_000), TypeError, "waveform", "log-mel-str-wave"),
    _case(lambda: clap.log_mel(None, 16_000), TypeError, "waveform", "log-mel-none-wave"),
    _case(lambda: clap.log_mel(0.5, 16_000), TypeError, "waveform", "log-mel-scalar-wave"),
    _case(lambda: clap.log_mel(np.array([1 + 1j, 0j]), 16_000), TypeError, "waveform", "log-mel-complex"),
    _case(lambda: clap.log_mel([[0.1, 0.2], [0.3]], 16_000), ValueError, "waveform", "log-mel-ragged-list"),
    _case(lambda: clap.log_mel(np.zeros((8000, 2)), 16_000, batch=True), ValueError, "waveforms",
          "log-mel-batch-looks-like-channels"),
    _case(lambda: clap.prepare(WAVE, 44.1, 16_000), ValueError, "sample_rate_hz", "prepare-khz"),
    _case(lambda: clap.prepare(WAVE, 44_100, 0), ValueError, "target_rate_hz", "prepare-zero-target"),
    _case(lambda: clap.prepare(None, 16_000, 16_000), TypeError, "waveform", "prepare-none"),
    _case(lambda: audio.duration_s(WAVE, 16), ValueError, "sample_rate_hz", "duration-khz"),
    _case(lambda: audio.resample(WAVE, 16_000, 48), ValueError, "to_hz", "resample-khz"),
    _case(lambda: audio.resample(np.zeros((2, 8000)), 16_000, 8_000), ValueError, "waveform", "resample-stereo"),
    _case(lambda: audio.mel_filterbank(16_000, 0), ValueError, "n_fft", "filterbank-n-fft"),
    _case(lambda: audio.mel_filterbank(16_000, 512, fmax_hz=10_000), ValueError, "fmax_hz", "filterbank-above-nyquist"),
    _case(lambda: audio.frame_settings(16), ValueError, "sample_rate_hz", "frames-khz"),
    # the contrastive loss and what judges it
    _case(lambda: clap.clip_loss(A, B, 0), ValueError, "logit_scale", "loss-zero-scale"),
    _case(lambda: clap.clip_loss(A, B, NAN), ValueError, "logit_scale", "loss-nan-scale"),
    _case(lambda: clap.clip_loss(A, B, "hot"), TypeError, "logit_scale", "loss-str-scale"),
    _case(lambda: clap.clip_loss(A, B, torch.ones(2)), ValueError, "logit_scale", "loss-vector-scale"),
    _case(lambda: clap.clip_loss(A, B[:3], 10.0), ValueError, "batch sizes", "loss-batch-mismatch"),
    _case(lambda: clap.clip_loss(A, B[:, :6], 10.0), ValueError, "widths", "loss-width-mismatch"),
    _case(lambda: clap.clip_loss(A, 2 * B, 10.0), ValueError, "b must be L2-normalised", "loss-unnormalised"),
    _case(lambda: clap.clip_loss(torch.full((4, 8), NAN), B, 10.0), ValueError, "a contains NaN", "loss-nan-a"),
    _case(lambda: clap.clip_loss(A.numpy(), B, 10.0), TypeError, "a must be a torch.Tensor", "loss-numpy-a"),
    _case(lambda: clap.clip_loss(A, torch.ones(4, 8, dtype=torch.long), 10.0), TypeError, "b must hold floats",
          "loss-int-b"),
    _case(lambda: clap.clip_loss(A[:0], B[:0], 10.0), ValueError, "a is empty", "loss-empty"),
    _case(lambda: clap.similarity(A, B[:, :6]), ValueError, "widths", "similarity-widths"),
    _case(lambda: clap.similarity(A, torch.full((4, 8), NAN)), ValueError, "b contains NaN", "similarity-nan"),
    _case(lambda: clap.softmax_rows(NAN_S, 0.1), ValueError, "similarity_matrix", "softmax-nan"),
    _case(lambda: clap.softmax_rows(INF_S, 0.1), ValueError, "similarity_matrix", "softmax-inf"),
    _case(lambda: clap.softmax_rows(S, 0), ValueError, "temperature", "softmax-zero-temperature"),
    _case(lambda: clap.softmax_rows(S, -1), ValueError, "temperature", "softmax-negative-temperature"),
    _case(lambda: clap.softmax_rows(S, "hot"), TypeError, "temperature", "softmax-str-temperature"),
    _case(lambda: clap.softmax_rows("matrix", 0.1), TypeError, "similarity_matrix", "softmax-str-matrix"),
    _case(lambda: clap.softmax_rows(np.zeros((0, 3)), 0.1), ValueError, "similarity_matrix", "softmax-empty"),
    _case(lambda: clap.recall_at_k(S, 0), ValueError, "k", "recall-zero-k"),
    _case(lambda: clap.recall_at_k(S, 5), ValueError, "k", "recall-k-above-n"),
    _case(lambda: clap.recall_at_k(S, 1.5), TypeError, "k", "recall-float-k"),
    _case(lambda: clap.recall_at_k(NAN_S, 1), ValueError, "similarity", "recall-nan"),
    _case(lambda: clap.recall_at_k(np.zeros((2, 3)), 1), ValueError, "similarity", "recall-not-square"),
    _case(lambda: contrastive.diagonal_means(NAN_S), ValueError, "similarity", "diagonal-nan"),
    _case(lambda: contrastive.LogitScale(init=0), ValueError, "init", "logit-scale-init"),
    # sounds and captions
    _case(lambda: clap.synthesize("violin", 440, 1.0), ValueError, "kind", "synth-kind"),
    _case(lambda: clap.synthesize(["high tone"], 440, 1.0), ValueError, "kind", "synth-list-kind"),
    _case(lambda: clap.synthesize("high tone", 440, -1), ValueError, "duration_s", "synth-negative-duration"),
    _case(lambda: clap.synthesize("high tone", 440, 5.0), ValueError, "duration_s", "synth-long-duration"),
    _case(lambda: clap.synthesize("high tone", 440, 1.0, peak=2), ValueError, "peak", "synth-peak"),
    _case(lambda: clap.synthesize("high tone", 440, 1.0, noise=-0.1), ValueError, "noise", "synth-noise"),
    _case(lambda: clap.synthesize("high tone", 440, 1.0, sample_rate_hz=16), ValueError, "sample_rate_hz",
          "synth-khz"),
    _case(lambda: clap.synthesize("high tone", "loud", 1.0), TypeError, "parameter", "synth-str-parameter"),
    _case(lambda: clap.synthesize("high tone", 440, 1.0, seed=-1), ValueError, "seed", "synth-negative-seed"),
    _case(lambda: clap.make_set(0), ValueError, "per_kind", "set-zero"),
    _case(lambda: clap.make_set(1.5), TypeError, "per_kind", "set-float"),
    _case(lambda: clap.make_set(2, split="dev"), ValueError, "split", "set-split"),
    _case(lambda: clap.caption("violin", True, True), ValueError, "kind", "caption-kind"),
    _case(lambda: clap.caption("chord", True, True, split="dev"), ValueError, "split", "caption-split"),
    _case(lambda: clap.prompts("dev"), ValueError, "split", "prompts-split"),
    _case(lambda: clap.prompts(["test"]), ValueError, "split", "prompts-list-split"),
    _case(lambda: captions.phrases(3), ValueError, "kind", "phrases-int-kind"),
    # widgets' plain functions
    _case(lambda: widgets.temperature_view(np.zeros((2, 3)), 0.1), ValueError, "similarity", "view-not-square"),
    _case(lambda: widgets.temperature_view(NAN_S, 0.1), ValueError, "similarity", "view-nan"),
    _case(lambda: widgets.temperature_view(S, 0), ValueError, "temperature", "view-zero-temperature"),
    _case(lambda: widgets.design_sound("violin"), ValueError, "kind", "design-kind"),
    _case(lambda: widgets.design_sound("high tone", 5), ValueError, "pitch_hz", "design-low-pitch"),
    _case(lambda: widgets.design_sound("high tone", "high"), TypeError, "pitch_hz", "design-str-pitch"),
    _case(lambda: widgets.design_sound("high tone", 440, loud="yes"), TypeError, "loud", "design-str-loud"),
    _case(lambda: widgets.design_sound("high tone", 440, duration_s=0), ValueError, "duration_s", "design-duration"),
    _case(lambda: media.wav_bytes(WAVE, 16), ValueError, "sample_rate_hz", "wav-khz"),
    _case(lambda: plots.waveform_and_mel(WAVE, 16, np.zeros((64, 10))), ValueError, "sample_rate_hz", "plot-wave-khz"),
    _case(lambda: plots.similarity_heatmap(np.zeros(3)), ValueError, "similarity", "plot-heatmap-1d"),
    _case(lambda: plots.temperature_softmax(np.zeros(3), [0.1], match=5), ValueError, "match", "plot-softmax-match"),
    _case(lambda: plots.mel_gallery([np.zeros((64, 10))], ["a"], columns=0), ValueError, "columns", "plot-gallery"),
    _case(lambda: media.mel_png(WAVE, 16_000, scale=0), ValueError, "scale", "png-scale"),
    _case(lambda: clap.untrained_tiny_clap(text_tower="gpt"), ValueError, "text_tower", "untrained-tower"),
    _case(lambda: evaluation.nearest_phrases([3], ["a hum"]), TypeError, "queries", "nearest-int-query"),
    _case(lambda: evaluation.nearest_phrases(["a hum"], []), ValueError, "candidates", "nearest-no-candidates"),
    _case(lambda: clap.untrained_tiny_clap(embed_dim=0), ValueError, "embed_dim", "untrained-dim"),
    _case(lambda: clap.untrained_tiny_clap(sample_rate_hz=16), ValueError, "sample_rate_hz", "untrained-khz"),
    _case(lambda: clap.train_tiny_clap([1, 2], progress=False), TypeError, "train_set", "train-list"),
    _case(lambda: clap.train_tiny_clap(SMALL_SET, epochs=0, progress=False), ValueError, "epochs", "train-epochs"),
    _case(lambda: clap.train_tiny_clap(SMALL_SET, batch_size=1, progress=False), ValueError, "batch_size",
          "train-batch"),
    _case(lambda: clap.train_tiny_clap(SMALL_SET, lr=-1, progress=False), ValueError, "lr", "train-lr"),
    _case(lambda: clap.train_tiny_clap(SMALL_SET.subset([0]), progress=False), ValueError, "train_set", "train-one"),
    _case(lambda: SMALL_SET.first_of_each_kind(0), ValueError, "n", "first-of-each-zero"),
]

MODEL_CASES = [
    _case(lambda m: clap.rank_captions(m, WAVE, 16_000, []), ValueError, "captions", "rank-no-captions"),
    _case(lambda m: clap.rank_captions(m, WAVE, 16_000, ["a beep", "a beep"]), ValueError, "duplicate", "rank-dup"),
    _case(lambda m: clap.rank_captions(m, WAVE, 16, ["a beep"]), ValueError, "sample_rate_hz", "rank-khz"),
    _case(lambda m: clap.rank_captions(m, np.zeros((20, 4000)), 16_000, ["a"]), ValueError, "waveform", "rank-2d"),
    _case(lambda m: clap.rank_captions(m, WAVE, 16_000, [3]), TypeError, "captions", "rank-int-caption"),
]


@pytest.mark.parametrize("call, error, name", CASES)
def test_bad_input_is_refused_in_one_line_that_names_the_argument(call, error, name):
    assert_refused(call, error, name)


@pytest.mark.parametrize("call, error, name", MODEL_CASES)
def test_bad_input_to_a_model_is_refused_in_one_line(model, call, error, name):
    assert_refused(lambda: call(model), error, name)


# --- edge inputs that must work -------------------------------------------------------------------------------

@pytest.mark.parametrize("rate", [np.int64(16_000), torch.tensor(16_000), 16_000.0, np.float32(16_000)])
def test_numpy_and_torch_scalars_and_whole_floats_are_sample_rates(rate):
    assert clap.log_mel(WAVE, rate).shape == clap.log_mel(WAVE, 16_000).shape
    assert audio.duration_s(WAVE, rate) == pytest.approx(0.5)


def test_numpy_and_torch_scalars_elsewhere():
    assert clap.recall_at_k(S, np.int64(2)) == clap.recall_at_k(S, 2)
    assert torch.allclose(clap.softmax_rows(S, np.float32(0.5)), clap.softmax_rows(S, torch.tensor(0.5)))
    assert float(clap.clip_loss(A, B, np.float64(10.0))) == pytest.approx(float(clap.clip_loss(A, B, 10.0)), rel=1e-5)
    assert len(clap.synthesize("high tone", np.float32(440), torch.tensor(0.5), seed=np.int64(3))) > 0
    assert len(clap.make_set(np.int64(1), kinds=["chord"])) == 1


def test_float32_with_float64_embeddings_promote_instead_of_raising():
    mixed = clap.clip_loss(A, B.double(), 10.0)
    assert mixed.dtype == torch.float64
    assert float(mixed) == pytest.approx(float(clap.clip_loss(A, B, 10.0)), rel=1e-5)
    assert clap.similarity(A.double(), B).dtype == torch.float64


def test_a_batch_of_one_pair_and_a_one_by_one_similarity():
    assert float(clap.clip_loss(A[:1], B[:1], 10.0)) == pytest.approx(0.0, abs=1e-6)   # one pair: nothing to confuse
    assert clap.recall_at_k(np.ones((1, 1)), 1) == 1.0
    assert torch.allclose(clap.softmax_rows(np.ones((1, 1)), 0.1), torch.ones(1, 1))


def test_a_batch_of_one_clip_and_stereo_torch_is_one_clip():
    assert clap.log_mel(WAVE, 16_000, batch=True).shape[0] == 1
    stereo = torch.from_numpy(np.stack([WAVE, WAVE]))
    assert clap.log_mel(stereo, 16_000).ndim == 2                    # one clip, not a batch of two
    assert torch.allclose(clap.log_mel(stereo.T, 16_000), clap.log_mel(WAVE, 16_000), atol=1e-4)


def test_one_caption_ranks_with_probability_one(model):
    (caption, probability), = clap.rank_captions(model, WAVE, np.int64(16_000), "a short beep")
    assert caption == "a short beep" and probability == pytest.approx(1.0)
