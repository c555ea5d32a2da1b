"""helpers.language.widgets and helpers.language.plots: driven by setting widget values."""

import pytest
import torch
from matplotlib.figure import Figure

from helpers.core import corpora
from helpers.language import plots as language_plots
from helpers.language import widgets as language_widgets
from helpers.language import tiny_lm
from helpers.language import models as lm

SMALL = tiny_lm.TinyLMConfig(d_model=32, n_layer=1, n_head=2, block_size=16, batch_size=8, steps=15, warmup_steps=3)


@pytest.fixture(scope="module")
def models():
    data = tiny_lm.prepare_text(" ".join(corpora.austen().split()[:3000]), held_out=0.2)
    return (tiny_lm.train_lm("masked", data, SMALL, progress=False),
            tiny_lm.train_lm("causal", data, SMALL, progress=False))


def _described(box):
    return all(getattr(c, "description", "") for c in box.controls.values())


def test_fill_mask_widget_follows_sentence_word_and_k(models):
    box = language_widgets.fill_mask_widget(list(models), sentence="she wrote a long letter to her brother")
    assert _described(box)
    c = box.controls
    c["word"].value = 3
    assert "she wrote a [MASK] letter" in box.output.value
    bert_top = tiny_lm.fill_mask("she wrote a [MASK] letter to her brother", models[0], c["k"].value)
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
    box = language_widgets.generation_widget([models[1], models[0]], prompt="my dear brother", n_tokens=5)
    assert _described(box)
    c = box.controls
    first = box.output.value
    expected = tiny_lm.generate("my dear brother", models[1], 5, c["temperature"].value, c["top_k"].value, 0)
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
        language_widgets.generation_text("my dear", [models[1]], 3, 0.0, 5)


def test_attention_widget_shows_the_encoders_weights():
    from helpers.core import minilm

    box = language_widgets.attention_widget("the bank of the river")
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
        language_widgets.attention_html("a text", 99, 0)


def test_explorer_is_the_main_widget(models):
    tabs = language_widgets.explorer(*models)
    assert "fiveq-main" in tabs._dom_classes
    assert len(tabs.children) == 3 and tabs.titles[0] == "Fill a mask"


# ----------------------------------------------------------------- figures
def test_figures_are_figures(models):
    rows = lm.architecture_table(lm.ARCHITECTURES[:2])
    figs = [language_plots.parameter_bars(rows),
            language_plots.embedding_rows(["[CLS]", "a", "[SEP]", "b", "[SEP]"], [0, 0, 0, 1, 1]),
            language_plots.embedding_rows(["a", "␣b"]),
            language_plots.mask_heatmaps({"causal": lm.attention_mask("causal", 4)}, list("abcd")),
            language_plots.position_changes([("x", ["a", "b"], [0.0, 1.0], 1)]),
            language_plots.training_curves({"bert": models[0], "gpt": models[1]}),
            language_plots.similarity_heatmap(torch.eye(3), ["a", "b", "c"]),
            language_plots.attention_heatmap(torch.eye(3), ["a", "b", "c"]),
            language_plots.proportion_bars({"a": 0.2}, {"a": 0.15})]
    assert all(isinstance(f, Figure) for f in figs)
    # the segment row is drawn only for BERT
    assert len(figs[1].axes[0].patches) == 3 * 5 and len(figs[2].axes[0].patches) == 2 * 2
