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
    assert len(calculator.controls) == 9
    assert "patch size (px)" not in calculator.controls and "larger image, tiled (px)" not in calculator.controls
    assert "576" in calculator.output.value and "14.1%" in calculator.output.value


def test_frames_multiply_the_visual_tokens(calculator):
    calculator.controls["frames"].value = 8
    assert "4,608" in calculator.output.value
    calculator.controls["frame pooling"].value = "pool 2×2"
    assert "1,152" in calculator.output.value


def test_a_q_former_hands_on_32_tokens(calculator):
    calculator.controls["connector"].value = "Q-Former, 32 queries (BLIP-2)"
    assert "32 per image" in calculator.output.value


def test_choosing_an_encoder_resets_the_resolution_to_its_own(calculator):
    calculator.controls["resolution (px)"].value = 714
    calculator.controls["vision encoder"].value = "CLIP ViT-B/32"
    size = calculator.controls["resolution (px)"]
    assert size.value == size.min == 224 and size.step == 32
    expected = encoders.token_budget("CLIP ViT-B/32", 224, 32)
    assert f"<b>{expected.total:,}</b> tokens" in calculator.output.value


@pytest.mark.parametrize("name", list(encoders.encoders_for("image")))
def test_every_vision_encoder_can_be_chosen(calculator, name):
    calculator.controls["vision encoder"].value = name
    spec = encoders.encoder_spec(name)
    assert calculator.controls["resolution (px)"].min == spec.image_size
    assert f"<b>{encoders.token_count('image', name):,}</b> tokens" in calculator.output.value


def test_no_resolution_the_encoder_cannot_take_is_offered(calculator):
    """Every slider position is the encoder's own size or a larger image counted as tiles of that size."""
    size = calculator.controls["resolution (px)"]
    for value in range(size.min, size.max + 1, size.step * 7):
        size.value = value
        budget = encoders.token_budget(input_px=value if value > 336 else None)
        assert f"<b>{budget.total:,}</b> tokens" in calculator.output.value
        assert ("AnyRes" in calculator.output.value) == (value > 336)


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
    calculator.controls["resolution (px)"].value = 714
    assert "2,880" in calculator.output.value and "AnyRes 2×2 tiles" in calculator.output.value
    calculator.controls["connector"].value = "Q-Former, 32 queries (BLIP-2)"
    assert "32 per frame or tile = 160" in calculator.output.value
