"""helpers.vision.side_by_side: the live model and the checkpoint in one table, each with how it was trained."""

from types import SimpleNamespace

from helpers.core.checkpoints import read_card
from helpers.vision import side_by_side

LOG = SimpleNamespace(steps=12, seconds=3.4)


def test_how_trained_reads_the_log_or_the_card():
    assert side_by_side.how_trained(LOG) == "12 steps, 3 s"
    card = read_card("tiny_vit")
    assert side_by_side.how_trained(name="tiny_vit") == f"{card.steps:,} steps, {card.wall_time_s / 60:.1f} min"


def test_compared_measures_each_model_present_and_marks_the_missing_one():
    text = side_by_side.compared("toy, 3 held-out items", lambda model, data: {"score": f"{model * len(data)}"},
                                 [1, 2, 3], "tiny_vit", live=2, live_log=LOG, checkpoint=None)
    assert text.splitlines()[0].startswith("toy, 3 held-out items")
    assert side_by_side.LIVE_COLUMN in text and side_by_side.CHECKPOINT_COLUMN in text
    assert "12 steps, 3 s" in text and "6" in text and "not run" in text
