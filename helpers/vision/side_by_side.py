"""The model trained live and the checkpoint, measured on the same held-out digits, in one small table.

What half a minute of training gives against several minutes is part of the lesson: each column says
how its model was trained (steps and time, from the run's ``TrainingLog`` or the checkpoint's card) and
what it scores on the 450 test digits, measured in this run.
"""

from __future__ import annotations

from ..core.checkpoints import read_card
from ..core.probes import linear_probe
from .readout import POOLS, accuracy, encoder_features
from .reconstruction import HELD_OUT_SEED, average_image_error, reconstruct

LIVE_COLUMN, CHECKPOINT_COLUMN = "live (this run)", "checkpoint (make checkpoints)"


def how_trained(log=None, name: str | None = None) -> str:
    """``"120 steps, 9 s"`` from a live run's log (``.steps``, ``.seconds``), or from checkpoint ``name``'s card."""
    if log is not None:
        return f"{log.steps:,} steps, {log.seconds:.0f} s"
    card = read_card(name)
    return f"{card.steps:,} steps, {card.wall_time_s / 60:.1f} min"


def vit_figures(model, digits) -> dict:
    """``{figure: text}`` for a tiny ViT: its test accuracy."""
    return {"test accuracy": f"{accuracy(model, digits.test_images, digits.test_labels):.1%}"}


def best_probe(encoder, digits) -> tuple[float, str]:
    """The better of the two linear probes (class token, mean patch token) on ``encoder``: ``(accuracy, readout)``."""
    return max((linear_probe(encoder_features(encoder, digits.train_images, pool), digits.train_labels,
                             encoder_features(encoder, digits.test_images, pool), digits.test_labels), readout)
               for pool, readout in POOLS.items())


def mae_figures(model, digits) -> dict:
    """``{figure: text}`` for a tiny MAE: held-out masked-patch error at 75% against the average-digit
    guess, and the best linear probe on its frozen encoder."""
    rec = reconstruct(model, digits.test_images, 0.75, seed=HELD_OUT_SEED)
    guess = average_image_error(digits.train_images, rec, model.config.encoder.patch_size)
    probe, readout = best_probe(model.encoder, digits)
    return {"masked-patch MSE at 75%": f"{rec.error:.4f}",
            "... over the average-digit guess": f"{rec.error / guess:.2f}x",
            "linear probe on its features": f"{probe:.1%} ({readout})"}


def table(title: str, columns: dict) -> str:
    """``columns`` maps a column heading to ``{row: text}`` (``None``: the column says it was not run)."""
    rows = next((list(c) for c in columns.values() if c), [])
    cells = {h: c if c else {r: "not run" for r in rows} for h, c in columns.items()}
    first = max(len(title), *(len(r) for r in rows))
    widths = {h: max(len(h), *(len(c[r]) for r in rows)) for h, c in cells.items()}
    lines = [f"{title:<{first}}  " + "  ".join(f"{h:<{widths[h]}}" for h in cells)]
    lines += [f"{r:<{first}}  " + "  ".join(f"{cells[h][r]:<{widths[h]}}" for h in cells) for r in rows]
    return "\n".join(lines)


def live_vs_checkpoint(kind: str, digits, live=None, live_log=None, checkpoint=None) -> str:
    """The table for ``kind`` ``"tiny_vit"`` or ``"tiny_mae"``: the live model (``None``: skipped) and the
    checkpoint (``None``: missing), each with how it was trained and its figures on ``digits``' test images."""
    figures = vit_figures if kind == "tiny_vit" else mae_figures
    title = f"{kind.replace('_', ' ').replace('tiny vit', 'tiny ViT').replace('tiny mae', 'tiny MAE')}, " \
            f"{len(digits.test_labels)} held-out digits"
    return compared(title, figures, digits, kind, live, live_log, checkpoint)


def compared(title: str, figures, data, name: str, live=None, live_log=None, checkpoint=None) -> str:
    """A small table: the live model (``None``: not run) and checkpoint ``name`` (``None``: not loaded), each
    with how it was trained and ``figures(model, data)`` measured on the same held-out ``data``."""
    columns = {}
    for heading, model, log in ((LIVE_COLUMN, live, live_log), (CHECKPOINT_COLUMN, checkpoint, None)):
        columns[heading] = None if model is None else {"trained": how_trained(log, name), **figures(model, data)}
    return table(title, columns)
