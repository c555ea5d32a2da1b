"""Static previews of the lessons' widgets for pages with no kernel (the decks, the book, ``make notebooks``' HTML).

A widget needs a running kernel; a page on disk has none. ``static_previews(nb)`` replaces each widget output
of an executed notebook with plain HTML drawn from the widget state the run stored (the HTML, figures and images
the widget showed, its controls' values as text) under a note saying where the widget is live, and drops the
widget state so no page asks for a widget renderer.
"""

from __future__ import annotations

import html

VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
NOTE = ("Live widget: run this lesson in JupyterLab (<code>make lab</code>) or present it with RISE to use it. "
        "Below, what it showed when this page was built.")
_BOXES = {"VBoxModel": "column", "BoxModel": "column", "GridBoxModel": "column", "HBoxModel": "row",
          "TabModel": "column", "AccordionModel": "column", "StackModel": "column"}


def _output_html(output: dict) -> str:
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return f'<img alt="figure" src="data:{mime};base64,{data[mime].strip()}">'
    if "image/svg+xml" in data:
        return data["image/svg+xml"]
    if "text/html" in data:
        return data["text/html"]
    if "text/plain" in data:
        return f"<pre>{html.escape(data['text/plain'])}</pre>"
    return ""


def _control_html(name: str, state: dict) -> str:
    label = html.escape(str(state.get("description", "")))
    if "_options_labels" in state:
        index = state.get("index")
        options = state["_options_labels"]
        picked = [options[i] for i in index] if isinstance(index, (list, tuple)) else (
            [options[index]] if isinstance(index, int) and 0 <= index < len(options) else [])
        value = ", ".join(picked)
    elif name == "ButtonModel":
        return f'<span class="fiveq-preview-button">{label}</span>'
    else:
        value = state.get("value", "")
    text = html.escape(str(value))
    if len(text) > 300:
        text = text[:300] + "…"
    return f'<div class="fiveq-preview-control"><b>{label}</b> {text}</div>' if label else (
        f'<div class="fiveq-preview-control">{text}</div>')


def render_model(model_id: str, models: dict, depth: int = 0) -> str:
    """HTML for widget ``model_id`` and its children, from the stored ``models`` (id -> state entry)."""
    entry = models.get(model_id)
    if entry is None or depth > 30:
        return ""
    name, state = entry.get("model_name", ""), entry.get("state", {})
    if name in _BOXES:
        children = [render_model(c.removeprefix("IPY_MODEL_"), models, depth + 1) for c in state.get("children", [])]
        return (f'<div style="display:flex;flex-direction:{_BOXES[name]};gap:6px;flex-wrap:wrap">'
                + "".join(f"<div>{c}</div>" for c in children if c) + "</div>")
    if name in ("HTMLModel", "HTMLMathModel"):
        return state.get("value", "")
    if name == "LabelModel":
        return html.escape(str(state.get("value", "")))
    if name == "OutputModel":
        return "".join(_output_html(o) for o in state.get("outputs", []))
    if name == "ImageModel":
        data = next((b["data"] for b in entry.get("buffers", []) if b.get("path") == ["value"]), "")
        return f'<img alt="image" src="data:image/{state.get("format", "png")};base64,{data}">' if data else ""
    if name.endswith("Model") and ("value" in state or "_options_labels" in state or name == "ButtonModel"):
        return _control_html(name, state)
    return ""


def static_previews(nb) -> int:
    """Replace every widget output in ``nb`` (in place) by its static preview; return how many were replaced."""
    models = nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    replaced = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if VIEW not in data:
                continue
            body = render_model(data[VIEW].get("model_id", ""), models)  # "" when the run stored no state
            data.pop(VIEW)
            data.pop("text/plain", None)
            data["text/html"] = (f'<div class="fiveq-widget-preview" style="border:1px dashed #999;padding:8px">'
                                 f'<p class="fiveq-widget-note" style="font-style:italic;color:#555">{NOTE}</p>'
                                 f"{body}</div>")
            replaced += 1
    nb.metadata.pop("widgets", None)
    return replaced
