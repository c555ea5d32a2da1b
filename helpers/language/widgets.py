"""Widgets for lesson 02: mask a word, generate a continuation, explore the encoder's attention.

Each factory only wires core ipywidgets controls to plain functions that are tested on their
own (``inference.fill_mask``, ``inference.generate``, ``helpers.core.minilm.encode_tokens``) and
returns the container. ``explorer`` puts the three in one tab with the ``fiveq-main`` class.
"""

from __future__ import annotations

import html

from ..core import caches, checks
from .examples import example_sentences

DEFAULT_SENTENCE = example_sentences()["fill_mask_sentence"]
DEFAULT_PROMPT = example_sentences()["generation_prompt"]
DEFAULT_ATTENTION_TEXT = example_sentences()["attention_text"]


def fill_mask_table(sentence: str, index: int, models: list, k: int = 5) -> str:
    """HTML table: the sentence with word ``index`` masked, and each model's top-``k`` fillers.

    A model that cannot answer (a causal LM asked for the first word) shows the reason instead.
    """
    from .inference import fill_mask, mask_word

    _check_models(models)
    text = mask_word(sentence, index)
    columns = []
    for lm in models:
        try:
            rows = "".join(f"<tr><td>{html.escape(w)}</td><td style='text-align:right'>{p:.1%}</td></tr>"
                           for w, p in fill_mask(text, lm, k))
        except ValueError as exc:
            rows = f"<tr><td colspan=2><i>{html.escape(str(exc))}</i></td></tr>"
        reads = "both sides" if lm.kind == "masked" else "left side only"
        columns.append(f"<td style='vertical-align:top;padding-right:24px'><b>{html.escape(lm.name)}</b> "
                       f"<small>({reads})</small><table>{rows}</table></td>")
    return (f"<div><code>{html.escape(text)}</code><table><tr>{''.join(columns)}</tr></table></div>")


def generation_text(prompt: str, models: list, n_tokens: int, temperature: float, top_k: int, seed: int = 0) -> str:
    """HTML: each model's continuation of ``prompt`` (causal: sampled natively; masked: by
    repeatedly filling a [MASK] appended at the end)."""
    from .inference import generate

    _check_models(models)
    parts = []
    for lm in models:
        how = "next-token sampling" if lm.kind == "causal" else "iterative [MASK] filling"
        text = generate(prompt, lm, n_tokens=n_tokens, temperature=temperature, top_k=top_k, seed=seed)
        parts.append(f"<p><b>{html.escape(lm.name)}</b> <small>({how})</small><br>"
                     f"<span style='color:#555'>{html.escape(prompt)}</span> {html.escape(text)}</p>")
    return "".join(parts)


def _check_models(models, name: str = "models") -> list:
    from .language_model import LanguageModel

    if not isinstance(models, (list, tuple)) or not models or not all(isinstance(m, LanguageModel) for m in models):
        raise TypeError(f"{name} must be a non-empty list of LanguageModel, got {checks.shown(models)}")
    return list(models)


def _error(exc: Exception) -> str:
    """One red line for ``exc``: its message's first line (its type's name when it has none)."""
    lines = str(exc).strip().splitlines()
    line = lines[0] if lines else type(exc).__name__
    return f"<span class='fiveq-error' style='color:#c62828'>{html.escape(line[:300])}</span>"


def _live(rows: list, controls: dict, compute, watch=None):
    """``(box, refresh)``: ``rows`` above an HTML output that shows ``compute()`` (or whatever it raises,
    in one red line), redrawn whenever a control in ``watch`` (default: all ``controls``) changes."""
    import ipywidgets as w

    out = w.HTML()

    def refresh(*_):
        try:
            out.value = compute()
        except Exception as exc:  # a bad text or an odd value: one line; the next change redraws
            out.value = _error(exc)

    for control in (controls.values() if watch is None else watch):
        control.observe(refresh, names="value")
    refresh()
    box = w.VBox([*rows, out])
    box.controls, box.output = controls, out
    return box, refresh


def fill_mask_widget(models: list, sentence: str = DEFAULT_SENTENCE, k: int = 5):
    """Type a sentence, pick the word to mask, see every model's top-k fillers."""
    import ipywidgets as w

    _check_models(models)
    checks.text(sentence, "sentence")
    checks.integer(k, "k", minimum=1, maximum=10)
    text = w.Text(value=sentence, description="Sentence", layout=w.Layout(width="95%"))
    words = sentence.split()
    word = w.Dropdown(options=[(f"{i}: {t}", i) for i, t in enumerate(words)], value=min(len(words) - 1, 6) if words else None,
                      description="Mask word")
    top = w.IntSlider(value=k, min=1, max=10, description="Top k")
    box, refresh = _live([text, w.HBox([word, top])], {"sentence": text, "word": word, "k": top},
                         lambda: fill_mask_table(text.value, word.value if word.value is not None else 0, models,
                                                 top.value), watch=(word, top))

    def new_sentence(change):
        ws = change["new"].split() if isinstance(change["new"], str) else []
        keep = word.value if word.value is not None and word.value < len(ws) else (len(ws) - 1 if ws else None)
        word.unobserve(refresh, names="value")  # one refresh per edit, not one per changed trait
        try:
            with word.hold_sync():  # the new options and the kept word reach the page in one message
                word.options = [(f"{i}: {t}", i) for i, t in enumerate(ws)]
                word.value = keep
        finally:
            word.observe(refresh, names="value")
        refresh()

    text.observe(new_sentence, names="value")
    return box


