"""Figures for lesson 03 (ViT vs MAE). Each takes data and returns a ``matplotlib.figure.Figure``.

Built on ``helpers.core.figures`` (no pyplot), so nothing is shown twice and nothing global is
read; ``figure_png`` turns one into PNG bytes for a widget.
"""

from __future__ import annotations

from ..core.figures import PALETTE, Curve, Panel, as_numpy, figure


def _hwc(image):
    """``(C, H, W)`` tensor/array in [0, 1] → ``(H, W, C)`` or ``(H, W)`` numpy for imshow."""
    import numpy as np

    x = as_numpy(image)
    if x.ndim == 3:
        x = x[0] if x.shape[0] == 1 else np.transpose(x, (1, 2, 0))
    return np.clip(x, 0, 1)


def _show(ax, image, title: str = "", cmap: str = "gray_r"):
    x = _hwc(image)
    ax.imshow(x, cmap=cmap if x.ndim == 2 else None, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=8)


HIDDEN_COLOUR = (0.42, 0.68, 0.84)  # hidden patches are drawn in blue, a colour no digit or photo pixel is confused with


def _show_masked(ax, image, mask, title: str = ""):
    """``image`` ``(C, H, W)`` with the patches where ``mask`` ``(N,)`` is 1 painted ``HIDDEN_COLOUR``."""
    import numpy as np

    _show(ax, image, title)
    m = as_numpy(mask)
    side = int(round(len(m) ** 0.5))
    h = image.shape[-1]
    overlay = np.zeros((side, side, 4))
    overlay[..., :3] = HIDDEN_COLOUR
    overlay[..., 3] = m.reshape(side, side)
    ax.imshow(overlay, extent=(-0.5, h - 0.5, h - 0.5, -0.5), interpolation="nearest")


def figure_png(fig, dpi: int = 72) -> bytes:
    """PNG bytes of ``fig`` (for an ``ipywidgets.Image``)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def image_row(images, titles=None, height_in: float = 2.2):
    """Images ``(B, C, H, W)`` side by side, with optional titles."""
    b = len(images)
    fig = figure(height_in * b * 0.95, height_in + 0.3)
    axes = fig.subplots(1, b, squeeze=False)[0]
    for i in range(b):
        _show(axes[i], images[i], titles[i] if titles else "")
    return fig


def patch_grid(photo, patch_size: int, sequence_shown: int = 12):
    """The photo (``(3, S, S)``, or anything ``to_rgb`` accepts) cut on a grid; the first patches as a sequence; all patches flattened into rows.

    Three panels: the grid (patch numbers when there are at most 64), the first ``sequence_shown``
    patches in row-major order, and the ``(N, p*p*3)`` matrix a ViT projects row by row.
    """
    import numpy as np

    from .patches import grid_shape, patchify
    from .photos import to_rgb

    photo = to_rgb(photo)[0]  # grayscale, RGBA, uint8 or channels-last arrays all become (3, H, W) floats
    size = photo.shape[-1]
    rows, cols = grid_shape(size, patch_size)
    patches = patchify(photo[None], patch_size)[0]  # (N, p*p*3)
    n = patches.shape[0]
    fig = figure(10, 3.4)
    grid = fig.add_gridspec(2, 3, width_ratios=[1.0, 1.25, 1.0], height_ratios=[1, 1])
    ax = fig.add_subplot(grid[:, 0])
    _show(ax, photo, f"{size}×{size} px, {patch_size}×{patch_size} patches → {rows}×{cols} = {n}")
    lines = np.arange(0, size + 1, patch_size) - 0.5
    ax.vlines(lines, -0.5, size - 0.5, color="white", linewidth=0.6)
    ax.hlines(lines, -0.5, size - 0.5, color="white", linewidth=0.6)
    if n <= 64:
        for k in range(n):
            r, c = divmod(k, cols)
            ax.text(c * patch_size + patch_size / 2, r * patch_size + patch_size / 2, str(k), color="yellow",
                    ha="center", va="center", fontsize=7 if n <= 16 else 5)
    shown = min(sequence_shown, n)
    strip = fig.add_subplot(grid[0, 1])
    pieces = patches[:shown].reshape(shown, patch_size, patch_size, 3).numpy()
    gap = np.ones((patch_size, max(1, patch_size // 4), 3))
    strip.imshow(np.concatenate([np.concatenate([p, gap], axis=1) for p in pieces], axis=1).clip(0, 1))
    strip.set_xticks([])
    strip.set_yticks([])
    strip.set_title(f"the sequence: patches 0…{shown - 1} of {n}, row by row", fontsize=8)
    flat = fig.add_subplot(grid[1, 1])
    flat.imshow(patches[:shown].numpy(), aspect="auto", cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    flat.set_title(f"each flattened to {patches.shape[1]} numbers (row, column, channel)", fontsize=8)
    flat.set_xlabel("value index", fontsize=7)
    flat.set_ylabel("patch", fontsize=7)
    flat.tick_params(labelsize=6)
    matrix = fig.add_subplot(grid[:, 2])
    matrix.imshow(patches.numpy(), aspect="auto", cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    matrix.set_title(f"all {n} patches: a ({n}, {patches.shape[1]}) matrix\n→ Linear({patches.shape[1]}, width) per row",
                     fontsize=8)
    matrix.tick_params(labelsize=6)
    return fig


def training_curves(logs: dict, baselines: dict | None = None):
    """Loss per epoch for each named ``TrainingLog`` (held-out loss dashed where measured), test accuracy
    where measured, and ``baselines`` (name → loss) as dotted horizontal lines."""
    from ..core.figures import training_curves as draw

    losses, accuracies = [], []
    for colour, (name, log) in zip(PALETTE, logs.items()):
        losses.append(Curve(name, log.losses, colour=colour))
        if log.test_loss:
            losses.append(Curve(f"{name}, held out", log.test_loss, style="--", colour=colour))
        if log.test_accuracy:
            accuracies.append(Curve(name, [100 * a for a in log.test_accuracy], colour=colour))
    return draw([Panel(losses, "epoch", "loss", references=dict(baselines or {}), log_y=True),
                 Panel(accuracies, "epoch", "test accuracy (%)", grid=True)], width_in=9, height_in=3)


def attention_overlay(images, maps, titles=None, scale: float = 1.0):
    """Images ``(B, 1|3, H, W)`` with the class token's attention ``(B, rows, cols)`` drawn over them."""
    import numpy as np

    b = len(images)
    fig = figure(1.35 * b * scale + 0.6, 2.9 * scale)
    axes = np.atleast_2d(fig.subplots(2, b, squeeze=False))
    for i in range(b):
        image = _hwc(images[i])
        heat = as_numpy(maps[i])
        h, w = image.shape[:2]
        _show(axes[0, i], images[i], titles[i] if titles else "")
        axes[1, i].imshow(image, cmap="gray_r" if image.ndim == 2 else None, vmin=0, vmax=1, interpolation="nearest")
        axes[1, i].imshow(heat, cmap="magma", alpha=0.65, extent=(-0.5, w - 0.5, h - 0.5, -0.5),
                          interpolation="nearest", vmin=0, vmax=float(heat.max()) or 1)
        axes[1, i].set_xticks([])
        axes[1, i].set_yticks([])
    axes[0, 0].set_ylabel("input", fontsize=8)
    axes[1, 0].set_ylabel("class-token\nattention", fontsize=8)
    return fig


