"""Lesson 05's token-budget calculator, driven by setting its controls."""

import pytest

from helpers.encoders import widgets
from helpers import encoders


@pytest.fixture()
def calculator():
    return widgets.token_budget_calculator()


def test_main_container_and_every_control_is_described(calculator):
    assert "fiveq-main" in calculator._dom_classes
    assert all(c.description for c in calculator.controls.values())
    assert len(calculator.controls) == 11
    assert "576" in calculator.output.value and "14.1%" in calculator.output.value


def test_frames_multiply_the_visual_tokens(calculator):
    calculator.controls["frames"].value = 8
    assert "4,608" in calculator.output.value
    calculator.controls["frame pooling"].value = "pool 2×2"
    assert "1,152" in calculator.output.value


def test_a_q_former_hands_on_32_tokens(calculator):
    calculator.controls["connector"].value = "Q-Former, 32 queries (BLIP-2)"
    assert "32 per image" in calculator.output.value


def test_choosing_an_encoder_resets_resolution_and_patch(calculator):
    calculator.controls["vision encoder"].value = "CLIP ViT-B/32"
    assert calculator.controls["resolution (px)"].value == 224
    assert calculator.controls["patch size (px)"].value == 32
    expected = encoders.token_budget("CLIP ViT-B/32", 224, 32)
    assert f"<b>{expected.total:,}</b> tokens" in calculator.output.value


@pytest.mark.parametrize("name", list(encoders.encoders_for("image")))
def test_every_vision_encoder_can_be_chosen(calculator, name):
    calculator.controls["vision encoder"].value = name
    spec = encoders.encoder_spec(name)
    assert calculator.controls["patch size (px)"].value == spec.patch_size
    assert f"<b>{encoders.token_count('image', name):,}</b> tokens" in calculator.output.value


def test_patch_change_snaps_the_resolution_to_a_multiple(calculator):
    calculator.controls["patch size (px)"].value = 16
    size = calculator.controls["resolution (px)"].value
    assert size % 16 == 0 and calculator.controls["resolution (px)"].step == 16
    assert f"<b>{encoders.visual_token_count(size, 16):,}</b> tokens" in calculator.output.value


def test_audio_and_context_window_update_the_share(calculator):
    calculator.controls["audio encoder"].value = "Whisper tiny.en"
    calculator.controls["audio seconds"].value = 10.0
    assert "2,076" in calculator.output.value          # 576 + 1,500
    calculator.controls["LLM context window"].value = 2048
    assert "does not fit" in calculator.output.value and "28 tokens over" in calculator.output.value


def test_budget_for_shows_errors_as_one_line():
    html = widgets.budget_for("CLIP ViT-B/32", 230, 32, 1, "keep all tokens", widgets.NO_AUDIO, 0.0,
                                      0, 4096)
    assert "not divisible" in html and "\n" not in html
    assert 'class="fiveq-error"' in html          # the browser test looks for this class


def test_budget_html_bar_splits_by_modality():
    html = widgets.budget_html(encoders.token_budget(frames=2, audio_encoder="Whisper tiny.en", audio_s=1.0,
                                                             text_tokens=100, context_window=4096))
    for part in ("vision: 1,152", "audio: 1,500", "text: 100"):
        assert part in html


def test_a_larger_image_counts_tiles(calculator):
    calculator.controls["larger image, tiled (px)"].value = 714
    assert "2,880" in calculator.output.value
