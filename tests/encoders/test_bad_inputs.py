"""Lesson 05's public helpers refuse bad input with one line that names the argument (issue 15).

Each case is ``(call, expected exception, the argument's name)``; the message must be one line and
name the argument. Below the table, edge inputs that must work: numpy and torch scalars, a batch of
one, a stereo clip mixed to mono before Whisper, the calculator's plain function showing an error.
"""

import numpy as np
import pytest
import torch

from refusals import assert_refused
from helpers import encoders
from helpers.encoders import captioner, clip_image, high_resolution, resampler, verdicts, video, whisper, widgets

WAVE = np.sin(np.arange(16_000) / 5).astype(np.float32) * 0.5
NAN = float("nan")


def _case(call, error, name, id):
    return pytest.param(call, error, name, id=id)


CASES = [
    _case(lambda: encoders.visual_token_count(-224, 14), ValueError, "image_size", "visual-negative-size"),
    _case(lambda: encoders.visual_token_count(0, 14), ValueError, "image_size", "visual-zero-size"),
    _case(lambda: encoders.visual_token_count(224, 0), ValueError, "patch_size", "visual-zero-patch"),
    _case(lambda: encoders.visual_token_count(224, -14), ValueError, "patch_size", "visual-negative-patch"),
    _case(lambda: encoders.visual_token_count(224, 15), ValueError, "patch_size", "visual-not-dividing"),
    _case(lambda: encoders.visual_token_count((224,), 14), ValueError, "image_size", "visual-one-side"),
    _case(lambda: encoders.visual_token_count("224", 14), TypeError, "image_size", "visual-str-size"),
    _case(lambda: encoders.visual_token_count((224, -14), 14), ValueError, "image_size", "visual-negative-width"),
    _case(lambda: encoders.visual_token_count(224.0, 14), TypeError, "image_size", "visual-float-size"),
    _case(lambda: encoders.visual_token_count(224, True), TypeError, "patch_size", "visual-bool-patch"),
    _case(lambda: encoders.patch_grid(224, -14), ValueError, "patch_size", "grid-negative-patch"),
    _case(lambda: encoders.video_token_count(0, 224, 14), ValueError, "frames", "video-zero-frames"),
    _case(lambda: encoders.video_token_count(-3, 224, 14), ValueError, "frames", "video-negative-frames"),
    _case(lambda: encoders.video_token_count(4, 224, 14, tokens_per_frame_after_pooling=10**6), ValueError,
          "tokens_per_frame_after_pooling", "video-pooled-above"),
    _case(lambda: encoders.video_token_count(4, 224, 14, tokens_per_frame_after_pooling=0), ValueError,
          "tokens_per_frame_after_pooling", "video-pooled-zero"),
    _case(lambda: encoders.audio_token_count(-1), ValueError, "duration_s", "audio-negative"),
    _case(lambda: encoders.audio_token_count(0), ValueError, "duration_s", "audio-zero"),
    _case(lambda: encoders.audio_token_count(float("inf")), ValueError, "duration_s", "audio-inf"),
    _case(lambda: encoders.audio_token_count(NAN), ValueError, "duration_s", "audio-nan"),
    _case(lambda: encoders.audio_token_count("ten"), TypeError, "duration_s", "audio-str"),
    _case(lambda: encoders.audio_token_count(10, hop_s=0), ValueError, "hop_s", "audio-zero-hop"),
    _case(lambda: encoders.audio_token_count(10, downsample=0), ValueError, "downsample", "audio-zero-downsample"),
    _case(lambda: encoders.audio_token_count(10, window_s=-30), ValueError, "window_s", "audio-negative-window"),
    _case(lambda: encoders.audio_token_count(10, pool_stride=0), ValueError, "pool_stride", "audio-zero-stride"),
    _case(lambda: encoders.text_token_count(5), TypeError, "text", "text-int"),
    _case(lambda: encoders.text_token_count(None), TypeError, "text", "text-none"),
    _case(lambda: encoders.encoder_spec("nope"), ValueError, "encoder", "spec-unknown"),
    _case(lambda: encoders.encoder_spec("Whisper tiny.en", "image"), ValueError, "image", "spec-wrong-modality"),
    _case(lambda: encoders.encoders_for("smell"), ValueError, "modality", "encoders-for-smell"),
    _case(lambda: encoders.token_count("smell"), ValueError, "modality", "count-smell"),
    _case(lambda: encoders.token_count("image", "nope"), ValueError, "encoder", "count-unknown-encoder"),
    _case(lambda: encoders.token_count("audio", "Whisper tiny.en"), ValueError, "duration_s", "count-no-duration"),
    _case(lambda: encoders.token_count("text"), ValueError, "text", "count-no-text"),
    _case(lambda: encoders.token_budget(frames=0), ValueError, "frames", "budget-zero-frames"),
    _case(lambda: encoders.token_budget(context_window=0), ValueError, "context_window", "budget-zero-window"),
    _case(lambda: encoders.token_budget(context_window=2.5), TypeError, "context_window", "budget-float-window"),
    _case(lambda: encoders.token_budget(frame_pooling="nope"), ValueError, "frame_pooling", "budget-pooling"),
    _case(lambda: encoders.token_budget(text_tokens=-5), ValueError, "text_tokens", "budget-negative-text"),
    _case(lambda: encoders.token_budget(connector="glue"), ValueError, "connector", "budget-connector"),
    _case(lambda: encoders.token_budget(vision_encoder="nope"), ValueError, "encoder", "budget-encoder"),
    _case(lambda: encoders.token_budget(audio_encoder="Whisper tiny.en", audio_s=-1), ValueError, "audio_s",
          "budget-negative-audio"),
    _case(lambda: encoders.anyres_layout(-10, 100), ValueError, "width_px", "anyres-negative-width"),
    _case(lambda: encoders.anyres_layout(100, 0), ValueError, "height_px", "anyres-zero-height"),
    _case(lambda: encoders.anyres_layout(100, 100, tile_px=0), ValueError, "tile_px", "anyres-zero-tile"),
    _case(lambda: encoders.anyres_layout(100, 100, grids=()), ValueError, "grids", "anyres-no-grids"),
    _case(lambda: encoders.caption_loss(encoders.build_projector("linear", 8, 8), torch.zeros(4, 8),
                                        torch.zeros(4, dtype=torch.long), torch.zeros(10, 8), 0), ValueError,
          "temperature", "caption-loss-temperature"),
    _case(lambda: encoders.caption_loss(encoders.build_projector("linear", 8, 8), torch.zeros(4, 8),
                                        torch.zeros(3, dtype=torch.long), torch.zeros(10, 8), 0.1), ValueError,
          "labels", "caption-loss-labels"),
    _case(lambda: encoders.score_features([("a", "b")]), ValueError, "feature_sets", "score-features-pair"),
    _case(lambda: encoders.dynamic_resolution_tokens(0, 100), ValueError, "width_px", "dynamic-zero-width"),
    _case(lambda: encoders.dynamic_resolution_tokens(100, 100, merge=0), ValueError, "merge", "dynamic-zero-merge"),
    _case(lambda: encoders.dynamic_resolution_tokens(100, 100, min_pixels=10, max_pixels=5), ValueError, "max_pixels",
          "dynamic-max-below-min"),
    _case(lambda: high_resolution.patch_positions_needed(336, 0), ValueError, "patch_size", "positions-zero-patch"),
    _case(lambda: encoders.build_projector("glue", 4, 4), ValueError, "kind", "projector-kind"),
    _case(lambda: encoders.build_projector("linear", 0, 4), ValueError, "in_dim", "projector-zero-in"),
    _case(lambda: encoders.build_projector("mlp", 4, 4, hidden_dim=-1), ValueError, "hidden_dim", "projector-hidden"),
    _case(lambda: encoders.llava_shapes(prompt_tokens=-1), ValueError, "prompt_tokens", "llava-negative-prompt"),
    _case(lambda: encoders.llava_shapes(vision_layer=99), ValueError, "vision_layer", "llava-layer"),
    _case(lambda: encoders.llava_projector(vision_width=0), ValueError, "in_dim", "llava-zero-width"),
    _case(lambda: encoders.llava_projector(device="toaster"), ValueError, "device", "llava-device"),
    _case(lambda: whisper.log_mel(WAVE, 44_100), ValueError, "sample_rate_hz", "whisper-44k"),
    _case(lambda: whisper.log_mel(WAVE, 16), ValueError, "sample_rate_hz", "whisper-khz"),
    _case(lambda: whisper.log_mel(WAVE, "16000"), TypeError, "sample_rate_hz", "whisper-str-rate"),
    _case(lambda: whisper.log_mel(np.zeros((16_000, 2), np.float32)), ValueError, "waveforms", "whisper-channels-last"),
    _case(lambda: whisper.log_mel(np.zeros(100, np.float32)), ValueError, "waveforms", "whisper-short"),
    _case(lambda: whisper.log_mel(np.zeros((2, 2, 4000))), ValueError, "waveforms", "whisper-3d"),
    _case(lambda: whisper.log_mel(np.full(4000, np.nan)), ValueError, "waveforms", "whisper-nan"),
    _case(lambda: whisper.log_mel("speech"), TypeError, "waveforms", "whisper-str"),
    _case(lambda: whisper.encode(WAVE, batch_size=0), ValueError, "batch_size", "whisper-zero-batch"),
    _case(lambda: video.sample_frame_indices(10, 0), ValueError, "frames", "frames-zero"),
    _case(lambda: video.sample_frame_indices(0, 4), ValueError, "total_frames", "frames-zero-total"),
    _case(lambda: video.sample_frame_indices(3, 4), ValueError, "frames", "frames-more-than-total"),
    _case(lambda: video.pool_video_tokens(torch.zeros(1, 2, 3, 4), "nope"), ValueError, "pooling", "pool-unknown"),
    _case(lambda: video.pool_video_tokens(torch.zeros(2, 3, 4), "mean over time"), ValueError, "tokens", "pool-3d"),
    _case(lambda: video.pool_video_tokens([1, 2], "mean over time"), ValueError, "tokens", "pool-list"),
    _case(lambda: video.pan_video(frames=0), ValueError, "frames", "pan-zero-frames"),
    _case(lambda: video.pan_video(crop_fraction=1.5), ValueError, "crop_fraction", "pan-crop"),
    _case(lambda: encoders.versus_chance("high", 0.1), TypeError, "score", "chance-str-score"),
    _case(lambda: encoders.versus_chance(0.5, NAN), ValueError, "chance", "chance-nan"),
    _case(lambda: encoders.compare(0.5, "x"), TypeError, "other", "compare-str"),
    _case(lambda: verdicts.compare(0.5, 0.4, tolerance=-1), ValueError, "tolerance", "compare-tolerance"),
    _case(lambda: encoders.Resampler(30, 4, heads=4), ValueError, "heads", "resampler-heads"),
    _case(lambda: encoders.Resampler(32, 0), ValueError, "queries", "resampler-queries"),
    _case(lambda: encoders.GatedCrossAttention(0), ValueError, "width", "gated-width"),
    _case(lambda: resampler.GatedCrossAttention(32, heads=-1), ValueError, "heads", "gated-heads"),
    _case(lambda: captioner.CaptionVocab().encode(5), TypeError, "caption", "vocab-int-caption"),
    _case(lambda: captioner.CaptionVocab().encode("a photo of zebras"), ValueError, "caption", "vocab-unknown-word"),
    _case(lambda: captioner.CaptionVocab().decode([1, 10**6]), ValueError, "ids", "vocab-id-out-of-range"),
    _case(lambda: widgets.token_budget_calculator(frames=0), ValueError, "frames", "calculator-zero-frames"),
    _case(lambda: widgets.token_budget_calculator(context_window=1000), ValueError, "context_window",
          "calculator-window"),
    _case(lambda: widgets.token_budget_calculator(vision_encoder="nope"), ValueError, "vision_encoder",
          "calculator-encoder"),
    _case(lambda: widgets.token_budget_calculator(audio_s=-1), ValueError, "audio_s", "calculator-audio"),
    _case(lambda: clip_image.meta_clip_image_tokens("photo.png"), TypeError, "images", "meta-clip-str"),
    _case(lambda: clip_image.meta_clip_image_tokens(torch.rand(1, 3, 64, 64)), ValueError, "images", "meta-clip-size"),
]


