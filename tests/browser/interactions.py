"""What a person does with each lesson's main widget, and what the page must show afterwards.

Adding a notebook is one entry in ``INTERACTIONS``: its file stem, and an ``Interaction``: a
function that operates its ``MainWidget`` and raises (``assert`` or ``LabError``) when the page
shows the wrong thing, and optionally one that computes the expected values. A notebook
without an entry gets ``generic_interaction``: move its first visible slider or pick another
value in its first visible dropdown, and check that the widget's output changed and shows no
error. Expected values are computed in the test process with the project's own helpers,
never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .lab import LabError, MainWidget, visible

SUMMARY = ".fiveq-token-summary"
# Chosen because CLIP, GPT-2 and BERT give it three different counts (checked below).
SENTENCE = "CLIP reads 77 tokens; GPT-2 reads 1024."
EMOJI = "I love 🍕 and 🐱 on a Sunday 😀🎉"
LONG_PASTE_WORDS = 5000


def _long_paste(words: int = LONG_PASTE_WORDS) -> str:
    """``words`` words of real English prose (Austen's *Lady Susan*), repeated if the text is shorter."""
    from helpers.core import corpora

    source = corpora.austen().split()
    return " ".join(source[i % len(source)] for i in range(words))


@dataclass(frozen=True)
class TokenExpectations:
    """What lesson 01's widget must show, computed with the project's tokenizers."""

    counts: dict          # content tokens of SENTENCE per tokenizer: {"clip": n, "gpt2": n, "bert": n}
    paste: str
    paste_tokens: int
    emoji_tokens: int


def token_explorer_expectations() -> TokenExpectations:
    from helpers.clip import text as clip_text
    from helpers.core import tokenizers as text_tokenizers

    counts = {name: len(text_tokenizers.get(name).encode(SENTENCE)) for name in ("clip", "gpt2", "bert")}
    assert counts["clip"] == clip_text.count_tokens(SENTENCE)
    assert len(set(counts.values())) == 3, f"pick a sentence the three tokenizers count differently: {counts}"
    paste = _long_paste()
    emoji_tokens = clip_text.count_tokens(EMOJI)
    assert emoji_tokens > len(EMOJI.split()), "emoji should cost more than one token each"
    return TokenExpectations(counts, paste, clip_text.count_tokens(paste), emoji_tokens)


def clip_token_explorer(widget: MainWidget, expected: TokenExpectations) -> None:
    """Lesson 01: type, switch tokenizer, move the context slider, and feed it bad input."""
    counts = expected.counts
    widget.type_text("Text", SENTENCE)
    widget.wait_for_attributes(SUMMARY, {"content-tokens": counts["clip"], "slots-used": counts["clip"] + 2,
                                         "words": len(SENTENCE.split()), "truncated": False, "context": 77})

    widget.choose("Tokenizer", "GPT-2")
    widget.wait_for_attributes(SUMMARY, {"content-tokens": counts["gpt2"]})
    widget.choose("Tokenizer", "BERT")
    widget.wait_for_attributes(SUMMARY, {"content-tokens": counts["bert"]})
    widget.choose("Tokenizer", "CLIP")
    widget.wait_for_attributes(SUMMARY, {"content-tokens": counts["clip"]})

    # Drag the context handle to the start of its track: the summary follows the readout and cuts the text.
    shown = widget.drag_slider("Context", 0.0)
    assert shown != "77", "dragging the Context handle did not move it"
    small = int(shown)
    widget.wait_for_attributes(SUMMARY, {"context": small, "slots-used": min(counts["clip"] + 2, small),
                                         "truncated": counts["clip"] + 2 > small})
    widget.type_slider("Context", 77)
    widget.wait_for_attributes(SUMMARY, {"context": 77, "slots-used": counts["clip"] + 2, "truncated": False})

    # Bad input through the page: nothing, a huge paste, emoji. The widget must keep answering.
    widget.type_text("Text", "")
    widget.wait_for_attributes(SUMMARY, {"content-tokens": 0, "words": 0, "slots-used": 2, "truncated": False})

    widget.type_text("Text", expected.paste)
    widget.wait_for_attributes(SUMMARY, {"content-tokens": expected.paste_tokens, "words": LONG_PASTE_WORDS,
                                         "truncated": True, "slots-used": 77, "context": 77}, timeout_s=60)

    widget.type_text("Text", EMOJI)
    widget.wait_for_attributes(SUMMARY, {"content-tokens": expected.emoji_tokens,
                                         "slots-used": expected.emoji_tokens + 2, "truncated": False})
    chips = widget.locator.locator(".fiveq-chip").count()
    if chips != expected.emoji_tokens + 2:
        raise LabError(f"expected {expected.emoji_tokens + 2} token chips for the emoji text, the page shows {chips}")

    widget.type_text("Text", SENTENCE)
    widget.wait_for_attributes(SUMMARY, {"content-tokens": counts["clip"], "truncated": False})


def _move_slider(widget: MainWidget, control) -> None:
    """Drag a slider to 80% of its track, or to 20% if it already sat there."""
    start = widget.slider_value(control)
    if widget.drag_slider(control, 0.8) == start:
        widget.drag_slider(control, 0.2)


def generic_interaction(widget: MainWidget, expected=None) -> None:
    """Any lesson: move the first visible slider (or else pick another value in the first visible
    dropdown); the widget's output must change."""
    sliders = visible(widget.locator.locator(".widget-inline-hbox:has(.noUi-handle)"))
    dropdowns = visible(widget.locator.locator(".widget-inline-hbox:has(select)"))
    before = widget.output_snapshot()
    if sliders:
        _move_slider(widget, sliders[0])
    elif dropdowns:
        select = dropdowns[0].locator("select")
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("(s) => s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''")
        others = [o for o in options if o != current]
        if not others:
            raise LabError("the first dropdown of the main widget has no other option to pick")
        widget.choose(dropdowns[0], others[0])
    else:
        raise LabError("the main widget has no visible slider and no dropdown; give this notebook an entry in"
                       " INTERACTIONS")
    widget.wait_for_output_change(before)


def slider_changes_output(description: str) -> "Interaction":
    """An entry for a lesson whose main widget redraws when the slider labelled ``description`` moves."""

    def operate(widget: MainWidget, expected=None) -> None:
        before = widget.output_snapshot()
        _move_slider(widget, description)
        widget.wait_for_output_change(before)

    operate.__doc__ = f"Move the {description!r} slider; the widget's output must change."
    return Interaction(operate)


def slider_then_tabs(description: str, tabs: list[tuple[str, str, object]], widget_index: int = 0) -> "Interaction":
    """Move the slider ``description``; then, for each ``(tab, control, value)``, open that tab of the main
    widget (``None``: the main widget number ``widget_index`` + 1 of the notebook instead), type ``value`` into
    the slider ``control``, and check that the output changed each time."""

    def operate(widget: MainWidget, expected=None) -> None:
        slider_changes_output(description).operate(widget)
        for tab, control, value in tabs:
            target = widget.notebook.main_widget(widget_index + 1) if tab is None else widget
            target.locator.scroll_into_view_if_needed()
            if tab is not None:
                target.open_tab(tab)
            before = target.output_snapshot()
            target.type_slider(control, value)
            target.wait_for_output_change(before)
            if target is not widget:
                widget.trace += target.trace[-1:]

    operate.__doc__ = f"Move the {description!r} slider, then {len(tabs)} more control(s) elsewhere in the lesson."
    return Interaction(operate)


@dataclass(frozen=True)
class Interaction:
    """What a person does with a notebook's main widget.

    ``operate(widget, expected)`` acts on the page and raises when it shows the wrong thing.
    ``expect()`` computes ``expected`` in the test process; the test runs it in the background
    while JupyterLab starts and the cells run, so it adds no time of its own.
    """

    operate: Callable[[MainWidget, Any], None]
    expect: Callable[[], Any] = lambda: None


GENERIC = Interaction(generic_interaction)

# One entry per notebook: file stem -> what a person does with its main widget.
INTERACTIONS: dict[str, Interaction] = {
    "01_clip_text_tokens": Interaction(clip_token_explorer, token_explorer_expectations),
    "02_bert_vs_gpt": slider_then_tabs("Top k", [("Generate", "Seed", 5)]),        # starts on "Fill a mask"
    "03_vit_vs_mae": slider_then_tabs("patch size", [("MAE masking", "mask ratio", 0.35)]),
    "05_modality_encoders": slider_changes_output("resolution (px)"),
    "04_clap_contrastive": slider_then_tabs("temperature τ", [(None, "pitch (Hz)", 700)]),  # then the sound designer
}


def interaction_for(stem: str) -> Interaction:
    """The interaction for notebook ``stem``: its entry, or the generic slider/dropdown check."""
    return INTERACTIONS.get(stem, GENERIC)
