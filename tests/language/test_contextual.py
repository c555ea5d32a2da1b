"""helpers.language.contextual: contextual word vectors, sentence features, the word-order probing task."""

import pytest
import torch

from helpers import language
from helpers.core.probes import cosine_matrix, linear_probe


def test_word_vectors_depend_on_context_only_after_the_input_layer():
    sents = ["we sat on the bank of the river", "the bank lent us money"]
    static = language.word_vectors(sents, "bank", layer=0)
    contextual = language.word_vectors(sents, "bank")
    assert contextual.shape == (2, 384)
    assert cosine_matrix(contextual)[0, 1] < 0.95
    # at layer 0 only the position embedding differs
    assert cosine_matrix(static)[0, 1] > cosine_matrix(contextual)[0, 1]
    with pytest.raises(ValueError):
        language.word_vectors(["no such word here"], "bank")


def test_sense_similarity_averages_within_and_across_senses():
    m = torch.tensor([[1.0, 0.9, 0.2], [0.9, 1.0, 0.4], [0.2, 0.4, 1.0]])
    sim = language.sense_similarity(m, ["river", "river", "money"])
    assert sim["same"] == pytest.approx(0.9) and sim["different"] == pytest.approx(0.3)
    assert sim["all"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        language.sense_similarity(m, ["river", "money"])
    with pytest.raises(ValueError):
        language.sense_similarity(m, ["a", "b", "c"])


def test_shuffled_pairs_keep_the_same_words():
    texts, labels = language.shuffled_pairs(["one two three four five", "tiny"], seed=0)
    assert labels == [1, 0]
    assert sorted(texts[0].split()) == sorted(texts[1].split()) and texts[0] != texts[1]
    bow, vocab = language.bag_of_words(texts)
    assert (bow[0] == bow[1]).all()


def test_a_bag_of_words_probe_cannot_beat_chance_on_shuffled_pairs():
    # each sentence and its shuffle have identical counts, so a probe must give both the same answer
    sentences = [f"the {a} wrote a letter to her {b} at once" for a in ("lady", "girl", "aunt", "mother")
                 for b in ("brother", "sister", "friend")]
    texts, labels = language.shuffled_pairs(sentences, seed=0)
    train, vocabulary = language.bag_of_words(texts[:12])
    test, _ = language.bag_of_words(texts[12:], vocabulary)
    assert linear_probe(train, labels[:12], test, labels[12:]) == 0.5


def test_sentence_features_are_unit_rows():
    x = language.sentence_features(["one sentence", "another one"])
    assert x.shape == (2, 384)
    assert abs(float((x ** 2).sum(1)[0]) - 1) < 1e-5
