"""The known encoders as data, and the tokens one input becomes through each."""

import pytest

from helpers import encoders
from helpers.encoders import known_encoders


def test_the_table_is_read_from_data_and_every_row_is_complete():
    assert list(encoders.ENCODERS)[0] == "CLIP ViT-L/14-336 (LLaVA-1.5)"
    for name, spec in encoders.ENCODERS.items():
        assert spec.name == name and spec.modality in ("image", "audio") and spec.width > 0
        if spec.modality == "image":
            assert spec.image_size % spec.patch_size == 0


def test_pooling_after_the_encoder_halves_the_count():
    assert encoders.token_count("audio", "Whisper, clip length, pooled ×2", duration_s=2.0) == 50


def test_text_is_counted_with_minilm_whatever_the_encoder():
    assert encoders.token_count("text", text="hello") == 3
    with pytest.raises(ValueError, match="text="):
        encoders.token_count("text")


def test_unknown_modality_lists_the_known_ones():
    with pytest.raises(ValueError) as info:
        encoders.token_count("smell", "CLIP ViT-B/32")
    for m in known_encoders.MODALITIES:
        assert repr(m) in str(info.value)


def test_unknown_encoder_lists_the_known_ones():
    with pytest.raises(ValueError) as info:
        encoders.token_count("image", "ResNet-9000")
    assert all(repr(name) in str(info.value) for name in encoders.ENCODERS)
    assert "'ResNet-9000'" in str(info.value)
    with pytest.raises(ValueError, match="audio encoders"):
        encoders.token_count("audio", "CLIP ViT-B/32", duration_s=1.0)
    with pytest.raises(ValueError, match="image encoders|video encoders"):
        encoders.token_count("video", "Whisper tiny.en", frames=2)


def test_token_count_defaults_to_each_encoders_native_size():
    assert encoders.token_count("image", "CLIP ViT-L/14-336 (LLaVA-1.5)") == 576
    assert encoders.token_count("image", "CLIP ViT-B/32") == 50
    assert encoders.token_count("image", "tiny ViT (lesson 03)") == 17
    assert encoders.token_count("video", "ViT-B/16", frames=8) == 8 * 197
    assert encoders.token_count("audio", "tiny CLAP audio (lesson 04)", duration_s=1.5) == 1
