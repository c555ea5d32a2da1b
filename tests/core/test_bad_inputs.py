"""Bad input to helpers.core's public functions: the right exception, one line, naming the argument.

Each row: (what is called, args, kwargs, expected exception, a word the message must contain). Then edge
inputs that must work: empty text, a batch of one, numpy and torch scalars.
"""

import numpy as np
import pytest
import torch

from refusals import assert_refused
from helpers.core import (caches, checkpoints, checks, corpora, exercises, figures, minilm, pretrained, probes,
                          runtime, tokenizers)


def _tok(name):
    return lambda *a: tokenizers.get(name).encode(*a)


def _labels(name):
    return lambda *a: tokenizers.get(name).labels(*a)


F2 = np.random.default_rng(0).normal(size=(6, 3))
LABELS = np.array([0, 1, 0, 1, 0, 1])

CASES = [
    # checks: numbers and text
    (checks.integer, (4.5, "n"), {}, TypeError, "n"),
    (checks.integer, ("4", "n"), {}, TypeError, "n"),
    (checks.integer, (True, "n"), {}, TypeError, "bool"),
    (checks.integer, (np.int64(-1), "n"), {"minimum": 0}, ValueError, "n"),
    (checks.integer, (torch.tensor(9), "n"), {"maximum": 5}, ValueError, "n"),
    (checks.positive_int, (0, "steps"), {}, ValueError, "steps"),
    (checks.positive_int, (None, "steps"), {}, TypeError, "steps"),
    (checks.real, ("0.5", "rate"), {}, TypeError, "rate"),
    (checks.real, (float("nan"), "rate"), {}, ValueError, "rate"),
    (checks.real, (np.float64("inf"), "rate"), {}, ValueError, "rate"),
    (checks.real, (np.array([0.5, 0.6]), "rate"), {}, TypeError, "rate"),
    (checks.real, (torch.tensor(True), "rate"), {}, TypeError, "rate"),
    (checks.real, (0, "temperature"), {"minimum": 0, "open_minimum": True}, ValueError, "temperature"),
    (checks.text, (b"bytes", "caption"), {}, TypeError, "caption"),
    (checks.text, (None, "caption"), {}, TypeError, "caption"),
    (checks.clean_text, (["a"], "prompt"), {}, TypeError, "prompt"),
    (checks.texts, ({"a"}, "captions"), {}, TypeError, "captions"),
    (checks.texts, (["a", 3], "captions"), {}, TypeError, "captions[1]"),
    (checks.texts, ([], "captions"), {}, ValueError, "captions"),
    (checks.choice, ("max", "pooling", ("mean", "cls")), {}, ValueError, "pooling"),
    # tokenizers
    (tokenizers.get, ("llama",), {}, ValueError, "tokenizer"),
    (tokenizers.get, (None,), {}, ValueError, "tokenizer"),
    (tokenizers.get, (["clip"],), {}, ValueError, "tokenizer"),
    (_tok("clip"), (5,), {}, TypeError, "text"),
    (_tok("gpt2"), (b"abc",), {}, TypeError, "text"),
    (_tok("bert"), (["a cat"],), {}, TypeError, "text"),
    (tokenizers.clip_encode, (None,), {}, TypeError, "text"),
    (tokenizers.clip_piece_labels, ([49408],), {}, ValueError, "ids[0]"),
    (tokenizers.clip_piece_labels, ([-1],), {}, ValueError, "ids[0]"),
    (tokenizers.clip_piece_labels, (torch.zeros(2, 77, dtype=torch.long),), {}, ValueError, "ids"),
    (tokenizers.clip_piece_labels, (torch.tensor([1.5, 2.0]),), {}, TypeError, "ids"),
    (tokenizers.clip_piece_labels, ("a cat",), {}, TypeError, "ids"),
    (tokenizers.clip_piece_labels, ([1, None],), {}, TypeError, "ids[1]"),
    (_labels("gpt2"), ([50257],), {}, ValueError, "ids[0]"),
    (_labels("bert"), ([30522],), {}, ValueError, "ids[0]"),
    (_labels("bert"), (np.zeros((3, 3), dtype=int),), {}, ValueError, "ids"),
    (tokenizers.words_that_fit, (tokenizers.get("bert"), "a b c", 2), {}, ValueError, "context_length"),
    (tokenizers.words_that_fit, (tokenizers.get("clip"), "a b c", 7.5), {}, TypeError, "context_length"),
    (tokenizers.words_that_fit, (tokenizers.get("clip"), 5, 77), {}, TypeError, "text"),
    (tokenizers.words_that_fit, ("clip", "a b c", 77), {}, TypeError, "tokenizer"),
    # corpora
    (corpora.word_windows, ("a b c", 0, 1), {}, ValueError, "window_words"),
    (corpora.word_windows, ("a b c", 2, 5), {}, ValueError, "text"),
    (corpora.word_windows, (None, 2, 1), {}, TypeError, "text"),
    (corpora.word_windows, ("a b c", "2", 1), {}, TypeError, "window_words"),
    (corpora.austen_lines, (-1,), {}, ValueError, "min_words"),
    (corpora.austen_sentences, ("4",), {}, TypeError, "min_words"),
    (corpora.data_path, ("no/such/file.txt",), {}, FileNotFoundError, "no/such/file.txt"),
    (corpora.data_path, (5,), {}, TypeError, "name"),
    (corpora.read_json, (None,), {}, TypeError, "name"),
    # probes
    (probes.pca_2d, (np.zeros((1, 3)),), {}, ValueError, "features"),
    (probes.pca_2d, ("abc",), {}, TypeError, "features"),
    (probes.nearest_neighbour_accuracy, (F2, LABELS[:4]), {}, ValueError, "labels"),
    (probes.nearest_neighbour_accuracy, (np.full((6, 3), np.nan), LABELS), {}, ValueError, "features"),
    (probes.chance_accuracy, ([],), {}, ValueError, "labels"),
    (probes.cosine_matrix, (F2, np.zeros((4, 5))), {}, ValueError, "width"),
    (probes.cross_modal_accuracy, (F2, LABELS, np.zeros((6, 4)), LABELS), {}, ValueError, "width"),
    (probes.linear_probe, (F2, LABELS, F2, LABELS), {"c": 0}, ValueError, "c"),
    (probes.linear_probe, (F2, LABELS, F2, LABELS), {"seed": -2}, ValueError, "seed"),
    (probes.parameter_count, ("model",), {}, TypeError, "module"),
    # figures
    (figures.figure, (0, 3), {}, ValueError, "width_in"),
    (figures.figure, (4, "3"), {}, TypeError, "height_in"),
    (figures.figure, (4, float("nan")), {}, ValueError, "height_in"),
    # runtime
    (runtime.seed_everything, (-1,), {}, ValueError, "seed"),
    (runtime.seed_everything, (2**40,), {}, ValueError, "seed"),
    (runtime.seed_everything, (1.5,), {}, TypeError, "seed"),
    (runtime.live_training, ("yes",), {}, TypeError, "switch"),
    # exercises
    (exercises.check, (5, 1, 1), {}, TypeError, "name"),
    (exercises.check, ("q", 1, 1), {"tolerance": -1}, ValueError, "tolerance"),
    (exercises.check, ("q", 1, 1), {"tolerance": "0.1"}, TypeError, "tolerance"),
    (exercises.check, ("q", 1, 2), {"hint": 3}, TypeError, "hint"),
    # checkpoints and pretrained
    (checkpoints.paths, (None,), {}, TypeError, "name"),
    (checkpoints.read_card, ("no_such_checkpoint",), {}, checkpoints.CheckpointError, "no_such_checkpoint.json"),
    (pretrained.hf_model, (5,), {}, TypeError, "repo_id"),
    (pretrained.hf_model, ("gpt2", "NoSuchModelClass"), {}, ValueError, "model_class"),
    (pretrained.load_state_dict, ("/no/such/file.pt",), {}, pretrained.WeightsUnavailable, "file.pt"),
    (pretrained.open_clip_model, ("ViT-Nope",), {}, ValueError, "arch"),
    # minilm and caches
    (minilm.embed, ([],), {}, ValueError, "texts"),
    (minilm.embed, ([1, 2],), {}, TypeError, "texts[0]"),
    (minilm.embed, (["a"],), {"batch_size": 0}, ValueError, "batch_size"),
    (minilm.encode_tokens, (None,), {}, TypeError, "text"),
    (caches.BytesLRU, ("x",), {"max_bytes": -1}, ValueError, "max_bytes"),
    (caches.BytesLRU, (5,), {}, TypeError, "name"),
    (lambda n: runtime.cpu_threads(n).__enter__(), (0,), {}, ValueError, "n"),
    (runtime.environment_report, (5,), {}, TypeError, "weights_status"),
    (pretrained.try_load, ("hf_model",), {}, TypeError, "loader"),
    (figures.training_curves, ([],), {}, ValueError, "panels"),
    (probes.cosine_matrix, ([1, 2, 3],), {}, ValueError, "a"),
]


