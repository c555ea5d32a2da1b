"""Lesson 01's widget: type text, see its tokens, the count n/77 and where truncation cuts.

The work is done by ``token_view`` and ``render_token_html`` (plain, tested functions);
``token_explorer`` only wires ipywidgets controls to them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..core import checks, tokenizers
from .plots import CHIP_COLOURS, SPECIAL_COLOUR

TOKENIZER_LABELS = (("CLIP", "clip"), ("GPT-2", "gpt2"), ("BERT", "bert"))
MAX_CHIPS_PAST_CUT = 30


@dataclass(frozen=True)
class TokenView:
    """Everything the widget shows for one text: ids and labels for the window, counts, the cut."""

    tokenizer: str
    context_length: int
    window_ids: tuple[int, ...]      # what the model reads: specials + content, cut to the window (no padding)
    window_labels: tuple[str, ...]
    special_mask: tuple[bool, ...]
    dropped_ids: tuple[int, ...]     # content tokens that do not fit (first MAX_CHIPS_PAST_CUT of them)
    dropped_labels: tuple[str, ...]
    content_tokens: int
    words: int
    words_that_fit: int

    @property
    def slots_used(self) -> int:
        return len(self.window_ids)

    @property
    def specials_used(self) -> int:
        return sum(self.special_mask)

    @property
    def dropped_count(self) -> int:
        """Content tokens that did not fit in the window."""
        return self.content_tokens - (self.slots_used - self.specials_used)

    @property
    def truncated(self) -> bool:
        return self.dropped_count > 0


def token_view(text: str, tokenizer: str = "clip", context_length: int = 77) -> TokenView:
    """Tokenize ``text`` with the named tokenizer and lay it into a window of ``context_length`` slots.

    Like open_clip, a text that is too long keeps its end token(s) in the last slot(s).
    """
    text = checks.text(text, "text")
    tok = tokenizers.get(checks.choice(tokenizer, "tokenizer", tokenizers.NAMES))
    context_length = checks.integer(context_length, f"context_length for {tokenizer}", minimum=tok.specials + 1)
    content = tok.encode(text)
    room = context_length - tok.specials
    kept, dropped = content[:room], content[room: room + MAX_CHIPS_PAST_CUT]
    window = list(tok.prefix) + kept + list(tok.suffix)
    special = [True] * len(tok.prefix) + [False] * len(kept) + [True] * len(tok.suffix)
    labels = _special_labels(tok, window, special)
    fit = tokenizers.words_that_fit(tok, text, context_length)
    return TokenView(tokenizer, context_length, tuple(window), tuple(labels), tuple(special), tuple(dropped),
                     tuple(tok.labels(dropped)), len(content), len(text.split()), fit)


def _special_labels(tok, ids, special) -> list[str]:
    content_labels = iter(tok.labels([i for i, s in zip(ids, special) if not s]))
    names = {"clip": ("<start>", "<end>"), "bert": ("[CLS]", "[SEP]"), "gpt2": ("", "")}[tok.name]
    n_prefix = len(tok.prefix)
    return [next(content_labels) if not s else (names[0] if k < n_prefix else names[1])
            for k, (i, s) in enumerate(zip(ids, special))]


def _chip(label: str, token_id: int, colour: str, extra_style: str = "") -> str:
    return (f'<span class="fiveq-chip" title="id {token_id}" style="display:inline-block;margin:2px;padding:1px 5px;'
            f'border-radius:4px;background:{colour};font-family:monospace;font-size:12px;{extra_style}">'
            f'{html.escape(label) or "&nbsp;"}<sub style="color:#666">{token_id}</sub></span>')


def render_token_html(view: TokenView) -> str:
    """HTML for a ``TokenView``: a summary line (with data attributes for tests) and coloured chips."""
    if not isinstance(view, TokenView):
        raise TypeError(f"view must be a TokenView from token_view(text), got {type(view).__name__}")
    verdict = (f"truncated: {view.dropped_count:,} content tokens dropped; the first {view.words_that_fit:,} "
               f"whole words fit" if view.truncated else "fits")
    summary = (f'<div class="fiveq-token-summary" data-content-tokens="{view.content_tokens}" '
               f'data-slots-used="{view.slots_used}" data-context="{view.context_length}" '
               f'data-truncated="{str(view.truncated).lower()}" data-words="{view.words}" '
               f'style="font-family:sans-serif;margin:4px 0"><b>{view.content_tokens:,}</b> content tokens '
               f'+ {view.specials_used} special = <b>{view.slots_used} / {view.context_length}</b> '
               f'slots · {view.words:,} words · {verdict}</div>')
    chips = []
    content_index = 0
    for token_id, label, special in zip(view.window_ids, view.window_labels, view.special_mask):
        if special:
            chips.append(_chip(label, token_id, SPECIAL_COLOUR, "color:white"))
        else:
            chips.append(_chip(label, token_id, CHIP_COLOURS[content_index % len(CHIP_COLOURS)]))
            content_index += 1
    if view.dropped_ids:
        chips.append('<span style="margin:0 6px;color:#c62828;font-weight:bold">✂ cut here</span>')
        chips += [_chip(label, token_id, "#eee", "color:#999;text-decoration:line-through")
                  for token_id, label in zip(view.dropped_ids, view.dropped_labels)]
        more = view.dropped_count - len(view.dropped_ids)
        if more > 0:
            chips.append(f'<span style="color:#999"> … and {more:,} more dropped</span>')
    return summary + '<div style="line-height:1.9">' + "".join(chips) + "</div>"


def token_explorer(text: str = "a quick brown fox jumps over the lazy dog.", tokenizer: str = "clip",
                   context_length: int = 77):
    """The lesson's widget: a text box, a tokenizer picker and a context-length slider (3 to 512) over live chips."""
    import ipywidgets as w

    checks.text(text, "text"), checks.choice(tokenizer, "tokenizer", tokenizers.NAMES)
    checks.integer(context_length, "context_length", minimum=3, maximum=512)

    text_box = w.Textarea(value=text, description="Text", continuous_update=True,
                          layout=w.Layout(width="95%", height="80px"))
    picker = w.Dropdown(options=TOKENIZER_LABELS, value=tokenizer, description="Tokenizer")
    context = w.IntSlider(value=int(context_length), min=3, max=512, description="Context", continuous_update=False)
    output = w.HTML()

    def update(_=None):
        try:
            output.value = render_token_html(token_view(text_box.value, picker.value, context.value))
        except Exception as exc:  # e.g. a context too small for BERT's two special tokens: one line, then on
            lines = str(exc).strip().splitlines()
            line = lines[0][:300] if lines else type(exc).__name__
            output.value = f'<div class="fiveq-error" style="color:#c62828">{html.escape(line)}</div>'

    for control in (text_box, picker, context):
        control.observe(update, names="value")
    update()
    box = w.VBox([text_box, w.HBox([picker, context]), output])
    box.add_class("fiveq-main")
    return box
