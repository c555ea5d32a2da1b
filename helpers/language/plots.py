"""Figures for lesson 02 (BERT vs GPT). Each takes data and returns a ``matplotlib.figure.Figure``."""

from __future__ import annotations

from ..core import checks
from ..core.figures import Curve, Panel, as_numpy, figure
from ..core.figures import training_curves as curves_figure

BERT_COLOUR = "#1565c0"
GPT_COLOUR = "#c62828"
SEGMENT_COLOURS = ("#bbdefb", "#ffe0b2")


def parameter_bars(rows: list[dict]):
    """Log-scale bars of counted parameters per architecture (rows from ``architecture_table``),
    with the closed-form count and the published figure marked on each bar."""
    fig = figure(8, 3.2)
    ax = fig.add_subplot()
    names = [r["model"] for r in rows]
    colours = [BERT_COLOUR if r["model"].startswith("BERT") else GPT_COLOUR for r in rows]
    ax.bar(names, [r["counted"] for r in rows], color=colours, alpha=0.8, label="counted (meta device)")
    ax.scatter(names, [r["formula"] for r in rows], marker="_", s=900, color="black", label="formula", zorder=3)
    ax.scatter(names, [r["published"] for r in rows], marker="o", color="gold", edgecolor="black",
               label="published", zorder=4)
    for i, r in enumerate(rows):
        ax.annotate(f"{r['counted'] / 1e6:,.0f}M", (i, r["counted"]), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("parameters")
    ax.set_title("Parameters: counted on the meta device vs the 12·L·d² + embeddings formula")
    ax.legend(fontsize=8, loc="upper left")
    return fig


def embedding_rows(tokens: list[str], segment_ids=None, title: str = ""):
    """The input of a Transformer as rows of chips: the tokens, then one row per embedding that is
    summed into each position (token, segment if ``segment_ids`` is given, position)."""
    n = len(tokens)
    rows = [("token", tokens, ["#eeeeee"] * n)]
    if segment_ids is not None:
        rows.append(("segment", [f"E_{'AB'[int(s)]}" for s in segment_ids],
                     [SEGMENT_COLOURS[int(s) % 2] for s in segment_ids]))
    rows.append(("position", [f"E_{i}" for i in range(n)], ["#e1bee7"] * n))
    fig = figure(max(6.0, 0.62 * n + 1.2), 0.55 * len(rows) + 0.7)
    ax = fig.add_subplot()
    for r, (name, labels, colours) in enumerate(rows):
        y = len(rows) - 1 - r
        ax.text(-0.6, y, name, ha="right", va="center", fontsize=9, fontweight="bold")
        for i, (label, colour) in enumerate(zip(labels, colours)):
            ax.add_patch(_chip(i, y, colour))
            ax.text(i, y, label, ha="center", va="center", fontsize=7 if len(label) > 6 else 8)
    ax.set_xlim(-2.2, n - 0.4)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.axis("off")
    ax.set_title(title, fontsize=10, loc="left")
    return fig


def _chip(x: float, y: float, colour: str):
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x - 0.45, y - 0.32), 0.9, 0.64, boxstyle="round,pad=0.02", facecolor=colour,
                          edgecolor="#616161", linewidth=0.6)


def mask_heatmaps(masks: dict, labels: list[str] | None = None):
    """Side-by-side heatmaps of bool attention masks ``{name: (n, n)}``: row = query, column = key."""
    if not isinstance(masks, dict) or not masks:
        raise ValueError(f"masks must be a non-empty dict of name -> (n, n) mask, got {checks.shown(masks)}")
    fig = figure(4.2 * len(masks), 4.0)
    for k, (name, mask) in enumerate(masks.items()):
        ax = fig.add_subplot(1, len(masks), k + 1)
        ax.imshow(as_numpy(mask).astype(float), cmap="Blues", vmin=0, vmax=1.25)
        n = mask.shape[0]
        ticks = labels if labels is not None and len(labels) == n else [str(i) for i in range(n)]
        ax.set_xticks(range(n), ticks, rotation=90, fontsize=7)
        ax.set_yticks(range(n), ticks, fontsize=7)
        ax.set_xlabel("attends to (key)")
        ax.set_ylabel("position (query)")
        ax.set_title(f"{name}: {int(mask.sum())} of {n * n} allowed")
    return fig


