"""Bad input to lesson 01's public functions (helpers.clip): the right exception, one line, naming the argument.

Each row: (what is called, args, kwargs, expected exception, a word the message must contain). Then edge
inputs that must work: empty text, a batch of one, numpy and torch scalars.
"""

import numpy as np
import pytest
import torch

from refusals import assert_refused
from helpers import clip

ROW = clip.tokenize("a cat")[0]

CASES = [
    (clip.tokenize, (5,), {}, TypeError, "texts"),
    (clip.tokenize, (["a", None],), {}, TypeError, "texts[1]"),
    (clip.tokenize, ({"a"},), {}, TypeError, "texts"),
    (clip.tokenize, ("a cat",), {"context_length": 2}, ValueError, "context_length"),
    (clip.tokenize, ("a cat",), {"context_length": 7.5}, TypeError, "context_length"),
    (clip.tokenize, ("a cat",), {"context_length": "77"}, TypeError, "context_length"),
    (clip.tokenize, ("a cat",), {"truncate": "no"}, TypeError, "truncate"),
    (clip.tokenize, ("word " * 100,), {"truncate": False}, ValueError, "truncate"),
    (clip.count_tokens, (None,), {}, TypeError, "text"),
    (clip.count_tokens, (b"a cat",), {}, TypeError, "text"),
    (clip.bpe_tokens, (3.5,), {}, TypeError, "text"),
    (clip.encode, (["a"],), {}, TypeError, "text"),
    (clip.decode, ("a cat",), {}, TypeError, "ids"),
    (clip.decode, ([10**6],), {}, ValueError, "ids[0]"),
    (clip.decode, (torch.zeros(2, 5, dtype=torch.long),), {}, ValueError, "ids"),
    (clip.piece_labels, ([49408],), {}, ValueError, "ids[0]"),
    (clip.piece_labels, (torch.tensor([[0.5]]),), {}, TypeError, "ids"),
    (clip.slot_kinds, ([1, "x"],), {}, TypeError, "ids[1]"),
    (clip.slot_kinds, (torch.zeros(3, 3, dtype=torch.long),), {}, ValueError, "ids"),
    (clip.compare_ids, ([1, 2], "abc"), {}, TypeError, "real_ids"),
    (clip.compare_ids, ([1, 2], [1, 2]), {"claimed": 5}, TypeError, "claimed"),
    (clip.words_that_fit, (None,), {}, TypeError, "text"),
    (clip.words_that_fit, ("a cat",), {"context_length": 1}, ValueError, "context_length"),
    (clip.words_that_fit, ("a cat",), {"context_length": np.float64(77.0)}, TypeError, "context_length"),
    (clip.truncate_to_fit, (7,), {}, TypeError, "text"),
    (clip.truncate_to_fit, ("a cat",), {"context_length": 0}, ValueError, "context_length"),
    (clip.fit_report, (None,), {}, TypeError, "text"),
    (clip.fit_report, ("a cat",), {"context_length": -5}, ValueError, "context_length"),
    (clip.token_view, (None,), {}, TypeError, "text"),
    (clip.token_view, ("a cat",), {"tokenizer": "llama"}, ValueError, "tokenizer"),
    (clip.token_view, ("a cat",), {"tokenizer": "bert", "context_length": 2}, ValueError, "context_length"),
    (clip.token_view, ("a cat",), {"context_length": "77"}, TypeError, "context_length"),
    (clip.render_token_html, ("a cat",), {}, TypeError, "view"),
    (clip.token_explorer, (), {"context_length": 1000}, ValueError, "context_length"),
    (clip.token_explorer, (), {"tokenizer": "t5"}, ValueError, "tokenizer"),
    (clip.token_explorer, (None,), {}, TypeError, "text"),
    (clip.tokens_per_word, ([],), {}, ValueError, "texts"),
    (clip.tokens_per_word, (["   "],), {}, ValueError, "texts"),
    (clip.tokens_per_word, ("a cat",), {"tokenizer": "xlnet"}, ValueError, "tokenizer"),
    (clip.tokens_per_char, (None,), {}, TypeError, "text"),
    (clip.tokens_per_char, ("   ",), {}, ValueError, "text"),
    (clip.chars_that_fit, (5,), {}, TypeError, "text"),
    (clip.chars_that_fit, ("a cat",), {"context_length": 2}, ValueError, "context_length"),
    (clip.words_fitting_windows, ("a b c",), {"n_windows": 0}, ValueError, "n_windows"),
    (clip.words_fitting_windows, ("a b c",), {"window_words": 2, "n_windows": 2}, ValueError, "text"),
    (clip.hapax_words, (None,), {}, TypeError, "text"),
    (clip.hapax_words, ("a b",), {"limit": -1}, ValueError, "limit"),
    (clip.number_strings, (0,), {}, ValueError, "count"),
    (clip.number_strings, (5,), {"seed": "x"}, TypeError, "seed"),
    (clip.emoji_strings, (2.5,), {}, TypeError, "count"),
    (clip.han_costs, ("no chinese here",), {}, ValueError, "chinese"),
    (clip.han_costs, (None,), {}, TypeError, "chinese"),
    (clip.punctuation_inflation, ("!!! ???",), {}, ValueError, "prose"),
    (clip.vocabulary_entry, (10**6,), {}, ValueError, "token_id"),
    (clip.vocabulary_entry, ("cat",), {}, TypeError, "token_id"),
    (clip.slot_labels, ("a cat",), {}, TypeError, "ids"),
    (clip.pad_with, ([1, 2],), {"pad_id": 0}, TypeError, "ids"),
    (clip.pad_with, (clip.tokenize("a"),), {"pad_id": -1}, ValueError, "pad_id"),
    (clip.encodes_word_by_word, (None,), {}, TypeError, "sentence"),
    (clip.random_windows, (0,), {}, ValueError, "n"),
    (clip.random_windows, (4,), {"seed": -1}, ValueError, "seed"),
    (clip.random_windows, (4,), {"pad_id": 10**6}, ValueError, "pad_id"),
    (clip.content_seen, (torch.ones(3, 3, dtype=torch.bool), ROW), {}, ValueError, "allowed"),
    (clip.content_seen, ("mask", ROW), {}, TypeError, "allowed"),
    (clip.end_token_positions, ([1, 2],), {}, TypeError, "ids"),
    (clip.stretch_positions, (torch.zeros(10, 4),), {"keep": 20}, ValueError, "keep"),
    (clip.stretch_positions, (torch.zeros(77, 4),), {"ratio": 0}, ValueError, "ratio"),
    (clip.stretch_positions, ([[0.0]],), {}, TypeError, "table"),
    (clip.attention_cost_ratio, (0,), {}, ValueError, "new_length"),
    (clip.attention_cost_ratio, (248,), {"old_length": "77"}, TypeError, "old_length"),
    (clip.place_detail, (["a", "b"], "d", 5), {}, ValueError, "index"),
    (clip.place_detail, ("a, b", "d", 1), {}, TypeError, "clauses"),
    (clip.place_detail, (["a", "b"], 3, 1), {}, TypeError, "detail"),
    (clip.detail_start_token, (["a", "b"], -1), {}, ValueError, "index"),
    (clip.word_prefixes, (None,), {}, TypeError, "caption"),
    (clip.word_prefixes, ("a cat",), {"max_tokens": 0}, ValueError, "max_tokens"),
    (clip.word_prefixes, ("   ",), {}, ValueError, "caption"),
    (clip.token_grid, ([1, 2], ["a"], ["content", "content"]), {}, ValueError, "labels"),
    (clip.token_grid, ([1], ["a"], ["content"]), {"columns": 0}, ValueError, "columns"),
    (clip.mask_heatmap, (torch.ones(3, 4),), {}, ValueError, "allowed"),
    (clip.distribution, ([], "x"), {}, ValueError, "values"),
    (clip.grouped_bars, (["a"], {}, "y"), {}, ValueError, "series"),
    (clip.grouped_bars, (["a", "b"], {"s": [1.0]}, "y"), {}, ValueError, "series"),
    (clip.embedding_drift_curves, ([1, 2], [0.1], [0.5, 0.6]), {}, ValueError, "steps"),
    (clip.untrained_clip, ("ViT-Nope",), {}, ValueError, "architecture"),
    (clip.text_tower_facts, (None,), {}, TypeError, "model"),
    (clip.causal_mask_allowed, ("clip",), {}, TypeError, "model"),
    (clip.padding_effect, (None, ROW), {}, TypeError, "model"),
    (clip.slot_states, (object(), ROW), {}, TypeError, "model"),
    (clip.slots_changed, (None, ROW, ROW), {}, TypeError, "model"),
    (clip.embedding_drift, (None, clip.tokenize, "a cat"), {}, TypeError, "model"),
    (clip.position_effect, (None, clip.tokenize, "a, b"), {}, TypeError, "model"),
    (clip.swap_effect, (None, clip.tokenize, ["a", "b"], 1), {}, TypeError, "model"),
]


