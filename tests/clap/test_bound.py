import math

import numpy as np
import pytest
import torch

from helpers.clap import bound, contrastive


def test_bound_is_log_b_minus_loss():
    assert bound.mutual_information_bound(1.0, 8) == pytest.approx(math.log(8) - 1.0)


def test_bound_by_batch_size_never_exceeds_log_b():
    a, b = contrastive.noisy_pairs(64, 16, noise=0.5, seed=0)
    result = bound.bound_by_batch_size(a, b, 14.3, [2, 8, 32], repeats=3)
    for batch, row in result.items():
        assert row["log_b"] == pytest.approx(math.log(batch))
        assert row["bound"] <= row["log_b"]
        assert row["bound"] == pytest.approx(row["log_b"] - row["loss"])


def test_random_batches_are_distinct_and_checked():
    batches = bound.random_batches(10, 4, repeats=5, seed=0)
    assert all(len(set(i)) == 4 for i in batches)
    with pytest.raises(ValueError, match="batch"):
        bound.random_batches(10, 11, repeats=1)


def test_masking_false_negatives_lowers_the_loss_and_matches_without_them():
    a, b = contrastive.noisy_pairs(12, 16, noise=1.0, seed=1)
    labels = np.arange(12) % 3
    masked = float(bound.clip_loss_without_false_negatives(a, b, 10.0, labels))
    assert masked < float(contrastive.clip_loss(a, b, 10.0))
    distinct = float(bound.clip_loss_without_false_negatives(a, b, 10.0, np.arange(12)))
    assert distinct == pytest.approx(float(contrastive.clip_loss(a, b, 10.0)), abs=1e-6)


def test_same_kind_floor_is_mean_log_count():
    assert bound.same_kind_floor([0, 0, 1, 2]) == pytest.approx((2 * math.log(2)) / 4)
    assert bound.same_kind_floor([0, 1, 2]) == 0.0


def test_false_negative_report_keys_and_shape_check():
    a, b = contrastive.noisy_pairs(40, 16, noise=1.0, seed=2)
    report = bound.false_negative_report(a, b, 14.3, np.arange(40) % 4, batch=16, repeats=2)
    assert report["loss_without_false_negatives"] < report["loss"]
    assert 0 <= report["probability_on_false_negatives"] <= 1
    with pytest.raises(ValueError, match="one kind per pair"):
        bound.false_negative_report(a, b, 14.3, [0, 1], batch=16)


def test_directional_losses_row_shift_changes_only_text_to_audio():
    logits = 10 * contrastive.similarity(*contrastive.noisy_pairs(8, 16, noise=1.0, seed=3))
    shifted = logits.clone()
    shifted[0] += 5.0
    before, after = bound.directional_losses(logits), bound.directional_losses(shifted)
    assert after[0] == pytest.approx(before[0], abs=1e-5)
    assert after[1] > before[1]
    both = float(contrastive.clip_loss(*contrastive.noisy_pairs(8, 16, noise=1.0, seed=3), 10.0))
    assert sum(before) / 2 == pytest.approx(both, abs=1e-5)
