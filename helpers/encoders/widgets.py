"""Lesson 05's widget: a token-budget calculator for a multimodal prompt.

The arithmetic is ``helpers.encoders.budget.token_budget`` and the picture is ``budget_html`` (plain,
tested functions); ``token_budget_calculator`` only wires ipywidgets controls to them.
"""

from __future__ import annotations

import html

from ..core.checks import one_line
from .budget import CONNECTORS, FRAME_POOLING, TokenBudget, token_budget
from .known_encoders import encoder_spec, encoders_for

CONTEXT_WINDOWS = (("2,048 (GPT-3, LLaMA-1)", 2048), ("4,096 (Llama 2, Vicuna v1.5)", 4096),
                   ("8,192", 8192), ("32,768", 32768), ("128,000", 128_000))
NO_AUDIO = "no audio"
COLOURS = {"vision": "#1f77b4", "audio": "#ff7f0e", "text": "#2ca02c"}


def budget_html(budget: TokenBudget) -> str:
    """The budget as HTML: a bar of the context window split by modality, then the formula lines."""
    width = max(budget.total, budget.context_window)
    parts = []
    for name, tokens in (("vision", budget.vision_tokens), ("audio", budget.audio_tokens), ("text", budget.text_tokens)):
        if tokens:
            parts.append(f'<div title="{name}: {tokens:,}" style="width:{100 * tokens / width:.3f}%;'
                         f'background:{COLOURS[name]}"></div>')
    window = 100 * budget.context_window / width
    bar = (f'<div style="position:relative;display:flex;height:22px;border:1px solid #999;background:#f4f4f4">'
           f'{"".join(parts)}<div style="position:absolute;left:{window:.3f}%;top:-4px;bottom:-4px;'
           f'border-left:2px dashed #c62828"></div></div>')
    verdict = ("fits" if budget.fits else
               f'<b style="color:#c62828">does not fit: {budget.total - budget.context_window:,} tokens over</b>')
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in budget.lines)
    legend = " ".join(f'<span style="color:{c}">■ {n}</span>' for n, c in COLOURS.items())
    return (f'<div style="font-family:sans-serif;font-size:13px;max-width:760px">'
            f'<div style="font-size:15px;margin-bottom:4px"><b>{budget.total:,}</b> tokens = '
            f'<b>{budget.share:.1%}</b> of a {budget.context_window:,}-token context window: {verdict}</div>'
            f'{bar}<div style="font-size:11px;color:#555">{legend} · dashed red line: end of the context window</div>'
            f'<ul style="margin-top:6px">{lines}</ul></div>')


def budget_for(vision_encoder: str, image_size: int, patch_size: int, frames: int, frame_pooling: str,
               audio_encoder: str, audio_s: float, text_tokens: int, context_window: int,
               connector: str = "MLP projector (LLaVA)", input_px: int = 0) -> str:
    """The calculator's output for one setting of its controls, as HTML (errors shown as a one-line message)."""
    try:
        budget = token_budget(vision_encoder, image_size, patch_size, frames, frame_pooling,
                              None if audio_encoder == NO_AUDIO else audio_encoder, audio_s, text_tokens,
                              context_window, connector, input_px or None)
    except Exception as exc:      # noqa: BLE001 - whatever goes wrong is one line in the widget
        return (f'<div class="fiveq-error" style="color:#c62828;font-family:sans-serif">'
                f'{html.escape(one_line(exc))}</div>')
    return budget_html(budget)


def _check_calculator(vision_encoder, frames, audio_s, context_window) -> None:
    from ..core import checks

    checks.choice(vision_encoder, "vision_encoder", encoders_for("image"))
    checks.integer(frames, "frames", 1, 64), checks.real(audio_s, "audio_s", 0, 120)
    checks.choice(context_window, "context_window", [size for _, size in CONTEXT_WINDOWS])


