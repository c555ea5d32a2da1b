"""Widgets for lesson 04. Thin wiring only: the work is done by plain, tested functions.

- ``temperature_explorer(similarity, ...)``: a slider for the temperature over a fixed similarity
  matrix; shows the row-softmax and the InfoNCE loss at that temperature (``temperature_view``).
- ``sound_designer(model, ...)``: kind, pitch, duration, loudness and background noise make a clip
  (``design_sound``), which plays inline and is ranked against candidate captions
  (``evaluation.rank_captions``); a text box adds the reader's own caption.

Each factory returns the container widget (class ``fiveq-main``); every control has a description.
"""

from __future__ import annotations

import numpy as np

from ..core import checks, corpora
from . import sounds
from .media import mel_png, wav_bytes  # noqa: F401 - the designer's picture and sound, offered here as before

DEFAULT_CANDIDATES = corpora.read_lines("clap/designer_captions.txt")   # new wordings, none from training
MAX_CAPTION_CHARS = 300   # a caption is a sentence; MiniLM reads 256 tokens at most anyway


def error_html(error) -> str:
    """One line of red text for a widget: what went wrong, never a traceback."""
    import html

    return f'<span class="fiveq-error" style="color:#c62828">{html.escape(checks.one_line(error))}</span>'


def temperature_view(similarity, temperature: float) -> dict:
    """What the temperature does to a fixed ``(B, B)`` similarity matrix.

    Returns ``{"probabilities": (B, B) row-softmax of similarity / temperature, "loss": InfoNCE loss
    at logit scale 1 / temperature (computed from the raw scores), "diagonal_mean": mean probability
    on the matched pairs}``. The matrix need not come from unit vectors; it is used as given.
    """
    import torch
    import torch.nn.functional as F

    from .contrastive import _finite_matrix, softmax_rows

    s = _finite_matrix(similarity, "similarity").to(torch.float32)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] == 0:
        raise ValueError(f"similarity must be a non-empty square matrix, got shape {tuple(s.shape)}")
    temperature = checks.real(temperature, "temperature", 0, open_minimum=True)
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


def temperature_explorer(similarity, labels=None, initial: float = 0.07):
    """Slider over the temperature τ (log-spaced 0.01–1) for a fixed similarity matrix; an HTML grid
    shows each row's softmax.

    The returned box has ``.view`` (the latest ``temperature_view``) for tests and curious readers.
    """
    import ipywidgets as widgets

    temperature_view(similarity, initial)       # a bad matrix or temperature is refused before any widget exists
    slider = widgets.FloatLogSlider(value=initial, base=10, min=-2, max=0, step=0.02, description="temperature τ",
                                    readout_format=".3f", continuous_update=True,
                                    style={"description_width": "initial"})
    readout = widgets.HTML()
    grid = widgets.HTML()
    box = widgets.VBox([slider, readout, grid])
    box.add_class("fiveq-main")
    box.add_class("fiveq-temperature")

    def draw(*_):
        try:
            view = temperature_view(similarity, slider.value)
            text = (f"τ = {slider.value:.3f} (logit scale {1 / slider.value:.1f}): loss {view['loss']:.3f}, "
                    f"mean probability on the matching caption {view['diagonal_mean']:.0%}. "
                    f"Rows: clips; columns: captions; each row is a softmax over the captions.")
            table = probability_grid_html(view["probabilities"].numpy(), labels)
        except Exception as error:        # noqa: BLE001 - one line in the widget, the last good grid stays
            readout.value = error_html(error)
            return
        box.view, readout.value, grid.value = view, text, table

    slider.observe(draw, names="value")
    draw()
    return box


def _check_design(kind, pitch_hz, loud):
    if not isinstance(kind, str) or kind not in sounds.KINDS:
        raise ValueError(f"kind must be one of: {', '.join(sounds.KINDS)}; got {kind!r:.40}")
    if not checks.is_bool(loud):
        raise TypeError(f"loud must be True or False, got {type(loud).__name__} {loud!r:.40}")
    return sounds.KINDS[kind], checks.real(pitch_hz, "pitch_hz", 20, 8000), bool(loud)


def design_sound(kind: str, pitch_hz: float = 440.0, duration_s: float = 1.0, noise: float = 0.0,
                 loud: bool = True, seed: int = 0) -> np.ndarray:
    """A clip ``(samples,)`` at ``sounds.SAMPLE_RATE_HZ`` from the designer's settings.

    ``pitch_hz`` sets the frequency of tonal kinds (tones, chord root, sweep start or end, tremolo
    carrier) and the click rate is kept in its kind's range; noise kinds ignore it. ``noise`` is
    the background hiss level (0–0.3).
    """
    spec, pitch_hz, loud = _check_design(kind, pitch_hz, loud)
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

    def show_error(error):
        status.value = error_html(error)

    def draw(*_, candidates=None) -> bool:
        """Redraw for the controls' values; on any error show one line and keep the last good picture."""
        try:
            with cpu_threads(1):          # small tensors: one thread is much faster on a busy CPU
                _draw(captions if candidates is None else candidates)
        except Exception as error:        # noqa: BLE001 - a widget shows every failure as one line
            show_error(error)
            return False
        if "fiveq-error" in status.value:
            status.value = ""
        return True

    def _draw(candidates):
        clip, ranking = designer_ranking(model, kind.value, pitch.value, duration.value, noise.value, loud.value,
                                         candidates)
        sound, picture_png = wav_bytes(clip, sounds.SAMPLE_RATE_HZ), mel_png(clip, sounds.SAMPLE_RATE_HZ)
        ranked = (f"<b>{html.escape(kind.value)}</b>: captions ranked by the tiny CLAP" + ranking_html(ranking))
        box.last_ranking = ranking
        player.value, ranking_box.value, picture.value = sound, ranked, picture_png

    def add_caption(*_):
        try:
            text = " ".join(checks.clean_text(own.value, "your caption").split())   # one line, as check_captions
            if len(text) > MAX_CAPTION_CHARS:
                raise ValueError(f"your caption must be at most {MAX_CAPTION_CHARS} characters, got {len(text):,}")
        except Exception as error:        # noqa: BLE001
            show_error(error)
            return
        if not text:  # the button after Enter already added it; otherwise nothing to add
            if not status.value.startswith("added"):
                status.value = "<i>type a caption first</i>"
            return
        if text in captions:
            status.value = f"<i>“{html.escape(text)}” is already a candidate</i>"
            return
        if not draw(candidates=captions + [text]):   # ranked first: a caption that fails is never stored
            return
        captions.append(text)
        status.value = f"added “{html.escape(text)}”: {len(captions)} candidates"
        own.value = ""

    def on_text(change):
        if isinstance(change["new"], str) and change["new"].strip():
            add_caption()

    for control in (kind, pitch, duration, noise, loud):
        control.observe(draw, names="value")
    add.on_click(add_caption)
    own.observe(on_text, names="value")
    draw()
    return box
