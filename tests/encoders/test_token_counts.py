"""Token-count formulas of helpers.encoders.token_counts, checked against the real architectures' outputs."""

import numpy as np
import pytest
import torch

from helpers import encoders


# ---------------------------------------------------------------- formulas vs real models

def _clip_vision(image_size, patch_size, width=64, layers=1, heads=2):
    from transformers import CLIPVisionConfig, CLIPVisionModel

    config = CLIPVisionConfig(hidden_size=width, intermediate_size=2 * width, num_hidden_layers=layers,
                              num_attention_heads=heads, image_size=image_size, patch_size=patch_size)
    return CLIPVisionModel(config).eval()


@pytest.mark.parametrize("image_size,patch_size", [(224, 32), (224, 16), (336, 14), (64, 8)])
def test_visual_token_count_matches_a_real_clip_vision_transformer(image_size, patch_size):
    model = _clip_vision(image_size, patch_size)
    with torch.device("meta"):
        pixels = torch.empty(1, 3, image_size, image_size)
    model = model.to("meta")
    out = model(pixel_values=pixels).last_hidden_state
    assert out.shape[1] == encoders.visual_token_count(image_size, patch_size, cls_token=True)
    assert out.shape[1] - 1 == encoders.visual_token_count(image_size, patch_size)


def test_llava_clip_vit_l14_336_gives_576_patch_tokens_on_meta():
    from transformers import CLIPVisionConfig, CLIPVisionModel

    config = CLIPVisionConfig(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16,
                              image_size=336, patch_size=14)
    with torch.device("meta"):
        model = CLIPVisionModel(config)
        out = model(pixel_values=torch.empty(1, 3, 336, 336), output_hidden_states=True)
    penultimate = out.hidden_states[-2][:, 1:]          # LLaVA-1.5: penultimate layer, class token dropped
    assert tuple(penultimate.shape) == (1, 576, 1024)
    assert encoders.visual_token_count(336, 14) == 576 == (336 // 14) ** 2


def test_open_clip_vit_l14_336_architecture_agrees():
    open_clip = pytest.importorskip("open_clip")
    model = open_clip.create_model("ViT-L-14-336", pretrained=None, device="meta")
    model.visual.output_tokens = True
    pooled, tokens = model.visual(torch.empty(1, 3, 336, 336, device="meta"))
    assert tuple(tokens.shape) == (1, encoders.visual_token_count(336, 14), 1024)
    assert tuple(pooled.shape) == (1, 768)


def test_video_token_count_matches_frames_through_a_real_vit():
    model = _clip_vision(64, 16)
    frames = torch.rand(5, 3, 64, 64)
    with torch.no_grad():
        tokens = model(pixel_values=frames).last_hidden_state          # (frames, 17, width)
    assert tokens.shape[0] * tokens.shape[1] == encoders.video_token_count(5, 64, 16, cls_token=True)
    pooled = torch.nn.functional.avg_pool2d(tokens[:, 1:].reshape(5, 4, 4, -1).permute(0, 3, 1, 2), 2)
    assert pooled.shape[0] * pooled.shape[2] * pooled.shape[3] == encoders.video_token_count(5, 64, 16, 4)


def test_whisper_formula_matches_the_real_pretrained_encoder():
    whisper = pytest.importorskip("helpers.encoders.whisper")
    pytest.importorskip("ctranslate2")
    rng = torch.Generator().manual_seed(0)
    clip = (0.1 * torch.randn(1, 16_000 * 2 + 160, generator=rng)).numpy()      # 2.01 s
    assert whisper.encode(clip, pad_to_window=False).shape == (1, encoders.audio_token_count(2.01, window_s=None), 384)
    assert whisper.encode(clip).shape == (1, encoders.audio_token_count(2.01), 384) == (1, 1500, 384)


def test_whisper_long_audio_becomes_whole_windows_in_the_real_encoder():
    whisper = pytest.importorskip("helpers.encoders.whisper")
    pytest.importorskip("ctranslate2")
    clip = (0.05 * torch.randn(1, 16_000 * 31, generator=torch.Generator().manual_seed(0))).numpy()
    out = whisper.encode(clip)
    assert out.shape == (1, encoders.audio_token_count(31.0), 384) == (1, 3000, 384)
    # the second window holds 1 s of sound then padding: its tokens differ from the first window's
    assert not np.allclose(out[0, :1500], out[0, 1500:])


@pytest.mark.parametrize("seconds,expected", [(30, 1500), (0.5, 1500), (30.5, 3000), (90, 4500)])
def test_whisper_always_pads_to_whole_30_second_windows(seconds, expected):
    assert encoders.audio_token_count(seconds) == expected


@pytest.mark.parametrize("seconds,expected", [(1.0, 50), (1.5, 75), (0.99, 50), (30, 1500)])
def test_clip_length_audio_is_one_token_per_20_ms(seconds, expected):
    assert encoders.audio_token_count(seconds, window_s=None) == expected


def test_audio_pooling_halves_the_count():
    assert encoders.audio_token_count(30, pool_stride=2) == 750
    assert encoders.audio_token_count(2.0, window_s=None, pool_stride=2) == 50


def test_text_token_count_matches_the_real_minilm_encoder_output():
    from helpers.core import minilm

    tokens, hidden, _ = minilm.encode_tokens("a handwritten seven")
    assert tokens == ["[CLS]", "a", "hand", "##written", "seven", "[SEP]"]
    assert encoders.text_token_count("a handwritten seven") == hidden.shape[1] == 6
    with pytest.raises(TypeError, match="text"):
        encoders.text_token_count(7)


def test_rectangular_images_and_class_tokens():
    assert encoders.visual_token_count((224, 448), 16) == 14 * 28
    assert encoders.visual_token_count(224, 16, cls_token=True) == 197


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call", [
    lambda: encoders.visual_token_count(0, 14),
    lambda: encoders.visual_token_count(-336, 14),
    lambda: encoders.visual_token_count(336, 0),
    lambda: encoders.visual_token_count(330, 14),
    lambda: encoders.visual_token_count((336, 330), 14),
    lambda: encoders.video_token_count(0, 336, 14),
    lambda: encoders.video_token_count(8, 336, 14, tokens_per_frame_after_pooling=577),
    lambda: encoders.video_token_count(8, 336, 14, tokens_per_frame_after_pooling=0),
    lambda: encoders.audio_token_count(0),
    lambda: encoders.audio_token_count(-1.0),
])
def test_bad_sizes_raise_one_line_value_errors(call):
    with pytest.raises(ValueError) as info:
        call()
    assert "\n" not in str(info.value)


def test_not_divisible_message_says_what_to_do():
    with pytest.raises(ValueError, match="not divisible by patch_size 14.*multiple of 14"):
        encoders.visual_token_count(330, 14)


def test_non_integer_sizes_are_type_errors():
    with pytest.raises(TypeError):
        encoders.visual_token_count(336.0, 14)
