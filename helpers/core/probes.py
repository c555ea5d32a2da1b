"""Do an encoder's features carry meaning? Measure it: linear probes, 2-D projections, nearest neighbours, retrieval.

Shared by lessons 02-05, for any encoder and any labelled inputs:

- ``linear_probe``: logistic regression on frozen, standardised features; the better the classes are
  already separated by straight lines in feature space, the higher its test accuracy;

- ``pca_2d``: the two directions of largest variance, for a picture coloured by class;
- ``nearest_neighbour_accuracy``: leave-one-out 1-nearest-neighbour (cosine) accuracy. If inputs
  of the same class sit together in feature space, the nearest other input shares the label.
  Chance is about ``1 / classes``.

And one for two encoders at once: ``cross_modal_accuracy`` asks whether the nearest item of the
other modality (by cosine, so both must have the same width) belongs to the same class.
"""

from __future__ import annotations

import numpy as np

from . import checks


def _as_2d(features, name: str = "features", dtype=np.float64) -> np.ndarray:
    try:
        x = np.asarray(features.detach().cpu() if hasattr(features, "detach") else features, dtype=dtype)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 2-D array or tensor of numbers (n, dim), "
                        f"got {type(features).__name__} {checks.shown(features)}") from None
    if x.ndim != 2 or len(x) < 2:
        raise ValueError(f"{name} must be (n >= 2, dim), got shape {x.shape}")
    if x.dtype.kind in "fc" and not np.isfinite(x).all():
        raise ValueError(f"{name} must be finite, got {int((~np.isfinite(x)).sum())} NaN or infinite values")
    return x


def _as_labels(labels, n: int | None, name: str = "labels") -> np.ndarray:
    y = np.asarray(labels.cpu() if hasattr(labels, "cpu") else labels)
    if n is None and (y.ndim != 1 or len(y) == 0):
        raise ValueError(f"{name} must be a non-empty 1-D sequence of labels, got shape {y.shape}")
    if n is not None and y.shape != (n,):
        raise ValueError(f"{name} must be ({n},) to match the features, got shape {y.shape}")
    return y


def pca_2d(features, normalise: bool = True) -> np.ndarray:
    """Coordinates ``(n, 2)`` on the first two principal components of ``features`` ``(n, dim)``.

    With ``normalise`` each row is scaled to unit length first: the geometry cosine similarity sees,
    and a few loud outliers cannot take over the picture.
    """
    x = _as_2d(features)
    if normalise:
        x = _unit(x)
    x = x - x.mean(0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    coords = x @ vt[:2].T
    if coords.shape[1] < 2:
        coords = np.pad(coords, ((0, 0), (0, 2 - coords.shape[1])))
    return coords


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def nearest_neighbour_accuracy(features, labels) -> float:
    """Leave-one-out 1-NN accuracy with cosine similarity: how often the closest *other* input shares the label."""
    x = _unit(_as_2d(features))
    y = _as_labels(labels, len(x))
    similarity = x @ x.T
    np.fill_diagonal(similarity, -np.inf)
    return float((y[similarity.argmax(1)] == y).mean())


def chance_accuracy(labels) -> float:
    """What 1-NN accuracy random features would score on average: ``Σ p_k²`` over class frequencies."""
    _, counts = np.unique(_as_labels(labels, None), return_counts=True)
    p = counts / counts.sum()
    return float((p ** 2).sum())


def cross_modal_accuracy(queries, query_labels, gallery, gallery_labels) -> float:
    """Fraction of ``queries`` ``(n, d)`` whose nearest ``gallery`` item ``(m, d)`` (cosine) has the same label."""
    q, g = _unit(_as_2d(queries, "queries")), _unit(_as_2d(gallery, "gallery"))
    if q.shape[1] != g.shape[1]:
        raise ValueError(f"queries have width {q.shape[1]} but the gallery has width {g.shape[1]}: cosine needs "
                         "one space (that is what a connector or a shared embedding gives)")
    qy, gy = _as_labels(query_labels, len(q)), _as_labels(gallery_labels, len(g))
    return float((gy[(q @ g.T).argmax(1)] == qy).mean())


def cosine_matrix(a, b=None):
    """Cosine similarities ``(n, m)`` between rows of ``a`` ``(n, d)`` and ``b`` ``(m, d)`` (``b`` defaults to
    ``a``), as a float32 torch tensor."""
    import torch

    x = _unit(_as_2d(a, "a"))
    y = x if b is None else _unit(_as_2d(b, "b"))
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"a has width {x.shape[1]} but b has width {y.shape[1]}")
    return torch.as_tensor(x @ y.T, dtype=torch.float32)


def linear_probe(train_features, train_labels, test_features, test_labels, c: float = 1.0, seed: int = 0) -> float:
    """Test accuracy of logistic regression on frozen features ``(n, d)``, standardised on the train split.

    ``c`` is the inverse L2 strength (scikit-learn's ``C``).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    c, seed = checks.real(c, "c", minimum=0, open_minimum=True), checks.integer(seed, "seed", 0, 2**32 - 1)
    xtr, xte = _as_2d(train_features, "train_features", None), _as_2d(test_features, "test_features", None)
    if xtr.shape[1] != xte.shape[1]:
        raise ValueError(f"train_features and test_features must share a width, got {xtr.shape} and {xte.shape}")
    ytr, yte = _as_labels(train_labels, len(xtr), "train_labels"), _as_labels(test_labels, len(xte), "test_labels")
    probe = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000, random_state=seed))
    with threadpool_limits(1):  # small problems: more BLAS threads only wait on each other
        probe.fit(xtr, ytr)
        return float(probe.score(xte, yte))


def parameter_count(module) -> int:
    """Number of parameters of a ``torch.nn.Module`` (works on the meta device: no memory needed)."""
    if not hasattr(module, "parameters"):
        raise TypeError(f"module must be a torch.nn.Module, got {type(module).__name__} {checks.shown(module)}")
    return sum(p.numel() for p in module.parameters())
