"""Notebook 01's widget: the plain functions, and the widget driven by setting its values."""

import re

import pytest

from helpers import clip
from helpers.clip import widgets
from helpers.core import corpora
from helpers.core import tokenizers

FOX = "a quick brown fox jumps over the lazy dog."


def _summary(html: str) -> dict:
    match = re.search(r'<div class="fiveq-token-summary"([^>]*)>', html)
    assert match, html[:300]
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', match.group(1)))


def test_token_view_for_the_fox():
    view = widgets.token_view(FOX)
    assert (view.content_tokens, view.slots_used, view.words, view.words_that_fit) == (10, 12, 9, 9)
    assert view.window_ids[0] == 49406 and view.window_ids[-1] == 49407 and not view.truncated
    assert view.window_labels[0] == "<start>" and view.window_labels[1] == "a·"


@pytest.mark.parametrize("name", ["clip", "gpt2", "bert"])
def test_words_that_fit_is_the_count_whole_words_allow(name):
    text = " ".join(corpora.austen().split()[500:700])
    tok = tokenizers.get(name)
    k = widgets.token_view(text, name, 40).words_that_fit
    words = text.split()
    assert len(tok.encode(" ".join(words[:k]))) <= 40 - tok.specials < len(tok.encode(" ".join(words[:k + 1])))


def test_token_view_truncates_like_tokenize():
    text = " ".join(corpora.austen().split()[:2000])
    view = widgets.token_view(text, "clip", 77)
    row = [i for i in clip.tokenize(text)[0].tolist()]
    assert list(view.window_ids) == row and view.truncated
    assert view.dropped_count == clip.count_tokens(text) - 75
    assert len(view.dropped_ids) == widgets.MAX_CHIPS_PAST_CUT
    assert view.words_that_fit == clip.words_that_fit(text)


@pytest.mark.parametrize("name", ["gpt2", "bert"])
def test_token_view_other_tokenizers(name):
    tok = tokenizers.get(name)
    view = widgets.token_view(FOX, name, 77)
    assert view.content_tokens == len(tok.encode(FOX))
    assert view.slots_used == view.content_tokens + tok.specials


def test_render_html_summary_and_chips():
    html = widgets.render_token_html(widgets.token_view(FOX))
    assert _summary(html) == {"content-tokens": "10", "slots-used": "12", "context": "77", "truncated": "false", "words": "9"}
    assert html.count('class="fiveq-chip"') == 12
    escaped = widgets.render_token_html(widgets.token_view("<script>x</script>"))
    assert "<script>" not in escaped


def test_bad_inputs():
    with pytest.raises(TypeError, match="NoneType"):
        widgets.token_view(None)
    with pytest.raises(ValueError, match="context_length for bert must be an int >= 3, got 2"):
        widgets.token_view("hi", "bert", 2)
    with pytest.raises(TypeError, match="context_length for clip must be an int, got float"):
        widgets.token_view("hi", "clip", 7.5)
    with pytest.raises(ValueError, match="^tokenizer must be one of 'clip', 'gpt2', 'bert'; got 't5'$"):
        widgets.token_view("hi", "t5")


def test_widget_reacts_to_every_control():
    box = widgets.token_explorer()
    text_box, (picker, context), output = box.children[0], box.children[1].children, box.children[2]
    assert "fiveq-main" in box._dom_classes
    assert {text_box.description, picker.description, context.description} == {"Text", "Tokenizer", "Context"}
    assert _summary(output.value)["content-tokens"] == "10"

    text_box.value = "The astronaut's unbelievably shiny helmet 😀"
    assert _summary(output.value)["content-tokens"] == str(clip.count_tokens(text_box.value))

    picker.value = "gpt2"
    assert _summary(output.value)["content-tokens"] == str(len(tokenizers.get("gpt2").encode(text_box.value)))

    context.value = 5
    summary = _summary(output.value)
    assert summary["context"] == "5" and summary["truncated"] == "true" and summary["slots-used"] == "5"

    text_box.value = ""
    assert _summary(output.value)["content-tokens"] == "0"

    picker.value, context.value = "bert", 3
    text_box.value = "a " * 5000
    summary = _summary(output.value)
    assert summary["slots-used"] == "3" and summary["truncated"] == "true"


def test_widget_shows_an_error_instead_of_raising():
    box = widgets.token_explorer(tokenizer="bert")
    picker, context = box.children[1].children
    output = box.children[2]
    context.min = 1
    context.value = 1
    assert "fiveq-error" in output.value and "context_length" in output.value


def test_any_exception_in_the_callback_is_one_line_and_the_widget_recovers(monkeypatch):
    box = widgets.token_explorer("a cat")
    text_box, output = box.children[0], box.children[2]
    good = output.value

    def broken(*args, **kwargs):
        raise RuntimeError("first line\nsecond line")

    monkeypatch.setattr(widgets, "token_view", broken)
    text_box.value = "a dog"
    assert "fiveq-error" in output.value and "first line" in output.value and "second line" not in output.value
    monkeypatch.undo()
    text_box.value = "a cat"
    assert output.value == good

