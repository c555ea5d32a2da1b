"""Figures for lesson 05 (modality encoders). Each takes data and returns a ``matplotlib.figure.Figure``."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..core.figures import Curve, Panel, as_numpy, figure, training_curves

# matplotlib's tab10: ten distinct colours, one per digit class or kind of sound
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
STAGE_COLOURS = {"signal": "#eeeeee", "encoder": "#d6f0ff", "features": "#dcf5d0", "connector": "#fff0c2",
                 "llm": "#ffd6d6"}


def _shape(shape) -> str:
    return "(" + ", ".join(f"{s:,}" for s in shape) + ")"


def pipeline(rows: Sequence[tuple[str, Sequence[tuple[str, str, tuple]]]], title: str = ""):
    """The pattern as boxes and arrows, one row per modality, each box labelled with a real tensor shape.

    ``rows``: ``[(modality, [(stage_kind, label, shape), ...]), ...]`` where ``stage_kind`` is one of
    ``STAGE_COLOURS`` (signal, encoder, features, connector, llm) and ``shape`` a tuple of ints
    (``()`` for a module box with no tensor).
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if not rows:
        raise ValueError("expected at least one row")
    columns = max(len(stages) for _, stages in rows)
    fig = figure(2.3 * columns + 1.2, 1.15 * len(rows) + (0.4 if title else 0.1))
    ax = fig.add_subplot()
    for r, (modality, stages) in enumerate(rows):
        y = len(rows) - 1 - r
        ax.text(-0.15, y + 0.45, modality, ha="right", va="center", fontsize=10, weight="bold")
        for c, (kind, label, shape) in enumerate(stages):
            if kind not in STAGE_COLOURS:
                raise ValueError(f"unknown stage kind {kind!r}; known: {', '.join(STAGE_COLOURS)}")
            ax.add_patch(FancyBboxPatch((c + 0.06, y + 0.08), 0.78, 0.74, boxstyle="round,pad=0,rounding_size=0.08",
                                        facecolor=STAGE_COLOURS[kind], edgecolor="#555555", linewidth=0.8))
            ax.text(c + 0.45, y + 0.58, label, ha="center", va="center", fontsize=8)
            if shape:
                ax.text(c + 0.45, y + 0.3, _shape(shape), ha="center", va="center", fontsize=7.5,
                        family="monospace", color="#333333")
            if c + 1 < len(stages):
                ax.add_patch(FancyArrowPatch((c + 0.85, y + 0.45), (c + 1.05, y + 0.45), arrowstyle="-|>",
                                             mutation_scale=10, color="#555555"))
    ax.set_xlim(-1.3, columns)
    ax.set_ylim(0, len(rows))
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return fig