def generation_widget(models: list, prompt: str = DEFAULT_PROMPT, n_tokens: int = 12):
    """A prompt box with model, temperature, top-k, length and seed controls; the chosen model continues
    the prompt (one model at a time keeps each update quick; switch the model to compare)."""
    import ipywidgets as w

    _check_models(models)
    checks.text(prompt, "prompt")
    checks.integer(n_tokens, "n_tokens", minimum=1, maximum=30)
    text = w.Text(value=prompt, description="Prompt", layout=w.Layout(width="95%"))
    model = w.Dropdown(options=[(m.name, i) for i, m in enumerate(models)], value=0, description="Model")
    temperature = w.FloatSlider(value=0.8, min=0.1, max=2.0, step=0.1, description="Temperature")
    top_k = w.IntSlider(value=20, min=1, max=100, description="Top k")
    length = w.IntSlider(value=n_tokens, min=1, max=30, description="Tokens")
    seed = w.IntSlider(value=0, min=0, max=9, description="Seed")
    controls = {"prompt": text, "model": model, "temperature": temperature, "top_k": top_k, "tokens": length,
                "seed": seed}
    return _live([text, w.HBox([model, length, seed]), w.HBox([temperature, top_k])], controls,
                 lambda: generation_text(text.value, [models[model.value]], length.value, temperature.value,
                                         top_k.value, seed.value))[0]


MAX_GRID_TOKENS = 64  # the attention grid shows at most this many tokens (rows and columns)


def attention_html(text: str, layer: int, head: int) -> str:
    """The pretrained MiniLM's attention for ``text`` at ``layer``/``head`` (0-based) as an HTML grid:
    one row per query token, one column per key token, darker = more attention (hover for the value).

    Plain HTML rather than a matplotlib image keeps an update to a few milliseconds. A text of more than
    ``MAX_GRID_TOKENS`` tokens is read whole but shown for its first 64 tokens, and the title says so.
    """
    tokens, attentions = _attentions(text)
    n_layers, n_heads = attentions.shape[:2]
    layer = checks.integer(layer, "layer", minimum=0, maximum=n_layers - 1)
    head = checks.integer(head, "head", minimum=0, maximum=n_heads - 1)
    shown = min(len(tokens), MAX_GRID_TOKENS)  # a pasted page would be a 512 x 512 grid: megabytes of HTML
    weights = attentions[layer, head, :shown, :shown].float().tolist()
    esc = [html.escape(t) for t in tokens[:shown]]
    cell = "width:16px;height:16px;padding:0;border:1px solid #fff"
    head_row = "".join(f"<th style='writing-mode:vertical-rl;font-weight:normal;font-size:11px'>{t}</th>" for t in esc)
    rows = []
    for q, row in zip(esc, weights):
        cells = "".join(f"<td title='{q} → {k}: {w:.2f}' style='{cell};background:rgba(106,27,154,{min(1.0, w):.3f})'></td>"
                        for k, w in zip(esc, row))
        rows.append(f"<tr><th style='text-align:right;font-weight:normal;font-size:11px;padding-right:4px'>{q}</th>{cells}</tr>")
    cut = "" if shown == len(tokens) else f"; the first {shown} of {len(tokens)} tokens shown, so a row may sum to less"
    return (f"<div><b>MiniLM layer {layer}, head {head}</b> <small>(row = token attending, column = token attended to; "
            f"each row sums to 1{cut})</small><table style='border-collapse:collapse'><tr><th></th>{head_row}</tr>"
            f"{''.join(rows)}</table></div>")


# by bytes: a 512-token text's attentions are 36 MiB even in float16, so a few long texts fill it
_ATTENTION_CACHE = caches.BytesLRU("lesson 02 attention widget", 128 * 2**20)


def _attentions(text: str):
    from ..core import minilm
    from ..core.runtime import cpu_threads

    text = checks.clean_text(text, "text")
    if not text.strip():
        raise ValueError("text is empty; type a sentence")

    def compute():
        with cpu_threads(1):
            tokens, _, attentions = minilm.encode_tokens(text, output_attentions=True)
        return tokens, attentions.half()  # shown to two decimals: half precision halves the memory

    return _ATTENTION_CACHE.get_or_compute(text, compute)


def attention_widget(text: str = DEFAULT_ATTENTION_TEXT):
    """Pick a layer and a head of the pretrained MiniLM encoder and see where each token looks."""
    import ipywidgets as w

    from ..core import minilm

    checks.text(text, "text")
    config = minilm.load()[0].config
    box_text = w.Text(value=text, description="Text", layout=w.Layout(width="95%"))
    layer = w.IntSlider(value=config.num_hidden_layers - 1, min=0, max=config.num_hidden_layers - 1, description="Layer")
    head = w.IntSlider(value=0, min=0, max=config.num_attention_heads - 1, description="Head")
    return _live([box_text, w.HBox([layer, head])], {"text": box_text, "layer": layer, "head": head},
                 lambda: attention_html(box_text.value, layer.value, head.value))[0]


def explorer(bert, gpt):
    """The lesson's main widget: three tabs (fill a mask, generate, attention) in a ``fiveq-main`` container."""
    import ipywidgets as w

    tabs = w.Tab(children=[fill_mask_widget([bert, gpt]), generation_widget([gpt, bert]), attention_widget()])
    for i, title in enumerate(("Fill a mask", "Generate", "Attention (MiniLM)")):
        tabs.set_title(i, title)
    tabs.add_class("fiveq-main")
    return tabs