def position_changes(panels: list[tuple[str, list[str], list[float], int]]):
    """Bars of how much each position's final hidden state moved when one word changed.

    ``panels``: ``(title, token labels, change per position, index of the changed token)``.
    """
    if not isinstance(panels, (list, tuple)) or not panels:
        raise ValueError(f"panels must be a non-empty list of (title, tokens, change, index), got {checks.shown(panels)}")
    fig = figure(10, 2.6 * len(panels))
    for k, (title, tokens, change, changed) in enumerate(panels):
        ax = fig.add_subplot(len(panels), 1, k + 1)
        colours = ["#ef6c00" if i == changed else ("#90a4ae" if c < 1e-6 else "#1e88e5") for i, c in enumerate(change)]
        ax.bar(range(len(change)), change, color=colours)
        ax.set_xticks(range(len(tokens)), tokens, rotation=45, ha="right", fontsize=8)
        ax.set_ylabel("‖Δ hidden‖")
        ax.set_title(title, fontsize=10, loc="left")
        for i, c in enumerate(change):
            if c < 1e-6:
                ax.text(i, 0, "0", ha="center", va="bottom", fontsize=8, color="#455a64")
    return fig


def training_curves(models: dict, window: int = 10):
    """Training loss (moving average over ``window`` steps) of each model ``{name: LanguageModel}``."""
    curves = [Curve(f"{name} ({lm.train_seconds:.0f} s)", lm.losses, smooth=window,
                    colour=BERT_COLOUR if lm.kind == "masked" else GPT_COLOUR) for name, lm in models.items()]
    return curves_figure([Panel(curves, ylabel="cross-entropy (nats)",
                                title="Training loss: masked LM on 15% of tokens, causal LM on every token")],
                         width_in=7, height_in=3.2)


def accuracy_by_position(comparison, title: str = "Filling a held-out word: what each model can read"):
    """Held-out top-1 whole-word accuracy against the position of the target in the window
    (left context grows to the right), one line per reader of ``HeldOutComparison``."""
    fig = figure(8, 3.4)
    ax = fig.add_subplot()
    styles = {"bert_both": ("tiny BERT, both sides", BERT_COLOUR, "-"),
              "bert_left": ("tiny BERT, right side cut off", BERT_COLOUR, "--"),
              "gpt": ("tiny GPT (left side only)", GPT_COLOUR, "-")}
    for reader, (label, colour, style) in styles.items():
        if reader not in comparison.correct:
            continue
        ax.plot(comparison.positions, comparison.accuracy_by_position(reader), style, color=colour, marker="o",
                markersize=3, label=f"{label}: {comparison.accuracy(reader):.1%} overall")
    ax.set_xlabel("position of the masked word in its window (= tokens of left context)")
    ax.set_ylabel("top-1 accuracy")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return fig


def similarity_heatmap(matrix, labels: list[str], title: str = ""):
    """Cosine-similarity matrix ``(n, n)`` as an annotated heatmap."""
    m = as_numpy(matrix)
    fig = figure(0.9 * len(labels) + 3.5, 0.6 * len(labels) + 1.6)
    ax = fig.add_subplot()
    low = float(m.min())
    im = ax.imshow(m, cmap="viridis", vmin=low, vmax=1)
    ax.set_xticks(range(len(labels)), [str(i + 1) for i in range(len(labels))])
    ax.set_yticks(range(len(labels)), [f"{i + 1}. {lab}" for i, lab in enumerate(labels)], fontsize=8)
    for i in range(len(m)):
        for j in range(len(m)):
            ax.text(j, i, f"{m[i, j]:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if m[i, j] < (low + 1) / 2 else "black")
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set_title(title, fontsize=10)
    return fig


def attention_heatmap(weights, tokens: list[str], title: str = ""):
    """One head's attention weights ``(T, T)`` (rows = queries) with the tokens on both axes."""
    fig = figure(5.2, 4.8)
    ax = fig.add_subplot()
    ax.imshow(as_numpy(weights), cmap="magma", vmin=0, vmax=1)
    ax.set_xticks(range(len(tokens)), tokens, rotation=90, fontsize=8)
    ax.set_yticks(range(len(tokens)), tokens, fontsize=8)
    ax.set_xlabel("attends to")
    ax.set_title(title, fontsize=10)
    return fig


def proportion_bars(measured: dict, expected: dict, title: str = ""):
    """Grouped bars: measured fractions next to the intended ones (same keys)."""
    import numpy as np

    keys = list(expected)
    fig = figure(6, 2.8)
    ax = fig.add_subplot()
    x = np.arange(len(keys))
    ax.bar(x - 0.2, [expected[k] for k in keys], 0.4, color="#b0bec5", label="rule")
    ax.bar(x + 0.2, [measured[k] for k in keys], 0.4, color=BERT_COLOUR, label="measured")
    for i, k in enumerate(keys):
        ax.text(i + 0.2, measured[k], f"{measured[k]:.1%}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, keys)
    ax.set_ylabel("fraction")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return fig
