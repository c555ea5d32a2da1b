"""Linear probes on frozen encoders, the comparison table, and the verdicts read from it."""

import pytest
import torch

from helpers import vision
from helpers.vision import comparison
from helpers.vision.comparison import MAE, PIXELS, SCRATCH, UNTRAINED, VIT, ProbeResult


def test_probe_table_is_best_first():
    table = comparison.probe_table([ProbeResult("a", "x", 0.5), ProbeResult("b", "y", 0.9)])
    assert table.splitlines()[0].startswith("features")
    assert table.splitlines()[1].startswith("b") and "90.0%" in table.splitlines()[1]


def test_linear_probes_read_pixels_and_both_pools_of_every_encoder():
    digits = vision.digits_split()
    small = vision.DigitsSplit(digits.train_images[:300], digits.train_labels[:300],
                               digits.test_images[:100], digits.test_labels[:100])
    torch.manual_seed(0)
    encoder = vision.ViTEncoder(vision.TinyViTConfig(width=16, depth=1, heads=2))
    rows = comparison.linear_probes(small, {"random": encoder})
    assert [(r.features, r.readout) for r in rows] == [
        (PIXELS, "64 values"), ("random", "linear, class token"), ("random", "linear, mean of patch tokens")]
    assert rows[0].accuracy > 0.8  # logistic regression on raw digit pixels is a strong baseline
    assert all(0.1 < r.accuracy <= 1 for r in rows)


@pytest.mark.parametrize("a, b, verdict", [(0.95, 0.80, "higher"), (0.80, 0.95, "lower"), (0.86, 0.88, "no clear")])
def test_compare_counts_only_gaps_beyond_the_noise(a, b, verdict):
    assert comparison.compare(a, b, 450).startswith(verdict)


def test_verdicts_read_the_rows():
    rows = [ProbeResult(PIXELS, "64 values", 0.97), ProbeResult(VIT, "linear, class token", 0.96),
            ProbeResult(MAE, "linear, class token", 0.81), ProbeResult(MAE, "linear, mean of patch tokens", 0.86),
            ProbeResult(UNTRAINED, "linear, class token", 0.88), ProbeResult(MAE, "fine-tuned 4 epochs", 0.91),
            ProbeResult(SCRATCH, "trained 4 epochs", 0.81), ProbeResult(VIT, "trained 12 epochs", 0.98)]
    lines = comparison.verdicts(rows, n=450).splitlines()
    assert lines[0] == ("MAE: linear probe 86.0% → fine-tuned 91.0% (gap +5.0 points; published ViT-B gap +15.6 points)")
    assert lines[1].endswith("96.0%; raw pixels: 97.0%")
    assert lines[3].endswith(": higher") and lines[4].startswith("MAE probe vs untrained probe: no clear difference")


def test_published_figures_come_from_data():
    assert comparison.published_mae_figures("reproduction") == {"MAE ViT-B, linear probe": 67.1, "MAE ViT-B, fine-tuned": 83.5}
    assert comparison.published_mae_figures() == {"MAE ViT-B, linear probe": 68.0, "MAE ViT-B, fine-tuned": 83.6}


def test_published_table_quotes_the_papers():
    table = comparison.published_table()
    assert "68.0%" in table and "83.6%" in table and "78.2%" in table and "50.3" in table
    assert "10.2 points below DINO's" in table
