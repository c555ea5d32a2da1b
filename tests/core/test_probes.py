"""helpers.core.probes: each measure checked against data whose answer is known."""

import numpy as np
import pytest
import torch

from helpers.core import probes


def _blobs(n_per_class=60, classes=3, dim=8, spread=0.3, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, dim)) * 3
    labels = np.repeat(np.arange(classes), n_per_class)
    return centres[labels] + spread * rng.normal(size=(len(labels), dim)), labels


def test_linear_probe_separates_separable_features_and_not_noise():
    x, y = _blobs()
    order = np.random.default_rng(1).permutation(len(y))
    x, y = x[order], y[order]
    train, test = slice(0, 120), slice(120, None)
    assert probes.linear_probe(x[train], y[train], x[test], y[test]) == 1.0
    noise = np.random.default_rng(2).normal(size=x.shape)
    chance = probes.linear_probe(noise[train], y[train], noise[test], y[test])
    assert chance < 0.6  # three balanced classes: chance is 1/3


def test_linear_probe_accepts_tensors_and_checks_shapes():
    x, y = _blobs(classes=2)
    xt, yt = torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y)
    assert probes.linear_probe(xt[::2], yt[::2], xt[1::2], yt[1::2]) == 1.0
    with pytest.raises(ValueError, match="share a width"):
        probes.linear_probe(x, y, x[:, :3], y)
    with pytest.raises(ValueError, match="train_labels must be"):
        probes.linear_probe(x, y[:5], x, y)
    with pytest.raises(ValueError, match="test_features must be"):
        probes.linear_probe(x, y, x[0], y[:1])


def test_cosine_matrix_against_a_direct_computation():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(5, 4)), rng.normal(size=(3, 4))
    direct = np.array([[u @ v / np.linalg.norm(u) / np.linalg.norm(v) for v in b] for u in a])
    sim = probes.cosine_matrix(a, b)
    assert isinstance(sim, torch.Tensor) and sim.dtype == torch.float32 and sim.shape == (5, 3)
    assert np.allclose(sim.numpy(), direct, atol=1e-6)
    self_sim = probes.cosine_matrix(torch.as_tensor(a))
    assert self_sim.shape == (5, 5) and torch.allclose(self_sim.diagonal(), torch.ones(5))
    assert torch.allclose(self_sim, self_sim.T)
    with pytest.raises(ValueError, match="width"):
        probes.cosine_matrix(a, rng.normal(size=(3, 5)))


def test_parameter_count_of_a_linear_layer():
    assert probes.parameter_count(torch.nn.Linear(10, 3)) == 10 * 3 + 3
    assert probes.parameter_count(torch.nn.Linear(10, 3, bias=False)) == 30
    with torch.device("meta"):
        big = torch.nn.Linear(4096, 4096)
    assert probes.parameter_count(big) == 4096 * 4096 + 4096


def test_nearest_neighbour_and_chance():
    x, y = _blobs(classes=4)
    assert probes.nearest_neighbour_accuracy(x, y) == 1.0
    assert probes.chance_accuracy([0, 0, 0, 1]) == pytest.approx(0.75 ** 2 + 0.25 ** 2)
    noise = np.random.default_rng(3).normal(size=x.shape)
    assert probes.nearest_neighbour_accuracy(noise, y) < 0.5


def test_pca_2d_finds_the_direction_of_largest_variance():
    rng = np.random.default_rng(0)
    x = np.c_[10 * rng.normal(size=200), 0.1 * rng.normal(size=(200, 3))]
    coords = probes.pca_2d(x, normalise=False)
    assert coords.shape == (200, 2)
    assert abs(np.corrcoef(coords[:, 0], x[:, 0])[0, 1]) > 0.999


def test_cross_modal_accuracy():
    a = np.eye(3)
    assert probes.cross_modal_accuracy(a, [0, 1, 2], a, [0, 1, 2]) == 1.0
    assert probes.cross_modal_accuracy(a, [0, 1, 2], a[[1, 2, 0]], [0, 1, 2]) == 0.0
    with pytest.raises(ValueError, match="one space"):
        probes.cross_modal_accuracy(np.eye(3), [0, 1, 2], np.eye(4)[:3], [0, 1, 2])


def test_nearest_neighbour_accuracy_against_sklearn():
    from sklearn.neighbors import NearestNeighbors

    feats, labels = _blobs(n_per_class=10, classes=10, spread=2.5)
    ours = probes.nearest_neighbour_accuracy(feats, labels)
    # the two nearest points by cosine distance: the point itself, then its nearest other point
    _, index = NearestNeighbors(n_neighbors=2, metric="cosine").fit(feats).kneighbors(feats)
    reference = float((labels[index[:, 1]] == labels).mean())
    assert ours == pytest.approx(reference)
    assert 0.2 < ours < 1.0          # noisy enough that the check is not trivially 100%


def test_probes_name_what_is_wrong_with_their_input():
    with pytest.raises(ValueError, match="one space"):
        probes.cross_modal_accuracy(np.eye(3), [0, 1, 2], np.eye(4)[:3], [0, 1, 2])
    with pytest.raises(ValueError, match="labels"):
        probes.nearest_neighbour_accuracy(np.eye(3), [0, 1])
    with pytest.raises(ValueError, match="features"):
        probes.nearest_neighbour_accuracy(np.ones(3), [0, 1, 2])
    assert probes.pca_2d(np.ones((4, 1))).shape == (4, 2)
