"""Nearest-neighbour scores of several encoders' features, with a random control and chance."""

import numpy as np
import pytest

from helpers.encoders import feature_scores


def test_separated_features_score_high_and_random_ones_near_chance():
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(4), 25)
    separated = np.eye(4)[labels] * 5 + rng.normal(size=(100, 4))
    scores, panels = feature_scores.score_features([("separated", separated, labels, list("abcd")),
                                                    ("noise", rng.normal(size=(100, 4)), labels, list("abcd"))])
    assert scores["separated"].score > 0.95
    assert scores["noise"].score < 0.5 and scores["separated"].control < 0.5
    assert scores["noise"].chance == pytest.approx(0.25)
    assert [p["title"] for p in panels] == ["separated", "noise"] and panels[0]["xy"].shape == (100, 2)
    assert "1-NN accuracy" in panels[0]["score"]


def test_controls_are_seeded_and_the_table_has_one_row_per_set():
    labels = np.repeat([0, 1], 10)
    sets = [("a", np.random.default_rng(1).normal(size=(20, 3)), labels, ["x", "y"])]
    first, _ = feature_scores.score_features(sets, seed=3)
    again, _ = feature_scores.score_features(sets, seed=3)
    assert first == again
    score, control, chance = first["a"]
    table = feature_scores.score_table(first).splitlines()
    assert len(table) == 2 and table[1].startswith("a ") and f"{chance:.1%}" in table[1]