@pytest.mark.parametrize("call, error, name", CASES)
def test_bad_input_is_refused_in_one_line_that_names_the_argument(call, error, name):
    assert_refused(call, error, name)


# --- edge inputs that must work -------------------------------------------------------------------------------

@pytest.mark.parametrize("scalar", [np.int64(14), torch.tensor(14), np.int32(14)])
def test_numpy_and_torch_integers_count_as_numbers(scalar):
    assert encoders.visual_token_count(np.int64(336), scalar) == 576
    assert encoders.visual_token_count((torch.tensor(336), 336), scalar) == 576
    assert encoders.video_token_count(np.int64(2), 336, scalar) == 1152
    assert encoders.audio_token_count(np.float32(30.0)) == encoders.audio_token_count(torch.tensor(30.0)) == 1500
    assert encoders.token_budget(frames=np.int64(2), context_window=np.int64(4096)).vision_tokens == 1152


def test_one_pixel_patches_and_empty_text_work():
    assert encoders.visual_token_count(4, 1) == 16
    assert encoders.text_token_count("") == 2                 # [CLS] [SEP]: an empty prompt still costs two


def test_a_stereo_clip_mixed_by_the_lesson_04_policy_is_one_whisper_clip():
    from helpers.clap.audio import to_mono_float

    stereo = np.stack([WAVE, WAVE])
    assert whisper.log_mel(to_mono_float(stereo), pad_to_window=False).shape[0] == 1
    assert whisper.log_mel(torch.from_numpy(WAVE), pad_to_window=False).shape[0] == 1     # torch as numpy
    assert whisper.log_mel(WAVE, np.int64(16_000), pad_to_window=False).shape == (1, 80, 100)


