"""Figures for lesson 04 (sound and contrastive learning). Each takes data, returns a Figure.

Built on ``core.figures`` (``matplotlib.figure.Figure``, not pyplot), so nothing is shown twice
and nothing global is read; a notebook cell ends with the figure and Jupyter draws it.
"""

from __future__ import annotations

import numpy as np

from ..core.figures import Curve, Panel, as_numpy, figure
from ..core.figures import training_curves as _curves
from .contrastive import INIT_LOGIT_SCALE


def waveform_and_mel(waveform, sample_rate_hz: int, mel_db, title: str = "", zoom_s: float = 0.02):
    """Three panels: the whole waveform, a ``zoom_s`` close-up where the sound starts, the log-mel (dB)."""
    from ..core import checks
    from .audio import HOP_S, to_mono_float

    wave, sample_rate_hz = to_mono_float(waveform), checks.sample_rate(sample_rate_hz)
    mel = as_numpy(mel_db)
    fig = figure(11, 2.8)
    axes = fig.subplots(1, 3, width_ratios=[1.1, 0.8, 1.3])
    t = np.arange(len(wave)) / sample_rate_hz
    axes[0].plot(t, wave, lw=0.5)
    axes[0].set(xlabel="time (s)", ylabel="amplitude", title=f"waveform: {len(wave):,} samples", ylim=(-1, 1))
    loud = np.flatnonzero(np.abs(wave) > 0.5 * np.abs(wave).max())
    start = loud[0] if len(loud) else 0
    stop = min(len(wave), start + int(zoom_s * sample_rate_hz))
    axes[1].plot(t[start:stop] * 1000, wave[start:stop], ".-", ms=2, lw=0.7)
    axes[1].set(xlabel="time (ms)", title=f"{zoom_s * 1000:.0f} ms close-up: {stop - start} samples")
    image = axes[2].imshow(mel, origin="lower", aspect="auto", cmap="magma",
                           extent=(0, mel.shape[1] * HOP_S, 0, mel.shape[0]))
    axes[2].set(xlabel="time (s)", ylabel="mel band", title=f"log-mel {mel.shape[0]}×{mel.shape[1]}")
    fig.colorbar(image, ax=axes[2], label="dB")
    if title:
        fig.suptitle(title)
    return fig


def mel_gallery(mels, titles, sample_rate_hz: int | None = None, columns: int = 5):
    """A grid of log-mel spectrograms ``[(n_mels, frames)]`` with a title each."""
    from ..core import checks

    mels, columns = [as_numpy(m) for m in mels], checks.integer(columns, "columns", 1, 20)
    rows = int(np.ceil(len(mels) / columns))
    fig = figure(2.3 * columns, 1.9 * rows)
    axes = np.atleast_1d(fig.subplots(rows, columns)).ravel()
    vmax = max(float(m.max()) for m in mels)
    for ax, mel, title in zip(axes, mels, titles):
        ax.imshow(mel, origin="lower", aspect="auto", cmap="magma", vmin=vmax - 80, vmax=vmax)
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[len(mels):]:
        ax.axis("off")
    return fig


def similarity_heatmap(similarity, row_labels=None, col_labels=None, title: str = "", ax=None,
                       vmin: float = -1.0, vmax: float = 1.0, cmap: str = "RdBu_r", annotate: bool = True):
    """A similarity matrix ``(rows, cols)`` as a heatmap, the diagonal (matched pairs) outlined."""
    from matplotlib.patches import Rectangle

    s = as_numpy(similarity)
    if s.ndim != 2 or 0 in s.shape:
        raise ValueError(f"similarity must be a non-empty (rows, cols) matrix, got shape {s.shape}")
    fig = None
    if ax is None:
        fig = figure(0.55 * s.shape[1] + 3.5, 0.42 * s.shape[0] + 1.5)
        ax = fig.subplots()
    image = ax.imshow(s, cmap=cmap, vmin=vmin, vmax=vmax)
    for i in range(min(s.shape)):
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, ec="black", lw=1.5))
    if annotate and s.size <= 144:
        for (i, j), v in np.ndenumerate(s):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if abs(v - (vmin + vmax) / 2) > 0.35 * (vmax - vmin) else "black")
    if row_labels is not None:
        ax.set_yticks(range(len(row_labels)), row_labels, fontsize=8)
    if col_labels is not None:
        ax.set_xticks(range(len(col_labels)), col_labels, rotation=40, ha="right", fontsize=8)
    ax.set_title(title, fontsize=10)
    (fig or ax.figure).colorbar(image, ax=ax, shrink=0.8)
    return fig if fig is not None else ax.figure


