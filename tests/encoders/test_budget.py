"""The token-budget calculator: what an image, a video, audio and text cost in a context window."""

import math

import pytest
import torch

from helpers import encoders
from helpers.encoders import budget


def test_budget_of_llava_image_in_a_4k_window():
    b = encoders.token_budget(context_window=4096)
    assert b.vision_tokens == 576 and b.total == 576
    assert math.isclose(b.share, 576 / 4096) and b.fits
    assert "576" in str(b)


def test_budget_adds_video_audio_and_text_and_reports_overflow():
    b = encoders.token_budget(frames=16, audio_encoder="Whisper tiny.en", audio_s=45.0, text_tokens=100,
                              context_window=8192)
    assert b.vision_tokens == 16 * 576
    assert b.audio_tokens == 3000
    assert b.total == 16 * 576 + 3000 + 100
    assert not b.fits and "NOT fit" in str(b)


@pytest.mark.parametrize("pooling,per_frame", [("keep all tokens", 576), ("pool 2×2", 144), ("pool 4×4", 36),
                                               ("one vector per frame", 1)])
def test_budget_frame_pooling(pooling, per_frame):
    assert encoders.token_budget(frames=8, frame_pooling=pooling).vision_tokens == 8 * per_frame


def test_pooled_grid_matches_real_average_pooling():
    grid = torch.rand(1, 1024, 24, 24)
    assert torch.nn.functional.avg_pool2d(grid, 2, ceil_mode=True).shape[-2:].numel() == 144
    assert encoders.token_budget(vision_encoder="CLIP ViT-B/32", image_size=224, patch_size=32,
                                 frame_pooling="pool 2×2").vision_tokens == \
        torch.nn.functional.avg_pool2d(torch.rand(1, 8, 7, 7), 2, ceil_mode=True).shape[-2:].numel()


def test_budget_defaults_to_the_encoders_own_size():
    assert encoders.token_budget("CLIP ViT-B/32").vision_tokens == 50
    assert encoders.token_budget("tiny ViT (lesson 03)", frames=3).vision_tokens == 3 * 17
    assert encoders.token_budget(None, audio_encoder="Whisper tiny.en", audio_s=5.0).total == 1500


def test_budget_rejects_bad_input():
    with pytest.raises(ValueError, match="known encoders"):
        encoders.token_budget(vision_encoder="nope")
    with pytest.raises(ValueError, match="not an image encoder"):
        encoders.token_budget(vision_encoder="Whisper tiny.en")
    with pytest.raises(ValueError, match="not an audio encoder"):
        encoders.token_budget(audio_encoder="CLIP ViT-B/32", audio_s=3.0)
    with pytest.raises(ValueError, match="divisible"):
        encoders.token_budget(image_size=300)
    with pytest.raises(ValueError):
        encoders.token_budget(context_window=0)
    with pytest.raises(ValueError, match="frame_pooling"):
        encoders.token_budget(frame_pooling="zip it")
    with pytest.raises(ValueError, match="text_tokens"):
        encoders.token_budget(text_tokens=-1)


@pytest.mark.parametrize("rows,cols,pooling,expected", [(24, 24, "pool 2×2", 144), (7, 7, "pool 2×2", 16),
                                                        (7, 7, "pool 4×4", 4), (24, 24, "one vector per frame", 1),
                                                        (24, 24, "keep all tokens", 577)])
def test_pooled_tokens_per_frame_rounds_partial_blocks_up(rows, cols, pooling, expected):
    assert budget.pooled_tokens_per_frame(rows, cols, 577, pooling) == expected


def test_fixed_query_connectors():
    qformer = encoders.token_budget(frames=8, connector="Q-Former, 32 queries (BLIP-2)")
    assert qformer.vision_tokens == 8 * 32 and "32 per frame" in str(qformer)
    flamingo = encoders.token_budget(connector="Perceiver Resampler, 64 latents (Flamingo)")
    assert flamingo.vision_tokens == 0 and "NOT in the context window" in str(flamingo)
    with pytest.raises(ValueError):
        encoders.token_budget(connector="a magic connector")


def test_a_larger_image_is_counted_as_anyres_tiles():
    b = encoders.token_budget(input_px=714)
    assert b.vision_tokens == 5 * 576 and "AnyRes 2×2" in str(b)