def test_the_calculators_plain_function_shows_an_error_as_one_line_instead_of_raising():
    html = widgets.budget_for("CLIP ViT-L/14-336 (LLaVA-1.5)", 336, 14, 0, "keep all tokens", "no audio", 0, 0, 4096)
    assert "fiveq-error" in html and "frames" in html and "\n" not in html


def test_numpy_and_torch_scalars_build_the_connectors():
    assert encoders.Resampler(torch.tensor(32), np.int64(4), heads=torch.tensor(4))(torch.zeros(2, 5, 32)).shape == (2, 4, 32)
    assert encoders.build_projector("mlp", np.int64(4), torch.tensor(8))(torch.zeros(1, 4)).shape == (1, 8)


def test_clip_reads_a_channels_last_image_as_channels_last():
    from helpers.encoders import clip_image

    model = clip_image.clip_vit_b32_random(seed=np.int64(0))
    image = torch.rand(1, 3, 224, 224)
    first, _ = clip_image.clip_image_tokens(model, image)
    last, _ = clip_image.clip_image_tokens(model, image.permute(0, 2, 3, 1).numpy())
    assert torch.allclose(first, last, atol=1e-5)
    with pytest.raises(TypeError, match="seed"):
        clip_image.clip_vit_b32_random(seed="0")


def test_caption_generation_is_bounded_by_what_the_language_model_can_read():
    from helpers.language.tiny_model import TinyTransformer

    vocab = captioner.CaptionVocab()
    model = captioner.VisualPrefixCaptioner(TinyTransformer(len(vocab), captioner.CAPTION_LM, causal=True), 8)
    tokens = torch.zeros(1, 4, 8)
    with pytest.raises(ValueError, match="max_words"):
        model.generate(tokens, max_words=10**9)
    assert model.generate(tokens, max_words=np.int64(3)).shape[1] <= 3
