"""helpers.clap.contrastive: the symmetric InfoNCE loss, the logit scale, recall@k."""

import math

import pytest
import torch
import torch.nn.functional as F

from helpers.clap import contrastive


def unit(rows, dim, seed):
    return F.normalize(torch.randn(rows, dim, generator=torch.Generator().manual_seed(seed)), dim=-1)


def reference_loss(a, b, scale):
    """The loss written out with explicit log-softmax sums (independent of F.cross_entropy)."""
    logits = scale * a @ b.T
    n = len(a)
    per_audio = -torch.stack([logits[i, i] - torch.logsumexp(logits[i], 0) for i in range(n)]).mean()
    per_text = -torch.stack([logits[i, i] - torch.logsumexp(logits[:, i], 0) for i in range(n)]).mean()
    return (per_audio + per_text) / 2


def test_clip_loss_matches_written_out_reference():
    a, b = unit(7, 16, 0), unit(7, 16, 1)
    assert torch.allclose(contrastive.clip_loss(a, b, 14.3), reference_loss(a, b, 14.3), atol=1e-5)


def test_clip_loss_matches_laion_clap_clip_loss():
    from helpers.core import pretrained

    pretrained.hub_status()  # decide offline before laion_clap's import asks the hub for tokenizers
    from laion_clap.clap_module.loss import ClipLoss

    a, b = unit(9, 32, 2), unit(9, 32, 3)
    scale = torch.tensor(1 / 0.07)
    theirs = ClipLoss()(a, b, scale)
    assert torch.allclose(contrastive.clip_loss(a, b, scale), theirs, atol=1e-5)


def test_chance_level_and_perfect_pairs():
    # identical rows in every pair: the loss is log(B) whatever the scale
    a = F.normalize(torch.ones(5, 4), dim=-1)
    assert math.isclose(float(contrastive.clip_loss(a, a, 50.0)), math.log(5), rel_tol=1e-5)
    # orthogonal matched pairs with a large scale: the loss goes to 0
    eye = torch.eye(6)
    assert float(contrastive.clip_loss(eye, eye, 100.0)) < 1e-6


def test_loss_is_symmetric_and_has_gradients():
    a = unit(6, 8, 4).requires_grad_()
    b = unit(6, 8, 5)
    loss = contrastive.clip_loss(a, b, 10.0)
    assert torch.allclose(loss, contrastive.clip_loss(b, a.detach(), 10.0), atol=1e-6)
    loss.backward()
    assert a.grad is not None and torch.isfinite(a.grad).all() and a.grad.abs().sum() > 0


def test_bad_inputs():
    a, b = unit(4, 8, 0), unit(4, 8, 1)
    with pytest.raises(ValueError, match="batch sizes differ"):
        contrastive.clip_loss(a, unit(5, 8, 1), 10.0)
    with pytest.raises(ValueError, match="widths differ"):
        contrastive.clip_loss(a, unit(4, 6, 1), 10.0)
    with pytest.raises(ValueError, match="L2-normalised"):
        contrastive.clip_loss(a * 3, b, 10.0)
    with pytest.raises(ValueError, match="empty"):
        contrastive.clip_loss(torch.zeros(0, 8), torch.zeros(0, 8), 10.0)
    with pytest.raises(ValueError, match="NaN"):
        contrastive.clip_loss(torch.full((4, 8), float("nan")), b, 10.0)
    with pytest.raises(ValueError, match="logit_scale"):
        contrastive.clip_loss(a, b, -1.0)
    with pytest.raises(TypeError):
        contrastive.clip_loss(a.numpy(), b, 10.0)


def test_logit_scale_starts_at_clip_value_and_is_clamped():
    scale = contrastive.LogitScale()
    assert math.isclose(float(scale.value().detach()), 1 / 0.07, rel_tol=1e-6)
    with torch.no_grad():
        scale.parameter.fill_(10.0)
    scale.clamp_()
    assert math.isclose(float(scale.value().detach()), 100.0, rel_tol=1e-5)
    with torch.no_grad():
        scale.parameter.fill_(-3.0)
    scale.clamp_()
    assert math.isclose(float(scale.value().detach()), 1.0, rel_tol=1e-6)


def test_recall_at_k():
    s = torch.tensor([[0.9, 0.1, 0.0],
                      [0.8, 0.5, 0.1],     # match (0.5) is second
                      [0.3, 0.9, 0.2]])    # match (0.2) is last
    assert contrastive.recall_at_k(s, 1) == pytest.approx(1 / 3)
    assert contrastive.recall_at_k(s, 2) == pytest.approx(2 / 3)
    assert contrastive.recall_at_k(s, 3) == 1.0
    # a tie with the match does not count as found at k=1
    assert contrastive.recall_at_k(torch.tensor([[1.0, 1.0], [0.0, 1.0]]), 1) == 0.5
    with pytest.raises(ValueError, match="square"):
        contrastive.recall_at_k(torch.zeros(2, 3), 1)
    with pytest.raises(ValueError, match="k must be"):
        contrastive.recall_at_k(s, 0)


def test_temperature_sharpens_and_more_negatives_raise_the_loss():
    row = torch.tensor([[0.5, 0.3, 0.1]])
    hot = contrastive.softmax_rows(row, 1.0)[0, 0]
    cold = contrastive.softmax_rows(row, 0.05)[0, 0]
    assert cold > hot > 1 / 3
    results = contrastive.loss_by_batch_size([4, 16, 64], repeats=5)
    losses = [results[b][0] for b in (4, 16, 64)]
    assert losses[0] < losses[1] < losses[2]
    assert all(results[b][0] < results[b][1] for b in results)   # better than chance: pairs are aligned


def test_similarity_requires_unit_rows():
    with pytest.raises(ValueError, match="normalise"):
        contrastive.similarity(torch.ones(2, 3), unit(2, 3, 0))
    assert contrastive.similarity(unit(2, 3, 0), unit(4, 3, 1)).shape == (2, 4)


def test_diagonal_means_separate_matched_pairs_from_the_rest():
    s = torch.tensor([[0.9, 0.1, 0.2], [0.0, 0.6, 0.3], [0.3, 0.3, 0.3]])
    on, off = contrastive.diagonal_means(s)
    assert on == pytest.approx(0.6) and off == pytest.approx(0.2)