@pytest.mark.parametrize("fn, args, kwargs, error, word", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_is_one_line_naming_the_argument(fn, args, kwargs, error, word):
    assert_refused(lambda: fn(*args, **kwargs), error, word)


@pytest.mark.parametrize("name", tokenizers.NAMES)
def test_edge_text_works_in_every_tokenizer(name):
    tok = tokenizers.get(name)
    for text in ("", " ", "\t\n", "\x00", "a \ud800 tone", "\u200b", "x" * 10_000, "😀" * 100):
        ids = tok.encode(text)
        assert isinstance(ids, list) and all(isinstance(i, int) for i in ids)
        assert len(tok.labels(ids)) == len(ids)
    assert tok.encode("") == []


def test_numpy_and_torch_numbers_are_numbers():
    assert checks.integer(np.int64(4), "n") == 4 and checks.positive_int(torch.tensor(4), "n") == 4
    assert checks.real(np.float32(0.5), "x") == 0.5 and checks.real(torch.tensor(2), "x") == 2.0
    assert runtime.seed_everything(np.int64(3)) == 3
    assert corpora.word_windows("a b c d", np.int64(2), torch.tensor(2)) == ["a b", "c d"]
    tok = tokenizers.get("clip")
    assert tokenizers.words_that_fit(tok, "a cat", np.int64(77)) == 2
    fig = figures.figure(np.float64(2.0), torch.tensor(2))
    assert fig.get_figwidth() == 2.0


def test_a_batch_of_one_and_one_row():
    assert minilm.embed(["one sentence"]).shape == (1, 384)
    ids = torch.tensor([[49406, 320, 2368, 49407]])
    assert tokenizers.clip_piece_labels(ids) == ["<start>", "a·", "cat·", "<end>"]
    assert tokenizers.clip_piece_labels([]) == []
