"""helpers.language.mlm_exercise: the reader's masked-LM corruption, held to mlm_mask's behaviour."""

import torch

from helpers import language
from helpers.language import mlm_exercise


def _solution(ids, vocab_size, special_ids, mask_id):
    chosen = (torch.rand(ids.shape) < 0.15) & ~torch.isin(ids, torch.tensor(special_ids))
    action = torch.rand(ids.shape)
    inputs = torch.where(chosen & (action < 0.8), mask_id, ids)
    replaced = chosen & (action >= 0.8) & (action < 0.9)
    inputs = torch.where(replaced, torch.randint(vocab_size, ids.shape), inputs)
    return inputs, torch.where(chosen, ids, -100)


def test_the_tested_helper_and_the_lessons_solution_pass():
    assert mlm_exercise.reference_passes()
    torch.manual_seed(0)
    assert language.check_mlm_mask(_solution).status == "correct"


def test_unanswered_is_not_an_error():
    assert language.check_mlm_mask(None).status == "unanswered"


def test_each_mistake_is_named():
    def no_labels(ids, v, s, m):
        inputs, labels = _solution(ids, v, s, m)
        return inputs, torch.full_like(labels, -100)

    def chooses_specials(ids, v, s, m):
        chosen = torch.rand(ids.shape) < 0.15
        return torch.where(chosen, m, ids), torch.where(chosen, ids, -100)

    def always_mask(ids, v, s, m):
        chosen = (torch.rand(ids.shape) < 0.15) & ~torch.isin(ids, torch.tensor(s))
        return torch.where(chosen, m, ids), torch.where(chosen, ids, -100)

    def touches_others(ids, v, s, m):
        inputs, labels = _solution(ids, v, s, m)
        return torch.where(labels == -100, ids + 1, inputs), labels

    def wrong_labels(ids, v, s, m):
        inputs, labels = _solution(ids, v, s, m)
        return inputs, torch.where(labels != -100, inputs, -100)

    def crashes(ids, v, s, m):
        raise RuntimeError("boom")

    torch.manual_seed(0)
    expected = {chooses_specials: "special token", always_mask: "[MASK] share", touches_others: "not chosen changed",
                wrong_labels: "original id", crashes: "raised RuntimeError: boom",
                lambda ids, v, s, m: ids: "two tensors"}
    for candidate, words in expected.items():
        verdict = language.check_mlm_mask(candidate)
        assert verdict.status == "wrong" and words in verdict.message, (words, verdict.message)
    assert "no token was chosen" in language.check_mlm_mask(no_labels).message
