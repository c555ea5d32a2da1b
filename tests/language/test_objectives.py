"""helpers.language.objectives: BERT's masked-LM corruption and NSP pairs, GPT's next token."""

import inspect

import pytest
import torch

from helpers import language


def _stream(n=200_000, vocab=1000, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(5, vocab, (n,), generator=g)


def test_mlm_mask_proportions_follow_the_80_10_10_rule():
    ids = _stream()
    inputs, labels = language.mlm_mask(ids, 1000, special_ids=(0, 1), mask_id=4,
                                       generator=torch.Generator().manual_seed(1))
    props = language.masking_proportions(ids, inputs, labels, mask_id=4)
    assert props["chosen_fraction"] == pytest.approx(0.15, abs=0.005)
    assert props["mask_fraction"] == pytest.approx(0.80, abs=0.01)
    assert props["random_fraction"] == pytest.approx(0.10 * 999 / 1000, abs=0.01)
    assert props["kept_fraction"] == pytest.approx(0.10, abs=0.01)


def test_mlm_mask_labels_and_unchosen_positions():
    ids = _stream(5000)
    inputs, labels = language.mlm_mask(ids, 1000, (), 4, prob=0.3, generator=torch.Generator().manual_seed(2))
    chosen = labels != -100
    assert inputs.shape == ids.shape == labels.shape
    assert inputs.dtype == labels.dtype == torch.int64
    assert torch.equal(labels[chosen], ids[chosen])           # labels are the original ids
    assert torch.equal(inputs[~chosen], ids[~chosen])         # nothing else is touched
    assert int(chosen.sum()) / len(ids) == pytest.approx(0.3, abs=0.03)


def test_mlm_mask_never_chooses_special_tokens():
    ids = _stream(20_000)
    ids[::3] = 2  # [CLS]-like
    ids[1::7] = 3
    inputs, labels = language.mlm_mask(ids, 1000, special_ids=[2, 3], mask_id=4, prob=0.9,
                                       generator=torch.Generator().manual_seed(3))
    special = (ids == 2) | (ids == 3)
    assert bool((labels[special] == -100).all())
    assert torch.equal(inputs[special], ids[special])
    props = language.masking_proportions(ids, inputs, labels, 4, special_ids=[2, 3])
    assert props["eligible"] == int((~special).sum())


def test_mlm_mask_is_reproducible_with_a_generator_and_keeps_shape():
    ids = _stream(600).view(20, 30)
    a = language.mlm_mask(ids, 1000, (), 4, generator=torch.Generator().manual_seed(7))
    b = language.mlm_mask(ids, 1000, (), 4, generator=torch.Generator().manual_seed(7))
    assert a[0].shape == (20, 30)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])


@pytest.mark.parametrize("prob, error", [(0, ValueError), (1, ValueError), (-0.1, ValueError), (1.5, ValueError),
                                         ("0.15", TypeError)])
def test_mlm_mask_rejects_prob_outside_open_interval(prob, error):
    with pytest.raises(error, match="^prob must be"):
        language.mlm_mask(_stream(10), 1000, (), 4, prob=prob)


def test_mlm_mask_rejects_bad_ids():
    with pytest.raises(TypeError):
        language.mlm_mask(torch.rand(5), 1000, (), 4)
    with pytest.raises(ValueError, match="mask_id"):
        language.mlm_mask(_stream(10), 1000, (), 1000)


def test_mlm_mask_prints_as_the_idea_alone():
    body = inspect.getsource(language.mlm_mask).split('"""')[-1]
    assert "raise" not in body and len(body.strip().splitlines()) <= 10


def test_masking_proportions_needs_a_chosen_token():
    ids = _stream(10)
    with pytest.raises(ValueError):
        language.masking_proportions(ids, ids, torch.full_like(ids, -100), 4)


def test_next_token_pairs_shift_by_one():
    x, y = language.next_token_pairs([5, 6, 7, 8])
    assert x == [5, 6, 7] and y == [6, 7, 8]
    with pytest.raises(ValueError):
        language.next_token_pairs([1])


def test_nsp_pairs_are_balanced_and_true_pairs_are_consecutive():
    sentences = [f"sentence number {i}." for i in range(50)]
    pairs = language.nsp_pairs(sentences, 400, seed=0)
    assert 0.4 < sum(p[2] for p in pairs) / len(pairs) < 0.6
    for a, b, is_next in pairs:
        i, j = sentences.index(a), sentences.index(b)
        assert (j == i + 1) == is_next
    with pytest.raises(ValueError):
        language.nsp_pairs(["a", "b"], 3)
    with pytest.raises(ValueError, match="n must"):
        language.nsp_pairs(sentences, 0)
