"""helpers.language.pattern_task: in-context copying, learned by a tiny copier, tested on any causal model."""

import pytest
import torch

from helpers import language


@pytest.fixture(scope="module")
def copier():
    return language.train_copier(vocab_size=16, period=5, seed=0)


def test_repeat_prompts_write_one_sequence_several_times():
    ids = language.repeat_prompts(torch.tensor([7, 8, 9]), n=4, period=5, copies=3, generator=torch.Generator().manual_seed(0))
    assert ids.shape == (4, 15)
    assert torch.equal(ids[:, :5], ids[:, 5:10]) and torch.equal(ids[:, :5], ids[:, 10:])
    assert set(ids.flatten().tolist()) <= {7, 8, 9}


def test_the_copier_learns_from_the_prompt_not_its_weights(copier):
    scores = language.copy_accuracy(lambda ids: copier(ids).logits, torch.arange(16), seed=1)
    assert scores[0] < 0.2            # no earlier copy: close to chance (1/16)
    assert scores[1] > 0.9 and scores[3] > 0.9
    assert "in-context learning" in language.copy_verdict("copier", scores, 1 / 16)


def test_an_untrained_model_does_not_copy():
    config = language.COPIER
    model = language.tiny_model.TinyTransformer(16, config, causal=True)
    scores = language.copy_accuracy(lambda ids: model(ids).logits, torch.arange(16), seed=1)
    assert max(scores.values()) < 0.3
    assert "do not help" in language.copy_verdict("untrained", scores, 1 / 16)


def test_scoring_changes_no_weight_and_a_change_is_seen(copier):
    snapshot = language.weights_snapshot(copier)
    language.copy_accuracy(lambda ids: copier(ids).logits, torch.arange(16), n=8)
    assert language.same_weights(snapshot, copier)
    with torch.no_grad():
        copier.tok.weight[0, 0] += 1.0
    assert not language.same_weights(snapshot, copier)
    with torch.no_grad():
        copier.tok.weight[0, 0] -= 1.0


def test_copy_accuracy_scores_a_perfect_copier_as_perfect_after_one_copy():
    period, V = 5, 10

    def oracle(ids):  # predicts the token one period back (uniform where there is none)
        logits = torch.zeros(*ids.shape, V)
        for t in range(ids.shape[1]):
            if t + 1 - period >= 0:
                logits[torch.arange(len(ids)), t, ids[:, t + 1 - period]] = 1.0
        return logits

    scores = language.copy_accuracy(oracle, torch.arange(V), shots=(0, 1, 2), period=period, n=16)
    assert scores[1] == scores[2] == 1.0 and scores[0] < 0.5


def test_word_symbols_skip_specials(models):
    bert, gpt = models
    symbols = language.word_symbols(gpt, 20)
    assert len(symbols) == 20
    assert not gpt.special[symbols].any() and gpt.word_starts[symbols].all()
    assert all(len(label) >= 3 and label.isalpha() for label in gpt.labels(symbols.tolist()))


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="period"):
        language.copy_accuracy(lambda ids: ids, torch.arange(4), period=1)
    with pytest.raises(ValueError, match="shots"):
        language.copy_accuracy(lambda ids: ids, torch.arange(4), shots=(-1,))
    with pytest.raises(ValueError, match="vocab_size"):
        language.train_copier(vocab_size=1)
