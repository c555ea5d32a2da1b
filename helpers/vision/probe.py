"""What frozen features are good for: a linear classifier on top of them (a "linear probe").

The probe is multinomial logistic regression on standardised features, fitted on the training
split and scored on the test split: the better the classes are already separated by straight
lines in feature space, the higher its accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass


def _as_numpy(x):
    import numpy as np

    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


def linear_probe(train_features, train_labels, test_features, test_labels, c: float = 1.0, seed: int = 0) -> float:
    """Test accuracy of logistic regression on frozen features ``(n, d)`` (standardised on the train split).

    ``c`` is the inverse L2 strength (scikit-learn's ``C``).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    xtr, xte = _as_numpy(train_features), _as_numpy(test_features)
    ytr, yte = _as_numpy(train_labels), _as_numpy(test_labels)
    if xtr.ndim != 2 or xte.ndim != 2 or xtr.shape[1] != xte.shape[1]:
        raise ValueError(f"features must be (n, d) with one d for train and test, got {xtr.shape} and {xte.shape}")
    if len(xtr) != len(ytr) or len(xte) != len(yte):
        raise ValueError(f"features and labels differ in length: {len(xtr)}/{len(ytr)} train, {len(xte)}/{len(yte)} test")
    from threadpoolctl import threadpool_limits

    probe = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000, random_state=seed))
    with threadpool_limits(1):  # a 64-wide problem: more BLAS threads only wait on each other
        probe.fit(xtr, ytr)
        return float(probe.score(xte, yte))


@dataclass(frozen=True)
class ProbeResult:
    """One row of the comparison: which features, how they were read out, and the test accuracy."""

    features: str
    readout: str
    accuracy: float


def probe_table(rows) -> str:
    """A plain-text table of ``ProbeResult`` rows, best first."""
    rows = sorted(rows, key=lambda r: -r.accuracy)
    width = max(len(r.features) for r in rows)
    readout = max(len(r.readout) for r in rows)
    lines = [f"{'features':<{width}}  {'readout':<{readout}}  test accuracy"]
    lines += [f"{r.features:<{width}}  {r.readout:<{readout}}  {r.accuracy:6.1%}" for r in rows]
    return "\n".join(lines)
