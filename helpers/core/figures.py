"""One figure setup and one training-curve plot for every lesson.

Figures are functions that take data and return a ``matplotlib.figure.Figure``; they never call
``plt.show()`` (the notebook displays what a cell returns, tests inspect it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")


def figure(width_in: float, height_in: float):
    """A new ``Figure`` of ``width_in × height_in`` inches with constrained layout (no pyplot state)."""
    from matplotlib.figure import Figure

    from . import checks

    size = checks.real(width_in, "width_in", 0, open_minimum=True), checks.real(height_in, "height_in", 0, open_minimum=True)
    return Figure(figsize=size, layout="constrained")


def as_numpy(x):
    """A tensor (any device, with or without grad), list or array as a numpy array."""
    import numpy as np

    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


@dataclass
class Curve:
    """One line: ``values`` against ``x`` (default 1, 2, ...), optionally a moving average over ``smooth`` points."""

    label: str
    values: Sequence[float]
    x: Sequence[float] | None = None
    style: str = "-"
    colour: str | None = None
    smooth: int = 1
    marker: str | None = None


@dataclass
class Panel:
    """One axes of a training-curve figure: its curves, axis labels, and reference lines (label → y)."""

    curves: list[Curve]
    xlabel: str = "step"
    ylabel: str = "loss"
    title: str = ""
    references: dict[str, float] = field(default_factory=dict)
    log_y: bool = False
    ylim: tuple[float, float] | None = None
    grid: bool = False


def _draw(ax, curve: Curve, colour: str) -> None:
    import numpy as np

    values = np.asarray(curve.values, dtype=float)
    x = np.arange(1, len(values) + 1) if curve.x is None else np.asarray(curve.x, dtype=float)
    w = max(1, min(curve.smooth, len(values)))
    if w > 1:
        values = np.convolve(values, np.ones(w) / w, mode="valid")
        x = x[w - 1:]
    ax.plot(x, values, curve.style, color=curve.colour or colour, label=curve.label, marker=curve.marker,
            markersize=3 if curve.marker else None, lw=1.2)


def training_curves(panels: Sequence[Panel], width_in: float | None = None, height_in: float = 3.2):
    """Panels side by side, each with its curves, dotted reference lines and a legend."""
    if not isinstance(panels, (list, tuple)) or not panels or not all(isinstance(p, Panel) for p in panels):
        raise ValueError(f"panels must be a non-empty list of Panel, got {type(panels).__name__} {panels!r:.40}")
    fig = figure(width_in or 4.5 * len(panels) + 0.5, height_in)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels):
        for k, curve in enumerate(panel.curves):
            _draw(ax, curve, PALETTE[k % len(PALETTE)])
        for label, y in panel.references.items():
            ax.axhline(y, color="#555555", linestyle=":", linewidth=1, label=label)
        ax.set(xlabel=panel.xlabel, ylabel=panel.ylabel)
        if panel.title:
            ax.set_title(panel.title, fontsize=10)
        if panel.log_y:
            ax.set_yscale("log")
        if panel.ylim is not None:
            ax.set_ylim(*panel.ylim)
        if panel.grid:
            ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=8)
    return fig
