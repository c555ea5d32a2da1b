"""Widgets for lesson 04. Thin wiring only: the work is done by plain, tested functions.

- ``temperature_explorer(similarity, ...)``: a slider for the temperature over a fixed similarity
  matrix; shows the row-softmax and the InfoNCE loss at that temperature (``temperature_view``).
- ``sound_designer(model, ...)``: kind, pitch, duration, loudness and background noise make a clip
  (``design_sound``), which plays inline and is ranked against candidate captions
  (``evaluation.rank_captions``); a text box adds the reader's own caption.

Each factory returns the container widget (class ``fiveq-main``); every control has a description.
"""

from __future__ import annotations

import functools

import numpy as np

from ..core import corpora
from . import sounds

DEFAULT_CANDIDATES = corpora.read_lines("clap/designer_captions.txt")   # new wordings, none from training


def temperature_view(similarity, temperature: float) -> dict:
    """What the temperature does to a fixed ``(B, B)`` similarity matrix.

    Returns ``{"probabilities": (B, B) row-softmax of similarity / temperature, "loss": InfoNCE loss
    at logit scale 1 / temperature (computed from the raw scores), "diagonal_mean": mean probability
    on the matched pairs}``. The matrix need not come from unit vectors; it is used as given.
    """
    import torch
    import torch.nn.functional as F

    from .contrastive import softmax_rows

    s = torch.as_tensor(np.asarray(similarity), dtype=torch.float32)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] == 0:
        raise ValueError(f"similarity must be a non-empty square matrix, got shape {tuple(s.shape)}")
    probabilities = softmax_rows(s, temperature)
    targets = torch.arange(s.shape[0])
    logits = s / temperature
    loss = (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2
    return {"probabilities": probabilities, "loss": float(loss),
            "diagonal_mean": float(probabilities.diagonal().mean())}


def temperature_figure(similarity, temperature: float, labels=None):
    """Raw similarities beside their row-softmax at ``temperature``: a Figure."""
    from ..core.figures import figure
    from .plots import similarity_heatmap

    view = temperature_view(similarity, temperature)
    s = np.asarray(similarity)
    fig = figure(11, 0.42 * s.shape[0] + 1.8)
    left, right = fig.subplots(1, 2)
    similarity_heatmap(s, labels, labels, "cosine similarity (fixed)", ax=left, annotate=False)
    similarity_heatmap(view["probabilities"], None, labels,
                       f"softmax over each row at τ = {temperature:.3f} (scale {1 / temperature:.1f})\n"
                       f"loss {view['loss']:.3f}, mean probability on the match {view['diagonal_mean']:.0%}",
                       ax=right, vmin=0, vmax=1, cmap="Greens", annotate=False)
    return fig


def probability_grid_html(probabilities, labels=None) -> str:
    """A ``(rows, cols)`` matrix of probabilities as an HTML table shaded green, the diagonal outlined.

    Plain HTML redraws in a millisecond, where a matplotlib figure takes a few hundred.
    """
    import html

    p = np.asarray(probabilities, dtype=float)
    labels = [str(i) for i in range(p.shape[1])] if labels is None else [str(x) for x in labels]
    head = "".join(f'<th style="writing-mode:vertical-rl;font-weight:normal;padding:2px">{html.escape(x)}</th>'
                   for x in labels)
    rows = []
    for i, row in enumerate(p):
        cells = []
        for j, v in enumerate(row):
            border = "2px solid black" if i == j else "1px solid #ddd"
            colour = f"rgba(27,120,55,{v:.3f})"
            text = "white" if v > 0.55 else "black"
            cells.append(f'<td style="background:{colour};color:{text};border:{border};width:34px;height:22px;'
                         f'text-align:center;font-size:11px">{v:.2f}</td>')
        name = html.escape(labels[i]) if i < len(labels) else str(i)
        rows.append(f'<tr><th style="text-align:right;font-weight:normal;padding-right:4px">{name}</th>{"".join(cells)}</tr>')
    return (f'<table style="border-collapse:collapse;font-family:sans-serif;font-size:12px">'
            f'<tr><th></th>{head}</tr>{"".join(rows)}</table>')


def ranking_html(ranking) -> str:
    """``[(caption, probability)]`` as HTML bars, best first."""
    import html

    rows = []
    for rank, (caption, p) in enumerate(ranking):
        colour = "#2e7d32" if rank == 0 else "#1f77b4"
        rows.append(f'<div style="display:flex;align-items:center;font-family:sans-serif;font-size:12px;margin:1px 0">'
                    f'<span style="width:290px;text-align:right;padding-right:6px">{html.escape(caption)}</span>'
                    f'<span style="display:inline-block;height:12px;width:{max(1, round(260 * p))}px;background:{colour}">'
                    f'</span><span style="padding-left:6px">{p:.1%}</span></div>')
    return "".join(rows)


@functools.lru_cache(maxsize=1)
def _magma_lut() -> np.ndarray:
    """matplotlib's magma colour map as a ``(256, 3)`` uint8 table."""
    from matplotlib import colormaps

    return (colormaps["magma"](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)


def mel_png(waveform, sample_rate_hz: int, scale: int = 2) -> bytes:
    """The clip's log-mel as a small PNG picture (low pitches at the bottom), no axes: fast to redraw."""
    import io

    from PIL import Image

    from .audio import TOP_DB, log_mel

    mel = log_mel(waveform, sample_rate_hz).numpy()[::-1]
    levels = np.clip((mel - (mel.max() - TOP_DB)) / TOP_DB * 255, 0, 255).astype(np.uint8)
    image = Image.fromarray(_magma_lut()[levels]).resize((mel.shape[1] * scale, mel.shape[0] * scale), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def wav_bytes(waveform, sample_rate_hz: int) -> bytes:
    """A mono clip as 16-bit PCM WAV bytes (for an ``ipywidgets.Audio``); clipped to [-1, 1]."""
    import io
    import wave

    pcm = (np.clip(np.asarray(waveform, dtype=np.float64), -1, 1) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(sample_rate_hz))
        w.writeframes(pcm.tobytes())
    return buffer.getvalue()


def temperature_explorer(similarity, labels=None, initial: float = 0.07):
    """Slider over the temperature τ (log-spaced 0.01–1) for a fixed similarity matrix; an HTML grid
    shows each row's softmax.

    The returned box has ``.view`` (the latest ``temperature_view``) for tests and curious readers.
    """
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(value=initial, base=10, min=-2, max=0, step=0.02, description="temperature τ",
                                    readout_format=".3f", continuous_update=True,
                                    style={"description_width": "initial"})
    readout = widgets.HTML()
    grid = widgets.HTML()
    box = widgets.VBox([slider, readout, grid])
    box.add_class("fiveq-main")
    box.add_class("fiveq-temperature")

    def draw(*_):
        box.view = temperature_view(similarity, slider.value)
        readout.value = (f"τ = {slider.value:.3f} (logit scale {1 / slider.value:.1f}): loss {box.view['loss']:.3f}, "
                         f"mean probability on the matching caption {box.view['diagonal_mean']:.0%}. "
                         f"Rows: clips; columns: captions; each row is a softmax over the captions.")
        grid.value = probability_grid_html(box.view["probabilities"].numpy(), labels)

    slider.observe(draw, names="value")
    draw()
    return box


def design_sound(kind: str, pitch_hz: float = 440.0, duration_s: float = 1.0, noise: float = 0.0,
                 loud: bool = True, seed: int = 0) -> np.ndarray:
    """A clip ``(samples,)`` at ``sounds.SAMPLE_RATE_HZ`` from the designer's settings.

    ``pitch_hz`` sets the frequency of tonal kinds (tones, chord root, sweep start or end, tremolo
    carrier) and the click rate is kept in its kind's range; noise kinds ignore it. ``noise`` is
    the background hiss level (0–0.3).
    """
    spec = sounds.KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown sound kind {kind!r}; choose one of: {', '.join(sounds.KINDS)}")
    if not 20 <= pitch_hz <= 8000:
        raise ValueError(f"pitch_hz must be between 20 and 8000 Hz, got {pitch_hz}")
    parameter = pitch_hz if spec.tonal else spec.value(0.5)
    return sounds.synthesize(kind, parameter, duration_s, peak=0.7 if loud else 0.07, noise=noise, seed=seed)


def designer_ranking(model, kind: str, pitch_hz: float, duration_s: float, noise: float, loud: bool,
                     candidates) -> tuple[np.ndarray, list[tuple[str, float]]]:
    """``(clip, ranking)``: synthesise the designed clip and rank ``candidates`` for it (best first)."""
    from .evaluation import rank_captions

    clip = design_sound(kind, pitch_hz, duration_s, noise, loud)
    return clip, rank_captions(model, clip, sounds.SAMPLE_RATE_HZ, list(candidates))


def designer_figure(clip, ranking, title: str = ""):
    """The designed clip's log-mel beside the caption ranking: one small Figure."""
    from ..core.figures import figure
    from .audio import HOP_S, log_mel
    from .plots import caption_ranking

    mel = log_mel(clip, sounds.SAMPLE_RATE_HZ).numpy()
    fig = figure(10, 0.3 * len(ranking) + 1.4)
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.4])
    left.imshow(mel, origin="lower", aspect="auto", cmap="magma", vmin=mel.max() - 80, vmax=mel.max(),
                extent=(0, mel.shape[1] * HOP_S, 0, mel.shape[0]))
    left.set(xlabel="time (s)", ylabel="mel band", title="log-mel of the clip")
    caption_ranking(ranking, title, ax=right, xlabel="probability over the candidates")
    return fig


def sound_designer(model, candidates=DEFAULT_CANDIDATES):
    """Kind / pitch / duration / noise / loud controls; plays the clip and ranks captions for it.

    The returned box has ``.candidates`` (the caption list, growing as the reader adds captions)
    and ``.last_ranking`` (``[(caption, probability)]``, best first) for tests and curious readers.
    """
    import html

    import ipywidgets as widgets

    from ..core.runtime import cpu_threads

    captions = list(candidates)
    style = {"description_width": "initial"}
    kind = widgets.Dropdown(options=list(sounds.KINDS), value="high tone", description="kind", style=style)
    pitch = widgets.FloatLogSlider(value=2000, base=10, min=np.log10(50), max=np.log10(5000), step=0.01,
                                   description="pitch (Hz)", readout_format=".0f", continuous_update=False, style=style)
    duration = widgets.FloatSlider(value=1.0, min=0.1, max=1.4, step=0.05, description="duration (s)",
                                   continuous_update=False, style=style)
    noise = widgets.FloatSlider(value=0.0, min=0.0, max=0.3, step=0.01, description="background noise",
                                continuous_update=False, style=style)
    loud = widgets.Checkbox(value=True, description="loud")
    own = widgets.Text(value="", placeholder="type a caption, press Enter", description="your caption", style=style,
                       continuous_update=False)
    add = widgets.Button(description="add caption", tooltip="add your caption to the candidates")
    status = widgets.HTML(value="")
    player = widgets.Audio(format="wav", autoplay=False, loop=False)
    ranking_box = widgets.HTML()
    picture = widgets.Image(format="png")
    box = widgets.VBox([widgets.HBox([kind, loud]), widgets.HBox([pitch, duration, noise]),
                        widgets.HBox([own, add]), status, player, ranking_box, picture])
    box.add_class("fiveq-main")
    box.add_class("fiveq-designer")
    box.candidates = captions
    box.last_ranking = []

    def draw(*_):
        with cpu_threads(1):          # small tensors: one thread is much faster on a busy CPU
            _draw()

    def _draw():
        clip, ranking = designer_ranking(model, kind.value, pitch.value, duration.value, noise.value, loud.value, captions)
        box.last_ranking = ranking
        player.value = wav_bytes(clip, sounds.SAMPLE_RATE_HZ)
        ranking_box.value = (f"<b>{html.escape(kind.value)}</b>: captions ranked by the tiny CLAP" + ranking_html(ranking))
        picture.value = mel_png(clip, sounds.SAMPLE_RATE_HZ)

    def add_caption(*_):
        text = own.value.strip()
        if not text:  # the button after Enter already added it; otherwise nothing to add
            if not status.value.startswith("added"):
                status.value = "<i>type a caption first</i>"
            return
        if text in captions:
            status.value = f"<i>“{html.escape(text)}” is already a candidate</i>"
            return
        captions.append(text)
        status.value = f"added “{html.escape(text)}”: {len(captions)} candidates"
        own.value = ""
        draw()

    for control in (kind, pitch, duration, noise, loud):
        control.observe(draw, names="value")
    add.on_click(add_caption)
    own.observe(lambda change: add_caption() if change["new"].strip() else None, names="value")
    draw()
    return box
