"""Bad input to lesson 02's public functions (helpers.language): the right exception, one line, naming the argument.

Each row: (what is called, args, kwargs, expected exception, a word the message must contain); ``BERT`` and
``GPT`` in a row stand for the tiny models the session fixture trains. Then edge inputs that must work.
"""

import numpy as np
import pytest
import torch

from refusals import assert_refused
from helpers import language
from helpers.language import widgets

BERT, GPT = "tiny BERT", "tiny GPT"
SMALL = language.TinyLMConfig(d_model=32, n_layer=1, n_head=2, block_size=16, batch_size=8, steps=25)

CASES = [
    (language.attention_mask, ("sideways", 4), {}, ValueError, "kind"),
    (language.attention_mask, ("causal", 0), {}, ValueError, "n"),
    (language.attention_mask, ("causal", 2.5), {}, ValueError, "n"),
    (language.mlm_mask, (torch.arange(10), 100, [], 3), {"prob": 0}, ValueError, "prob"),
    (language.mlm_mask, (torch.arange(10), 100, [], 3), {"prob": 1.5}, ValueError, "prob"),
    (language.mlm_mask, (torch.arange(10), 100, [], 3), {"prob": "0.15"}, TypeError, "prob"),
    (language.mlm_mask, (torch.rand(10), 100, [], 3), {}, TypeError, "input_ids"),
    (language.mlm_mask, (torch.arange(10), 0, [], 3), {}, ValueError, "vocab_size"),
    (language.mlm_mask, (torch.arange(10), 100, [], 100), {}, ValueError, "mask_id"),
    (language.masking_proportions, (torch.arange(5), torch.arange(5), torch.full((5,), -100), 3), {}, ValueError,
     "labels"),
    (language.masking_proportions, (torch.arange(5), torch.arange(4), torch.arange(5), 3), {}, ValueError, "inputs"),
    (language.nsp_pairs, (["a", "b"], 2), {}, ValueError, "sentences"),
    (language.nsp_pairs, (["a", "b", "c"], 0), {}, ValueError, "n"),
    (language.nsp_pairs, ("one. two. three.", 2), {}, ValueError, "sentences"),
    (language.nsp_pairs, (["a", "b", "c"], 2), {"seed": "s"}, TypeError, "seed"),
    (language.next_token_pairs, ([1],), {}, ValueError, "ids"),
    (language.next_token_pairs, ("abc",), {}, TypeError, "ids"),
    (language.transformer_params, (0, 768, 50257, 1024), {}, ValueError, "n_layer"),
    (language.transformer_params, (12, 768.0, 50257, 1024), {}, TypeError, "d_model"),
    (language.transformer_params, (12, 768, -1, 1024), {}, ValueError, "vocab_size"),
    (language.bert_params, (12, 768, 30522, "512"), {}, TypeError, "n_ctx"),
    (language.architecture, ("GPT-5",), {}, ValueError, "architecture"),
    (language.bert_input, ("",), {}, ValueError, "sentence_a"),
    (language.bert_input, (None,), {}, TypeError, "sentence_a"),
    (language.bert_input, ("a cat", 5), {}, TypeError, "sentence_b"),
    (language.gpt2_input, ("   ",), {}, ValueError, "text"),
    (language.gpt2_input, (["a"],), {}, TypeError, "text"),
    (language.position_change, ([1.0], [1.0]), {}, TypeError, "hidden_a"),
    (language.position_change, (torch.zeros(3, 4), torch.zeros(2, 4)), {}, ValueError, "hidden_b"),
    (language.changed_position, ([1, 2], [1, 2, 3]), {}, ValueError, "tokenize"),
    (language.changed_position, ([1, 2], [1, 2]), {}, ValueError, "identical"),
    (language.changed_position, (5, [1]), {}, TypeError, "ids_a"),
    (language.encoder_change, (None, "a cat"), {}, TypeError, "sentence_a"),
    (language.moved_summary, ("enc", torch.zeros(5), 9), {}, ValueError, "at"),
    (language.moved_summary, (3, torch.zeros(5), 1), {}, TypeError, "name"),
    (language.random_gpt2, (0,), {}, ValueError, "n_layer"),
    (language.random_gpt2, (2,), {"seed": -1}, ValueError, "seed"),
    (language.word_vectors, ([], "bank"), {}, ValueError, "sentences"),
    (language.word_vectors, (["the river bank"], ""), {}, ValueError, "word"),
    (language.word_vectors, (["the river bank"], "   "), {}, ValueError, "word"),
    (language.word_vectors, (["the river bank"], "money"), {}, ValueError, "word"),
    (language.word_vectors, (["the river bank"], "bank"), {"layer": 99}, ValueError, "layer"),
    (language.word_vectors, (["the river bank"], 5), {}, TypeError, "word"),
    (language.sense_similarity, (torch.eye(3), ["a", "b"]), {}, ValueError, "senses"),
    (language.sense_similarity, ([1, 2], ["a", "b"]), {}, TypeError, "matrix"),
    (language.sentence_features, ([],), {}, ValueError, "texts"),
    (language.shuffled_pairs, (["no no no no"],), {}, ValueError, "sentences"),
    (language.shuffled_pairs, (["too short"],), {}, ValueError, "sentences"),
    (language.shuffled_pairs, ([5],), {}, TypeError, "sentences[0]"),
    (language.shuffled_pairs, (["a b c d"],), {"seed": 1.5}, TypeError, "seed"),
    (language.bag_of_words, (None,), {}, TypeError, "texts"),
    (language.mask_word, ("a cat sat", 5), {}, ValueError, "index"),
    (language.mask_word, ("a cat sat", "1"), {}, TypeError, "index"),
    (language.mask_word, ("   ", 0), {}, ValueError, "sentence"),
    (language.mask_word, (None, 0), {}, TypeError, "sentence"),
    (language.fill_mask, ("a [MASK]", "a model"), {}, TypeError, "lm"),
    (language.fill_mask, ("no mask", BERT), {}, ValueError, "text"),
    (language.fill_mask, ("[MASK] [MASK]", BERT), {}, ValueError, "text"),
    (language.fill_mask, (None, BERT), {}, TypeError, "text"),
    (language.fill_mask, ("a [MASK]", BERT), {"k": 0}, ValueError, "k"),
    (language.fill_mask, ("a [MASK]", BERT), {"k": 2.5}, TypeError, "k"),
    (language.generate, ("my dear", GPT), {"n_tokens": 10**9}, ValueError, "n_tokens"),
    (language.generate, ("my dear", GPT), {"n_tokens": -1}, ValueError, "n_tokens"),
    (language.generate, ("my dear", GPT), {"n_tokens": 2.5}, TypeError, "n_tokens"),
    (language.generate, ("my dear", GPT), {"temperature": 0}, ValueError, "temperature"),
    (language.generate, ("my dear", GPT), {"temperature": float("nan")}, ValueError, "temperature"),
    (language.generate, ("my dear", GPT), {"top_k": 0}, ValueError, "top_k"),
    (language.generate, ("my dear", GPT), {"seed": -3}, ValueError, "seed"),
    (language.generate, ("\x00\u200b", GPT), {}, ValueError, "prompt"),
    (language.generate, ("", GPT), {}, ValueError, "prompt"),
    (language.generate, (None, GPT), {}, TypeError, "prompt"),
    (language.generate, ("my dear", None), {}, TypeError, "lm"),
    (language.answer_logprob, ("my dear", " brother", BERT), {}, ValueError, "lm"),
    (language.answer_logprob, ("", " brother", GPT), {}, ValueError, "prompt"),
    (language.answer_logprob, ("my dear", 5, GPT), {}, TypeError, "answer"),
    (language.few_shot_probabilities, ({1: "a b"}, "", GPT), {}, ValueError, "answer"),
    (language.training_flops, ("both", SMALL, 100), {}, ValueError, "kind"),
    (language.training_targets, ("causal", SMALL), {"steps": 0}, ValueError, "steps"),
    (language.equal_compute_steps, (SMALL, 0), {}, ValueError, "vocab_size"),
    (language.equal_compute_steps, ("config", 100), {}, TypeError, "config"),
    (language.prepare_text, ("x",), {}, ValueError, "text"),
    (language.prepare_text, (None,), {"held_out": 1.5}, ValueError, "held_out"),
    (language.prepare_text, (5,), {}, TypeError, "text"),
    (language.side_by_side, ([],), {}, TypeError, "columns"),
    (widgets.attention_html, ("", 0, 0), {}, ValueError, "text"),
    (widgets.attention_html, ("a cat", 99, 0), {}, ValueError, "layer"),
    (widgets.attention_html, ("a cat", 0, -1), {}, ValueError, "head"),
    (widgets.attention_html, ("a cat", 0.5, 0), {}, TypeError, "layer"),
    (language.architecture_table, ([1, 2],), {}, TypeError, "archs[0]"),
    (language.build_on_meta, ("GPT-2",), {}, TypeError, "arch"),
    (language.format_table, ("rows",), {}, TypeError, "rows"),
    (language.scale_comparison, ([],), {}, ValueError, "rows"),
    (language.held_out_data, ("vocab",), {}, TypeError, "vocab"),
    (language.few_shot_report, ({}, "x", GPT), {}, ValueError, "prompts"),
    (language.few_shot_probabilities, ({1: 5}, "x", GPT), {}, TypeError, "prompts[1]"),
    (language.compare_real_models, (None, None), {}, TypeError, "bert"),
    (language.compare_real_models, (GPT, BERT), {}, ValueError, "bert"),
    (language.real_fill_summary, (None,), {}, TypeError, "result"),
    (language.unigram_perplexity, (None,), {}, TypeError, "data"),
    (language.train_lm, ("masked", "data"), {}, TypeError, "data"),
    (language.train_lm, ("both", None), {}, ValueError, "kind"),
    (language.standard_error, (2, 10), {}, ValueError, "p"),
    (language.standard_error, (0.5, 0), {}, ValueError, "n"),
    (language.plots.mask_heatmaps, ({},), {}, ValueError, "masks"),
    (language.plots.position_changes, ([],), {}, ValueError, "panels"),
    (language.compare_held_out, (GPT, GPT, None), {}, ValueError, "bert"),
    (language.compare_held_out, (None, None, None), {}, ValueError, "bert"),
    (language.compare_held_out, (BERT, GPT, "data"), {}, TypeError, "data"),
    (language.compare_held_out, ("bert", None, None), {}, TypeError, "bert"),
    (language.load_tiny_bert, (5,), {}, TypeError, "folder"),
    (language.checkpoints_or_live, ("a model",), {}, TypeError, "live_bert"),
    (widgets.fill_mask_widget, ([],), {}, TypeError, "models"),
    (widgets.fill_mask_widget, (["bert"],), {}, TypeError, "models"),
    (widgets.fill_mask_widget, ([BERT],), {"sentence": None}, TypeError, "sentence"),
    (widgets.fill_mask_widget, ([BERT],), {"k": 50}, ValueError, "k"),
    (widgets.generation_widget, ([GPT],), {"prompt": 5}, TypeError, "prompt"),
    (widgets.generation_widget, ([GPT],), {"n_tokens": 10**9}, ValueError, "n_tokens"),
    (widgets.generation_text, ("my dear", "gpt", 3, 1.0, 5), {}, TypeError, "models"),
    (widgets.fill_mask_table, ("a cat", 0, None), {}, TypeError, "models"),
    (widgets.attention_widget, (None,), {}, TypeError, "text"),
]