def feature_maps(panels: Sequence[dict], columns: int = 3):
    """2-D projections of several encoders' features, coloured by class, one panel each.

    Each panel: ``{"title", "xy" (n, 2), "labels" (n,) ints, "class_names", "score" (str, optional)}``.
    """
    if not panels:
        raise ValueError("expected at least one panel")
    rows = -(-len(panels) // columns)
    fig = figure(4.1 * min(columns, len(panels)), 3.6 * rows)
    for k, panel in enumerate(panels):
        ax = fig.add_subplot(rows, min(columns, len(panels)), k + 1)
        xy, labels = np.asarray(panel["xy"]), np.asarray(panel["labels"])
        names = list(panel["class_names"])
        for c, name in enumerate(names):
            pick = labels == c
            ax.scatter(xy[pick, 0], xy[pick, 1], s=10, alpha=0.75, color=PALETTE[c % len(PALETTE)], label=name)
        ax.set_title(panel["title"] + (f"\n{panel['score']}" if panel.get("score") else ""), fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("PC 1", fontsize=8)
        ax.set_ylabel("PC 2", fontsize=8)
        if len(names) <= 10:
            ax.legend(fontsize=6.5, markerscale=1.2, loc="best", framealpha=0.6, handletextpad=0.2)
    return fig


def token_growth(frames: Sequence[int], series: dict[str, Sequence[int]], context_windows: dict[str, int],
                 title: str = ""):
    """Visual tokens against frames (log scale), one line per setting, with context windows as dashed lines."""
    fig = figure(7.5, 4.2)
    ax = fig.add_subplot()
    for k, (name, counts) in enumerate(series.items()):
        if len(counts) != len(frames):
            raise ValueError(f"series {name!r} has {len(counts)} values for {len(frames)} frame counts")
        ax.plot(frames, counts, marker="o", color=PALETTE[k % len(PALETTE)], label=name)
    for k, (name, size) in enumerate(context_windows.items()):
        ax.axhline(size, color="#777777", linestyle="--", linewidth=0.8)
        ax.text(frames[0], size * 1.08, name, fontsize=7.5, color="#555555")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(list(frames), [str(f) for f in frames])
    ax.set_xlabel("frames sampled from the video")
    ax.set_ylabel("tokens handed to the language model")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return fig


def image_strip(images, titles: Sequence[str] | None = None, title: str = ""):
    """A row of images ``(n, C, H, W)`` or ``(n, H, W)`` in [0, 1] (grayscale shown in gray)."""
    x = as_numpy(images).astype(np.float32)
    if x.ndim == 4:
        x = x.transpose(0, 2, 3, 1)
        if x.shape[-1] == 1:
            x = x[..., 0]
    if x.ndim not in (3, 4):
        raise ValueError(f"expected images (n, C, H, W) or (n, H, W), got shape {x.shape}")
    n = len(x)
    fig = figure(1.5 * n, 1.75 + (0.25 if title else 0))
    axes = fig.subplots(1, n, squeeze=False)[0]
    for k, ax in enumerate(axes):
        ax.imshow(x[k], cmap="gray" if x.ndim == 3 else None, vmin=0, vmax=1)
        ax.axis("off")
        if titles:
            ax.set_title(titles[k], fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    return fig


def grouped_scores(groups: Sequence[str], series: dict[str, Sequence[float]], chance: float | None = None,
                   ylabel: str = "accuracy", title: str = ""):
    """Bars per group and series (values in [0, 1]) with the value written on each bar and a chance line."""
    fig = figure(1.9 * len(groups) + 2.5, 3.8)
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(series))
    x = np.arange(len(groups))
    for k, (name, values) in enumerate(series.items()):
        if len(values) != len(groups):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(groups)} groups")
        bars = ax.bar(x + (k - (len(series) - 1) / 2) * width, values, width, label=name,
                      color=PALETTE[k % len(PALETTE)])
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.01, f"{v:.0%}", ha="center", va="bottom", fontsize=8)
    if chance is not None:
        ax.axhline(chance, color="#444444", linestyle=":", linewidth=1)
        ax.text(len(groups) - 0.5, chance + 0.015, f"chance {chance:.0%}", ha="right", fontsize=8)
    ax.set_xticks(x, groups, fontsize=8.5)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="upper left")
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return fig


def connector_curves(runs: dict[str, Sequence[float]], before: dict[str, float] | None = None,
                     chance: float | None = None, ylabel: str = "test retrieval accuracy", title: str = ""):
    """Accuracy per epoch for each run, with its value before training at epoch 0 and a chance line."""
    before = before or {}
    curves = [Curve(name, [before[name], *values] if name in before else list(values),
                    x=range(0 if name in before else 1, len(values) + 1), marker=".", colour=PALETTE[k % len(PALETTE)])
              for k, (name, values) in enumerate(runs.items())]
    references = {} if chance is None else {f"chance ({chance:.0%})": chance}
    return training_curves([Panel(curves, xlabel="epoch (0 = before training)", ylabel=ylabel, title=title,
                                  references=references, ylim=(0, 1.02), grid=True)], width_in=6.5, height_in=3.6)
