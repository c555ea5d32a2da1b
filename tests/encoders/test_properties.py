"""Property tests for lesson 05 (issue 15): any text through the MiniLM token count and the caption
vocabulary, any slider and dropdown value through the token-budget calculator (no exception escapes a
callback, the output is one budget or one error line, and a valid change works afterwards), and any
numbers through the calculator's plain function."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicode_text import PROPERTY, any_caption
from helpers import encoders
from helpers.encoders import captioner, widgets

ANY_TEXT = any_caption(*["a \ud800 tone", "\u200b", "\x00", "", " ", "[MASK]", "a" * 10_000])
NUMBERS = st.one_of(st.integers(-5000, 5000), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.text(max_size=3), st.builds(np.int64, st.integers(-5000, 5000)))


@PROPERTY
@given(text=ANY_TEXT)
def test_any_text_has_a_token_count(text):
    count = encoders.text_token_count(text)
    assert isinstance(count, int) and count >= 2                    # [CLS] and [SEP] at least


@PROPERTY
@given(text=ANY_TEXT)
def test_any_text_is_encoded_by_the_caption_vocabulary_or_refused_in_one_line(text):
    vocab = captioner.CaptionVocab()
    try:
        ids = vocab.encode(text)
    except ValueError as error:
        assert "caption" in str(error) and "\n" not in str(error).strip()
    else:
        assert ids[0] == 1 and ids[-1] == 2 and vocab.decode(ids) == " ".join(text.split())


@pytest.fixture(scope="module")
def calculator():
    return widgets.token_budget_calculator()


def _is_budget(html):
    return "tokens = " in html and "fiveq-error" not in html


def _settle(calculator):
    """A valid change after whatever came before: the default encoder at its own size, one frame."""
    vision = calculator.controls["vision encoder"]
    vision.value = "CLIP ViT-B/32" if vision.value != "CLIP ViT-B/32" else "CLIP ViT-L/14-336 (LLaVA-1.5)"
    return calculator.output.value


@PROPERTY
@given(picks=st.lists(st.floats(0, 1), min_size=11, max_size=11))
def test_any_setting_of_every_control_shows_a_budget_or_one_line(calculator, picks):
    for (description, control), pick in zip(calculator.controls.items(), picks):
        if hasattr(control, "options"):          # a dropdown: one of its options
            options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            control.value = options[min(int(pick * len(options)), len(options) - 1)]
        elif isinstance(control.value, float):   # a float slider: anywhere in its range
            control.value = control.min + pick * (control.max - control.min)
        else:                                    # an int slider: a value on its steps
            steps = (control.max - control.min) // control.step
            control.value = control.min + round(pick * steps) * control.step
        html = calculator.output.value
        assert "\n" not in html and ("fiveq-error" in html or _is_budget(html)), description
    assert _is_budget(_settle(calculator))


@PROPERTY
@given(args=st.tuples(NUMBERS, NUMBERS, NUMBERS, NUMBERS, NUMBERS, NUMBERS, NUMBERS))
def test_the_calculators_plain_function_never_raises(args):
    image_size, patch_size, frames, audio_s, text_tokens, context_window, input_px = args
    html = widgets.budget_for("CLIP ViT-L/14-336 (LLaVA-1.5)", image_size, patch_size, frames, "keep all tokens",
                              "Whisper tiny.en", audio_s, text_tokens, context_window, input_px=input_px)
    assert isinstance(html, str) and "\n" not in html
    assert "fiveq-error" in html or "tokens = " in html
