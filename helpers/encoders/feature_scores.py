"""Do an encoder's features carry meaning? One nearest-neighbour score per encoder, beside two baselines.

For each set of features: the leave-one-out 1-nearest-neighbour accuracy (``core.probes``), the same
for random features of the same shape (a control measured in this run), and chance (``Σ p_k²``).
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from ..core import checks, probes


class FeatureScore(NamedTuple):
    """1-NN accuracy of an encoder's features, of random features of the same shape, and chance."""

    score: float
    control: float
    chance: float


def score_features(feature_sets: Sequence[tuple], seed: int = 0) -> tuple[dict[str, FeatureScore], list[dict]]:
    """Scores by title, and one ``plots.feature_maps`` panel (a 2-D PCA picture) per set.

    ``feature_sets``: ``[(title, features (n, dim), labels (n,), class_names), ...]``; the random
    controls are drawn in order from one generator seeded with ``seed``.
    """
    rng = np.random.default_rng(checks.integer(seed, "seed", 0))
    for i, entry in enumerate(feature_sets):
        if not isinstance(entry, (tuple, list)) or len(entry) != 4:
            raise ValueError(f"feature_sets[{i}] must be (title, features, labels, class_names), got "
                             f"{type(entry).__name__} of length {len(entry) if hasattr(entry, '__len__') else '?'}")
    scores, panels = {}, []
    for title, features, labels, names in feature_sets:
        score = probes.nearest_neighbour_accuracy(features, labels)
        control = probes.nearest_neighbour_accuracy(rng.standard_normal(np.shape(features)), labels)
        scores[title] = FeatureScore(score, control, probes.chance_accuracy(labels))
        panels.append({"title": title, "xy": probes.pca_2d(features), "labels": labels, "class_names": names,
                       "score": f"1-NN accuracy {score:.0%} (random features {control:.0%})"})
    return scores, panels


def score_table(scores: dict[str, FeatureScore]) -> str:
    """The scores as a text table: one row per set of features, accuracies in percent."""
    rows = [f"{'features':<52} {'1-NN':>6} {'random':>7} {'chance':>7}"]
    rows += [f"{title:<52} {s.score:>6.1%} {s.control:>7.1%} {s.chance:>7.1%}" for title, s in scores.items()]
    return "\n".join(rows)
