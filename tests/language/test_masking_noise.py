"""helpers.language.masking_noise: the 80/10/10 shares beside their expected values and standard errors."""

import math

import pytest
import torch

from helpers import language


def _stream(n=20_000, vocab=50, seed=0):
    return torch.randint(3, vocab, (n,), generator=torch.Generator().manual_seed(seed))


def _props(stream, vocab, seed=0):
    inputs, labels = language.mlm_mask(stream, vocab, (0, 1), 2, generator=torch.Generator().manual_seed(seed))
    return language.masking_proportions(stream, inputs, labels, 2, (0, 1))


def test_expected_kept_share_includes_drawing_the_original_back():
    shares = language.expected_shares(30522)
    assert shares["kept_fraction"] == pytest.approx(0.1 + 0.1 / 30522)
    assert shares["random_fraction"] + shares["kept_fraction"] == pytest.approx(0.2)
    assert language.expected_shares(10)["kept_fraction"] == pytest.approx(0.11)


def test_standard_error_formula():
    assert language.standard_error(0.1, 900) == pytest.approx(0.01)
    assert language.standard_error(0.5, 100) == pytest.approx(0.05)


def test_share_errors_use_eligible_for_chosen_and_chosen_for_the_rest():
    vocab = 50
    props = _props(_stream(), vocab)
    rows = language.share_errors(props, vocab)
    m, e, se, z = rows["chosen_fraction"]
    assert se == pytest.approx(math.sqrt(0.15 * 0.85 / props["eligible"]))
    m, e, se, z = rows["kept_fraction"]
    assert e == pytest.approx(0.1 + 0.1 / vocab)
    assert se == pytest.approx(math.sqrt(e * (1 - e) / props["chosen"]))
    assert z == pytest.approx((m - e) / se)


def test_a_small_vocabulary_keeps_more_and_the_formula_sees_it():
    # With 5 ids (the text uses 3 and 4) a random draw returns the original 1 time in 5: kept is about 12%.
    stream = torch.randint(3, 5, (200_000,), generator=torch.Generator().manual_seed(3))
    props = _props(stream, 5)
    assert props["kept_fraction"] == pytest.approx(0.12, abs=0.005)
    assert abs(language.share_errors(props, 5)["kept_fraction"][3]) < 4


def test_seed_spread_matches_the_standard_error():
    vocab = 50
    stream = _stream()
    spread = language.seed_spread(stream, vocab, (0, 1), 2, seeds=40)
    props = _props(stream, vocab)
    predicted = language.share_errors(props, vocab)
    for share in ("mask_fraction", "kept_fraction"):
        assert spread[share] == pytest.approx(predicted[share][2], rel=0.35)


def test_verdict_reads_noise_when_close_and_flags_a_broken_rule():
    vocab = 50
    props = _props(_stream(), vocab)
    assert len(language.kept_share_verdict(props, vocab).splitlines()) == 5  # four shares, one verdict
    broken = dict(props, kept_fraction=0.2)
    assert "check the rule" in language.kept_share_verdict(broken, vocab)
    close = dict(props, kept_fraction=0.1 + 0.1 / vocab)
    assert "sampling noise" in language.kept_share_verdict(close, vocab)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="vocab_size"):
        language.expected_shares(0)
    with pytest.raises(ValueError, match="prob"):
        language.expected_shares(100, prob=1)
    with pytest.raises(TypeError, match="props"):
        language.share_errors({"chosen": 3}, 100)
    with pytest.raises(ValueError, match="seeds"):
        language.seed_spread(_stream(100), 50, (0, 1), 2, seeds=1)
