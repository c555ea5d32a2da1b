"""helpers.language.widgets: driven by setting widget values."""

import pytest

from helpers import language
from helpers.language import widgets


def _described(box):
    return all(getattr(c, "description", "") for c in box.controls.values())


def test_fill_mask_widget_follows_sentence_word_and_k(models):
    box = widgets.fill_mask_widget(list(models), sentence="she wrote a long letter to her brother")
    assert _described(box)
    c = box.controls
    c["word"].value = 3
    assert "she wrote a [MASK] letter" in box.output.value
    bert_top = language.fill_mask("she wrote a [MASK] letter to her brother", models[0], c["k"].value)
    assert bert_top[0][0] in box.output.value
    c["k"].value = 2
    assert box.output.value.count("<tr><td>") == 2 * 2
    c["sentence"].value = "lady susan smiled"
    assert [o[1] for o in c["word"].options] == [0, 1, 2]
    assert "[MASK]" in box.output.value
    c["word"].value = 0  # the causal model has no left context for the first word
    assert "needs at least one word before" in box.output.value
    c["sentence"].value = "   "
    assert "no word to mask" in box.output.value


def test_generation_widget_reacts_to_controls(models):
    box = widgets.generation_widget([models[1], models[0]], prompt="my dear brother", n_tokens=5)
    assert _described(box)
    c = box.controls
    first = box.output.value
    expected = language.generate("my dear brother", models[1], 5, c["temperature"].value, c["top_k"].value, 0)
    assert expected.replace("'", "&#x27;").replace('"', "&quot;") in first
    c["seed"].value = 4
    assert box.output.value != first
    c["top_k"].value = 1  # greedy: the seed no longer matters
    greedy = box.output.value
    c["seed"].value = 5
    assert box.output.value == greedy
    c["model"].value = 1  # the masked model, by iterative [MASK] filling
    assert models[0].name in box.output.value and "iterative [MASK] filling" in box.output.value
    c["prompt"].value = ""
    assert "prompt is empty" in box.output.value


def test_generation_text_rejects_bad_temperature(models):
    with pytest.raises(ValueError, match="temperature"):
        widgets.generation_text("my dear", [models[1]], 3, 0.0, 5)


def test_attention_widget_shows_the_encoders_weights():
    from helpers.core import minilm

    box = widgets.attention_widget("the bank of the river")
    assert _described(box)
    c = box.controls
    c["layer"].value, c["head"].value = 2, 3
    tokens, _, attentions = minilm.encode_tokens("the bank of the river", output_attentions=True)
    page = box.output.value
    assert "layer 2, head 3" in page
    assert page.count("<td ") == len(tokens) ** 2
    strongest = attentions[2, 3, 1].argmax().item()  # where "the" looks most
    assert f"the → {tokens[strongest]}: {attentions[2, 3, 1, strongest].item():.2f}" in page
    c["head"].value = 4
    assert "head 4" in box.output.value and box.output.value != page
    c["text"].value = ""
    assert "empty" in box.output.value
    with pytest.raises(ValueError):
        widgets.attention_html("a text", 99, 0)


def test_explorer_is_the_main_widget(models):
    tabs = widgets.explorer(*models)
    assert "fiveq-main" in tabs._dom_classes
    assert len(tabs.children) == 3 and tabs.titles[0] == "Fill a mask"


def test_widget_defaults_come_from_the_lessons_data():
    ex = language.example_sentences()
    assert widgets.DEFAULT_SENTENCE == ex["fill_mask_sentence"] and widgets.DEFAULT_PROMPT == ex["generation_prompt"]


def test_fill_mask_widget_keeps_the_mask_in_a_long_sentence(models):
    """A 60-word sentence is longer than the tiny models' window: a window around the mask is read."""
    words = " ".join(["she wrote a long letter to her brother about the weather"] * 6).split()[:60]
    box = widgets.fill_mask_widget(list(models), sentence=" ".join(words))
    for index in (2, 30, 58):
        box.controls["word"].value = index
        assert "is not in list" not in box.output.value and "fiveq-error" not in box.output.value
        assert box.output.value.count("<tr><td>") == 2 * box.controls["k"].value


def test_generation_widget_says_in_one_line_when_a_prompt_has_no_tokens(models):
    box = widgets.generation_widget([models[1], models[0]], prompt="my dear brother", n_tokens=5)
    good = box.output.value
    for prompt in ("\u200b", "\x00", "\x00\x01\x02"):
        box.controls["prompt"].value = prompt
        assert "fiveq-error" in box.output.value and "no tokens" in box.output.value or "empty" in box.output.value
    box.controls["prompt"].value = "a \ud800 tone"          # a lone surrogate: read as U+FFFD, no TypeError
    assert "fiveq-error" not in box.output.value
    box.controls["prompt"].value = "my dear brother"
    assert box.output.value == good


def test_attention_cache_is_bounded_by_bytes():
    widgets.attention_html("the bank of the river", 0, 0)
    cache = widgets._ATTENTION_CACHE
    assert 0 < cache.bytes <= cache.max_bytes and len(cache) >= 1
    tokens, attentions = cache.get("the bank of the river")
    assert str(attentions.dtype) == "torch.float16"


def test_attention_grid_of_a_long_text_is_capped_and_says_so():
    text = " ".join(["the bank of the river"] * 40)            # about 200 tokens
    page = widgets.attention_html(text, 0, 0)
    n = widgets.MAX_GRID_TOKENS
    assert page.count("<tr>") == n + 1 and f"the first {n} of " in page
    assert "the first" not in widgets.attention_html("the bank of the river", 0, 0)