@pytest.mark.parametrize("fn, args, kwargs, error, word", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_is_one_line_naming_the_argument(models, fn, args, kwargs, error, word):
    named = {BERT: models[0], GPT: models[1]}
    def resolve(a):
        return named.get(a, a) if isinstance(a, str) else [resolve(x) for x in a] if isinstance(a, list) else a

    args = tuple(resolve(a) for a in args)
    assert_refused(lambda: fn(*args, **kwargs), error, word)


def test_edge_inputs_work(models):
    bert, gpt = models
    assert language.attention_mask("causal", np.int64(3)).shape == (3, 3)
    assert language.attention_mask("causal", torch.tensor(1)).shape == (1, 1)
    assert language.transformer_params(np.int64(12), 768, 50257, torch.tensor(1024)) == \
        language.transformer_params(12, 768, 50257, 1024)
    assert language.generate("a \ud800 tone", gpt, n_tokens=0) == ""
    assert language.generate("my dear", gpt, n_tokens=np.int64(2), temperature=np.float32(1.0), top_k=torch.tensor(3))
    assert len(language.fill_mask("a [MASK]", bert, np.int64(2))) == 2
    assert language.mask_word("a cat", np.int64(-1)) == "a [MASK]"
    inputs, labels = language.mlm_mask(torch.arange(5, 50), 100, [], 3, prob=np.float32(0.5),
                                       generator=torch.Generator().manual_seed(0))
    assert inputs.shape == labels.shape == (45,)
    texts, labels = language.shuffled_pairs(["no no no no", "the cat sat down"])
    assert len(texts) == 2 and labels == [1, 0] and texts[1] != texts[0]
    assert language.shuffled_pairs(["a a a b"])[0][1] != "a a a b"
    assert language.word_vectors(["the river bank"], "bank").shape == (1, 384)
