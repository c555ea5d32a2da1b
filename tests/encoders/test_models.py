"""core.probes tests that lesson 05 brought along: they test helpers.core.probes, not lesson 05's code, and
belong in tests/core/test_probes.py (left here for whoever owns that file to move)."""

import numpy as np
import pytest
import torch

from helpers.core import probes


def _clustered(n_per_class=30, classes=10, dim=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(classes, dim, generator=g) * 3
    labels = torch.arange(classes).repeat_interleave(n_per_class)
    return centres[labels] + torch.randn(len(labels), dim, generator=g), labels


def test_nearest_neighbour_accuracy_against_sklearn():
    from sklearn.neighbors import NearestNeighbors

    feats, labels = _clustered(n_per_class=10, dim=8)
    feats = (feats + 2.0 * torch.randn(feats.shape, generator=torch.Generator().manual_seed(3))).numpy()
    ours = probes.nearest_neighbour_accuracy(feats, labels)
    # the two nearest points by cosine distance: the point itself, then its nearest other point
    _, index = NearestNeighbors(n_neighbors=2, metric="cosine").fit(feats).kneighbors(feats)
    reference = float((labels.numpy()[index[:, 1]] == labels.numpy()).mean())
    assert ours == pytest.approx(reference)
    assert 0.2 < ours < 1.0          # noisy enough that the check is not trivially 100%


def test_probes_chance_and_structure():
    feats, labels = _clustered()
    assert probes.nearest_neighbour_accuracy(feats, labels) > 0.95
    noise = np.random.default_rng(0).standard_normal((300, 16))
    assert probes.nearest_neighbour_accuracy(noise, labels) < 0.25
    assert probes.chance_accuracy(labels) == pytest.approx(0.1)
    assert probes.chance_accuracy([0, 0, 0, 1]) == pytest.approx(0.75 ** 2 + 0.25 ** 2)


def test_pca_2d_finds_the_main_direction():
    rng = np.random.default_rng(0)
    x = np.zeros((200, 5))
    x[:, 3] = rng.normal(0, 10, 200)
    x[:, 1] = rng.normal(0, 1, 200)
    xy = probes.pca_2d(x, normalise=False)
    assert xy.shape == (200, 2)
    assert abs(np.corrcoef(xy[:, 0], x[:, 3])[0, 1]) > 0.99
    assert probes.pca_2d(np.ones((4, 1))).shape == (4, 2)


def test_cross_modal_accuracy_needs_one_space():
    a = np.eye(3)
    assert probes.cross_modal_accuracy(a, [0, 1, 2], a, [0, 1, 2]) == 1.0
    assert probes.cross_modal_accuracy(a, [0, 1, 2], a[[1, 2, 0]], [0, 1, 2]) == 0.0
    with pytest.raises(ValueError, match="one space"):
        probes.cross_modal_accuracy(np.eye(3), [0, 1, 2], np.eye(4)[:3], [0, 1, 2])
    with pytest.raises(ValueError, match="labels"):
        probes.nearest_neighbour_accuracy(np.eye(3), [0, 1])
    with pytest.raises(ValueError, match="features"):
        probes.nearest_neighbour_accuracy(np.ones(3), [0, 1, 2])