def before_after(before, after, row_labels, col_labels, titles=("before training", "after training")):
    """Two similarity heatmaps side by side (same clips and captions)."""
    b, a = as_numpy(before), as_numpy(after)
    fig = figure(0.5 * b.shape[1] * 2 + 5, 0.4 * b.shape[0] + 2.2)
    axes = fig.subplots(1, 2)
    for ax, s, title, rows in zip(axes, (b, a), titles, (row_labels, None)):
        similarity_heatmap(s, rows, col_labels, title, ax=ax, annotate=False)
    axes[1].set_yticks([])
    return fig


def temperature_softmax(similarity_row, temperatures, labels=None, match: int = 0):
    """How one row of similarities turns into probabilities at several temperatures (bars)."""
    from .contrastive import softmax_rows

    from ..core import checks

    s = as_numpy(similarity_row).astype(np.float32)
    if s.ndim != 1 or not len(s):
        raise ValueError(f"similarity_row must be one non-empty row (cols,), got shape {s.shape}")
    match = checks.integer(match, "match", 0, len(s) - 1)
    fig = figure(3.0 * len(temperatures), 2.8)
    axes = np.atleast_1d(fig.subplots(1, len(temperatures), sharey=True))
    for ax, temp in zip(axes, temperatures):
        p = softmax_rows(s[None], temp)[0].numpy()
        colours = ["tab:green" if j == match else "tab:gray" for j in range(len(p))]
        ax.bar(range(len(p)), p, color=colours)
        ax.set_title(f"τ = {temp:g} (scale {1 / temp:.3g})\nmatch gets {p[match]:.0%}", fontsize=9)
        ax.set_ylim(0, 1)
        ax.set_xticks(range(len(p)), labels if labels is not None else range(len(p)),
                      rotation=60 if labels is not None else 0, ha="right" if labels is not None else "center", fontsize=7)
    axes[0].set_ylabel("softmax probability")
    return fig


def loss_vs_batch(results: dict[int, tuple[float, float]], title: str = ""):
    """Mean InfoNCE loss against batch size, with the chance level ``log B`` for comparison."""
    sizes = sorted(results)
    fig = figure(5.5, 3.3)
    ax = fig.subplots()
    ax.plot(sizes, [results[b][0] for b in sizes], "o-", label="InfoNCE loss, same pair quality")
    ax.plot(sizes, [results[b][1] for b in sizes], "--", color="gray", label="chance: log B")
    ax.set(xscale="log", xlabel="batch size B (B − 1 negatives per pair)", ylabel="loss (nats)", title=title)
    ax.set_xticks(sizes, [str(b) for b in sizes])
    ax.legend(fontsize=8)
    return fig


def training_curves(histories):
    """Loss and logit scale per step for one or more ``training.History``, side by side."""
    top = max(max(h.logit_scales) for h in histories)
    loss = Panel([Curve(f"{h.text_tower} ({h.seconds:.0f} s)", h.losses) for h in histories],
                 ylabel="InfoNCE loss", title="training loss")
    scale = Panel([Curve(h.text_tower, h.logit_scales) for h in histories], ylabel="logit scale = 1/τ",
                  title="learned logit scale (clamped to at most 100)", references={"start: 1/0.07": INIT_LOGIT_SCALE},
                  ylim=(0, top * 1.3))
    return _curves([loss, scale], width_in=10, height_in=3)


def confusion(matrix, class_names, title: str = ""):
    """A confusion matrix (rows true, columns predicted) with counts."""
    m = as_numpy(matrix)
    fig = figure(6, 5)
    ax = fig.subplots()
    ax.imshow(m, cmap="Blues")
    for (i, j), v in np.ndenumerate(m):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8, color="white" if v > m.max() / 2 else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(class_names)), class_names, fontsize=8)
    ax.set(xlabel="predicted", ylabel="true", title=title)
    return fig


def caption_ranking(ranked, title: str = "", ax=None, xlabel: str = "probability over these captions"):
    """Horizontal bars of ``[(caption, probability)]``, best at the top (on ``ax`` when given)."""
    fig = None
    if ax is None:
        fig = figure(6.5, 0.32 * len(ranked) + 1.0)
        ax = fig.subplots()
    names = [c for c, _ in ranked][::-1]
    probs = [p for _, p in ranked][::-1]
    ax.barh(range(len(ranked)), probs, color=["tab:blue"] * (len(ranked) - 1) + ["tab:green"])
    ax.set_yticks(range(len(ranked)), names, fontsize=8)
    ax.set(xlim=(0, 1), xlabel=xlabel, title=title)
    return fig if fig is not None else ax.figure
