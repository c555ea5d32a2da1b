"""Video through an image encoder: sampled frames, counting clips, pooling."""

import pytest
import torch

from helpers import encoders
from helpers.encoders import video


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
    with pytest.raises(ValueError, match="pooling must be one of"):
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
