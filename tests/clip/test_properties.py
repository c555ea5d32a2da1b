"""Property tests (hypothesis) for lesson 01: any text through every tokenizer path and the token explorer;
random control values never break the widget, and it answers a valid change afterwards."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from unicode_text import ANY_CHAR
from helpers import clip
from helpers.clip import widgets

LONG_WORD = st.builds(lambda c, n: c * n, st.sampled_from("a字é😀!\ud800\x00"), st.integers(1, 10_000))
TEXT = st.one_of(st.lists(ANY_CHAR, max_size=300).map("".join), LONG_WORD,
                 st.builds(lambda a, w: a + " " + w, st.lists(ANY_CHAR, max_size=40).map("".join), LONG_WORD))
SETTINGS = settings(derandomize=True, deadline=None, max_examples=50)


@SETTINGS
@given(TEXT, st.integers(3, 200))
def test_any_text_tokenizes_into_the_window(text, context_length):
    ids = clip.tokenize(text, context_length=np.int64(context_length))
    assert ids.shape == (1, context_length) and int(ids[0, 0]) == clip.START_ID
    assert clip.END_ID in ids[0].tolist()
    assert len(clip.piece_labels(ids)) == context_length
    fit = clip.words_that_fit(text, context_length)
    kept, dropped = clip.truncate_to_fit(text, context_length)
    assert text.startswith(kept) and 0 <= fit <= len(text.split())
    assert clip.count_tokens(kept) <= context_length - 2 or fit == 0


@SETTINGS
@given(TEXT, st.sampled_from(["clip", "gpt2", "bert"]), st.integers(3, 512))
def test_token_view_takes_any_text(text, tokenizer, context_length):
    view = clip.token_view(text, tokenizer, context_length)
    assert view.slots_used <= context_length and view.content_tokens >= 0
    assert "fiveq-token-summary" in clip.render_token_html(view)


def test_the_token_explorer_survives_any_text_and_control_value():
    box = widgets.token_explorer("a cat")
    text_box, (picker, context), output = box.children[0], box.children[1].children, box.children[2]

    @SETTINGS
    @given(TEXT, st.sampled_from(["clip", "gpt2", "bert"]), st.integers(context.min, context.max))
    def survives(text, tokenizer, length):
        text_box.value, picker.value, context.value = text, tokenizer, length  # a callback that raised would fail here
        assert output.value
        text_box.value, picker.value, context.value = "a cat", "clip", 77
        assert 'data-content-tokens="2"' in output.value and "fiveq-error" not in output.value

    survives()