def reconstruction_grid(reconstructions: dict, max_images: int = 4, scale: float = 1.0):
    """One row per entry: for each image, original | masked input (hidden patches blue) | reconstruction.

    ``reconstructions`` maps a mask ratio (or a row label such as ``"checkpoint"``) to a
    ``helpers.vision.reconstruction.Reconstruction``.
    """
    import numpy as np

    keys = list(reconstructions)
    k = min(max_images, len(next(iter(reconstructions.values())).original))
    fig = figure(3 * k * 1.05 * scale + 0.4, 1.15 * len(keys) * scale + 0.4)
    axes = np.atleast_2d(fig.subplots(len(keys), 3 * k, squeeze=False))
    for row, key in enumerate(keys):
        rec = reconstructions[key]
        for i in range(k):
            _show(axes[row, 3 * i], rec.original[i], "original" if row == 0 else "")
            _show_masked(axes[row, 3 * i + 1], rec.original[i], rec.mask[i], f"{float(rec.mask[i].mean()):.0%} hidden")
            _show(axes[row, 3 * i + 2], rec.reconstruction[i], "reconstructed" if row == 0 else "")
        label = f"{key:.0%}" if isinstance(key, float) else str(key)
        axes[row, 0].set_ylabel(f"{label}\nMSE {rec.error:.3f}", fontsize=8)
    return fig


def probe_bars(rows, paper: dict | None = None):
    """Horizontal bars of test accuracy per (features, readout) row; ``paper`` adds a panel of published figures."""
    fig = figure(9 if paper else 6, 0.45 * len(rows) + 1.2)
    axes = fig.subplots(1, 2 if paper else 1, squeeze=False, width_ratios=[2, 1] if paper else [1])[0]
    labels = [f"{r.features} · {r.readout}" for r in rows]
    values = [100 * r.accuracy for r in rows]
    axes[0].barh(labels, values, color="#4c72b0")
    for y, v in enumerate(values):
        axes[0].text(v + 0.5, y, f"{v:.1f}%", va="center", fontsize=8)
    axes[0].set_xlim(0, 110)
    axes[0].invert_yaxis()
    axes[0].set_xlabel("test accuracy on digits (%), measured here")
    axes[0].tick_params(labelsize=8)
    if paper:
        axes[1].barh(list(paper), list(paper.values()), color="#dd8452", height=0.5)
        for y, v in enumerate(paper.values()):
            axes[1].text(v + 0.5, y, f"{v:.1f}%", va="center", fontsize=8)
        axes[1].set_xlim(0, 110)
        axes[1].invert_yaxis()
        axes[1].set_xlabel("ImageNet top-1 (%), published")
        axes[1].tick_params(labelsize=8)
    return fig


def compute_bars(costs: dict):
    """Encoder FLOPs and time at each mask ratio, relative to all patches: ``costs`` name → list of ``EncoderCost``."""
    fig = figure(8, 2.8)
    flop_ax, time_ax = fig.subplots(1, 2)
    for ax, attr, title in ((flop_ax, "flops", "FLOPs"), (time_ax, "seconds", "time")):
        names, values = [], []
        for name, runs in costs.items():
            full = getattr(runs[0], attr)
            for run in runs:
                names.append(f"{name.split(' (')[0]}\n{1 - run.mask_ratio:.0%} visible\n{run.tokens} tokens")
                values.append(getattr(run, attr) / full)
        bars = ax.bar(range(len(values)), values, color=["#4c72b0", "#dd8452"] * (len(values) // 2 + 1))
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.02, f"{v:.2f}×", ha="center", fontsize=8)
        ax.set_xticks(range(len(values)), names, fontsize=7)
        ax.set_ylim(0, 1.2)
        ax.set_title(f"encoder {title}, relative to 100% of the patches", fontsize=9)
    return fig