@pytest.mark.parametrize("fn, args, kwargs, error, word", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_is_one_line_naming_the_argument(fn, args, kwargs, error, word):
    assert_refused(lambda: fn(*args, **kwargs), error, word)


def test_edge_inputs_work():
    assert clip.tokenize("").shape == (1, 77) and clip.tokenize([]).shape == (0, 77)
    assert clip.tokenize(["one caption"]).shape == (1, 77)
    assert clip.count_tokens("") == 0 and clip.words_that_fit("") == 0 and clip.truncate_to_fit("") == ("", "")
    assert clip.tokenize("a \ud800 tone\x00").shape == (1, 77)
    assert clip.tokenize("a cat", context_length=np.int64(10)).shape == (1, 10)
    assert clip.tokenize("a cat", context_length=torch.tensor(10)).shape == (1, 10)
    assert clip.words_that_fit("a cat sat", context_length=np.int64(4)) == 2
    assert clip.piece_labels(clip.tokenize("a cat")) == clip.piece_labels(clip.tokenize("a cat")[0])
    assert clip.decode(clip.tokenize("a cat")) == "a cat"
    view = clip.token_view("", "bert", np.int64(3))
    assert view.content_tokens == 0 and view.slots_used == 2
    assert clip.attention_cost_ratio(np.int64(154)) == 4.0
    assert clip.vocabulary_entry(np.int64(0)) == "!"
