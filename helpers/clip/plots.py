"""Lesson 01's figures: the 77-slot window, the causal mask, words per window, tokens per word, embedding drift.

Each function takes data and returns a ``matplotlib.figure.Figure`` (built with ``core.figures``).
"""

from __future__ import annotations

from typing import Sequence

from ..core.figures import Curve, Panel, figure, training_curves

CHIP_COLOURS = ("#ffd6d6", "#d6f0ff", "#dcf5d0", "#fff0c2", "#ead9ff", "#ffe0f0", "#d9f7f2", "#f2e6d9")
SPECIAL_COLOUR = "#444444"
PAD_COLOUR = "#f0f0f0"


def token_grid(ids: Sequence[int], labels: Sequence[str], kinds: Sequence[str], columns: int = 11,
               title: str | None = None):
    """Every slot of a context window as a coloured cell with its piece and id.

    ``kinds`` gives each slot's role: ``"special"``, ``"content"`` or ``"pad"``. With 77 slots and
    11 columns this draws CLIP's whole 7 × 11 input.
    """
    if not (len(ids) == len(labels) == len(kinds)):
        raise ValueError(f"ids, labels and kinds must have equal lengths, got {len(ids)}, {len(labels)}, {len(kinds)}")
    if columns < 1:
        raise ValueError(f"columns must be >= 1, got {columns}")
    rows = max(1, -(-len(ids) // columns))
    fig = figure(columns * 1.05, rows * 0.62 + (0.4 if title else 0.1))
    ax = fig.add_subplot()
    content = 0
    for k, (token_id, label, kind) in enumerate(zip(ids, labels, kinds)):
        r, c = divmod(k, columns)
        if kind == "special":
            face, ink = SPECIAL_COLOUR, "white"
        elif kind == "pad":
            face, ink = PAD_COLOUR, "#999999"
        else:
            face, ink = CHIP_COLOURS[content % len(CHIP_COLOURS)], "black"
            content += 1
        ax.add_patch(_box(c, r, face))
        ax.text(c + 0.5, r + 0.38, label if len(label) <= 10 else label[:9] + "…", ha="center", va="center",
                fontsize=8, color=ink, family="monospace")
        ax.text(c + 0.5, r + 0.75, str(token_id), ha="center", va="center", fontsize=6.5, color=ink)
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return fig


def _box(x: float, y: float, face: str):
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x + 0.05, y + 0.06), 0.9, 0.86, boxstyle="round,pad=0,rounding_size=0.12",
                          facecolor=face, edgecolor="white")


def mask_heatmap(allowed, title: str = "", labels: Sequence[str] | None = None):
    """A boolean attention mask ``(n, n)`` (True = query row may attend to key column) as a heatmap."""
    import numpy as np

    allowed = np.asarray(allowed, dtype=bool)
    if allowed.ndim != 2 or allowed.shape[0] != allowed.shape[1]:
        raise ValueError(f"allowed must be a square (n, n) mask, got shape {allowed.shape}")
    fig = figure(4.2, 3.8)
    ax = fig.add_subplot()
    ax.imshow(allowed, cmap="Blues", vmin=0, vmax=1.3, interpolation="nearest")
    ax.set_xlabel("key position (attended to)")
    ax.set_ylabel("query position (attending)")
    if labels is not None:
        ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
        ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_title(title, fontsize=10)
    return fig


def distribution(values: Sequence[float], xlabel: str, claim: float | None = None, claim_label: str = "",
                 title: str = "", bins: int | None = None):
    """Histogram of measured ``values`` with their median, and a claimed value to compare against."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise ValueError("values must hold at least one number to plot, got none")
    fig = figure(6.0, 3.2)
    ax = fig.add_subplot()
    lo, hi = int(values.min()), int(values.max())
    ax.hist(values, bins=bins or max(1, hi - lo + 1), range=(lo - 0.5, hi + 0.5) if bins is None else None,
            color="#6a9fd8", edgecolor="white", label=f"measured (n = {values.size})")
    median = float(np.median(values))
    ax.axvline(median, color="#1a4f8a", linewidth=2, label=f"median {median:g}")
    if claim is not None:
        ax.axvline(claim, color="#c62828", linestyle="--", linewidth=2, label=claim_label or f"claimed {claim:g}")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("count")
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
    return fig


def grouped_bars(groups: Sequence[str], series: dict[str, Sequence[float]], ylabel: str, title: str = "",
                 reference: float | None = None, reference_label: str = ""):
    """Bars for several series (e.g. tokenizers) over the same groups (e.g. kinds of text)."""
    import numpy as np

    if not series:
        raise ValueError("expected at least one series")
    for name, vals in series.items():
        if len(vals) != len(groups):
            raise ValueError(f"series {name!r} has {len(vals)} values for {len(groups)} groups")
    fig = figure(max(6.0, 1.1 * len(groups)), 3.4)
    ax = fig.add_subplot()
    width = 0.8 / len(series)
    x = np.arange(len(groups))
    for k, (name, vals) in enumerate(series.items()):
        bars = ax.bar(x + (k - (len(series) - 1) / 2) * width, vals, width, label=name)
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
    if reference is not None:
        ax.axhline(reference, color="#c62828", linestyle="--", linewidth=1, label=reference_label)
    ax.set_xticks(x, groups, fontsize=8)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
    return fig


def embedding_drift_curves(counts: Sequence[int], steps: Sequence[float], cos_full: Sequence[float],
                           effective_tokens: float = 20, title: str = ""):
    """``embedding_drift``'s result: per-word change and similarity to the full caption against tokens,
    with a dashed line at the effective length Long-CLIP reports."""
    if not (len(counts) == len(steps) == len(cos_full)):
        raise ValueError(f"counts, steps and cos_full must have equal lengths, got {len(counts)}, {len(steps)}, "
                         f"{len(cos_full)}")
    panel = Panel([Curve("1 − cos(previous prefix)", steps, x=counts, marker="o"),
                   Curve("cos(full caption)", cos_full, x=counts, marker="o")],
                  xlabel="tokens in the caption prefix", ylabel="embedding change", title=title)
    fig = training_curves([panel], width_in=6.0)
    ax = fig.axes[0]
    ax.axvline(effective_tokens, color="#c62828", linestyle="--", linewidth=1,
               label=f"Long-CLIP: ~{effective_tokens:g}")
    ax.legend(fontsize=8)
    return fig