def token_budget_calculator(vision_encoder: str = "CLIP ViT-L/14-336 (LLaVA-1.5)", frames: int = 1,
                            audio_s: float = 0.0, context_window: int = 4096):
    """The calculator: pick encoders, the image's resolution, frames, connector and audio seconds; see the tokens.

    The encoder's own input size and patch are fixed by the encoder (its learned position table) and only
    shown. The resolution slider is the *image's*: it starts at the encoder's size, and a larger image is
    counted as LLaVA-NeXT's AnyRes tiles of the encoder's size plus an overview, never fed to the encoder at a
    size it cannot take. Choosing a vision encoder resets the slider to its size. Returns the container.
    """
    import ipywidgets as w

    _check_calculator(vision_encoder, frames, audio_s, context_window)
    style = {"description_width": "150px"}
    layout = w.Layout(width="480px")
    spec = encoder_spec(vision_encoder)
    vision = w.Dropdown(options=encoders_for("image"), value=vision_encoder, description="vision encoder",
                        style=style, layout=layout)
    takes = w.HTML()
    size = w.IntSlider(value=spec.image_size, min=spec.image_size, max=6 * spec.image_size, step=spec.patch_size,
                       description="resolution (px)", continuous_update=False, style=style, layout=layout)
    n_frames = w.IntSlider(value=frames, min=1, max=64, description="frames", continuous_update=False, style=style,
                           layout=layout)
    pooling = w.Dropdown(options=list(FRAME_POOLING), value="keep all tokens", description="frame pooling",
                         style=style, layout=layout)
    joiner = w.Dropdown(options=list(CONNECTORS), value="MLP projector (LLaVA)", description="connector",
                        style=style, layout=layout)
    audio = w.Dropdown(options=[NO_AUDIO, *encoders_for("audio")],
                       value="Whisper tiny.en" if audio_s else NO_AUDIO, description="audio encoder", style=style,
                       layout=layout)
    seconds = w.FloatSlider(value=audio_s, min=0.0, max=120.0, step=0.5, description="audio seconds",
                            continuous_update=False, style=style, layout=layout)
    text = w.IntSlider(value=0, min=0, max=2000, step=10, description="text tokens", continuous_update=False,
                       style=style, layout=layout)
    window = w.Dropdown(options=CONTEXT_WINDOWS, value=context_window, description="LLM context window",
                        style=style, layout=layout)
    out = w.HTML()

    def refresh(_=None):
        chosen = encoder_spec(vision.value)
        takes.value = (f'<span style="font-size:12px;color:#555">{html.escape(vision.value)} takes '
                       f'{chosen.image_size} px images in {chosen.patch_size} px patches (fixed by its position '
                       f'table); a larger image is cut into tiles of that size plus an overview (AnyRes)</span>')
        larger = size.value if size.value > chosen.image_size else 0
        out.value = budget_for(vision.value, chosen.image_size, chosen.patch_size, n_frames.value, pooling.value,
                               audio.value, seconds.value, text.value, window.value, joiner.value, larger)

    def on_vision(change):
        chosen = encoder_spec(change["new"])
        with size.hold_sync():
            size.unobserve(refresh, "value")
            size.max = max(size.max, 6 * chosen.image_size)
            size.min, size.step, size.value = chosen.image_size, chosen.patch_size, chosen.image_size
            size.max = 6 * chosen.image_size
            size.observe(refresh, "value")
        refresh()

    def guarded(callback):
        def run(change):
            try:
                callback(change)
            except Exception as exc:      # noqa: BLE001 - shown as one line; the controls stay usable
                out.value = f'<div class="fiveq-error" style="color:#c62828">{html.escape(one_line(exc))}</div>'
        return run

    vision.observe(guarded(on_vision), "value")
    for control in (size, n_frames, pooling, joiner, audio, seconds, text, window):
        control.observe(refresh, "value")
    refresh()
    controls = w.VBox([vision, takes, size, n_frames, pooling, joiner, audio, seconds, text, window])
    box = w.VBox([w.HTML("<b>Token budget of a multimodal prompt</b>"), controls, out])
    box.add_class("fiveq-main")
    box.output = out            # for tests and the bench script
    box.controls = {c.description: c for c in (vision, size, n_frames, pooling, joiner, audio, seconds, text, window)}
    return box
