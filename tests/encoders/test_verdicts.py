"""Words for measured numbers: the sentence follows from the values, whichever way they fall."""

from helpers.encoders import verdicts


def test_versus_chance_has_three_bands():
    assert verdicts.versus_chance(0.95, 0.1) == "far above chance"
    assert verdicts.versus_chance(0.2, 0.1) == "above chance"
    assert verdicts.versus_chance(0.14, 0.1) == "at or near chance"
    assert verdicts.versus_chance(0.02, 0.1) == "at or near chance"


def test_compare_within_tolerance_is_about_the_same():
    assert verdicts.compare(0.91, 0.90) == "about the same as"
    assert verdicts.compare(0.95, 0.90) == "higher than"
    assert verdicts.compare(0.80, 0.90) == "lower than"


def test_connector_verdict_reads_both_numbers():
    line = verdicts.connector_verdict("mlp", 0.11, 0.93, 2.5)
    assert line.startswith("mlp projector: 11.0% before training (at or near chance)")
    assert "93.0% after 2.5 s of training (far above chance; chance 10%)" in line
