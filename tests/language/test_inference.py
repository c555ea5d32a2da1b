"""helpers.language.inference: fill a masked word, generate, score an answer."""

import pytest
import torch

from helpers import language


def test_mask_word():
    assert language.mask_word("she wrote a letter", 2) == "she wrote [MASK] letter"
    with pytest.raises(ValueError, match="no word"):
        language.mask_word("   ", 0)
    with pytest.raises(ValueError):
        language.mask_word("one two", 5)


def test_causal_fill_ignores_the_right_side_masked_fill_does_not(models):
    bert, gpt = models
    a, b = "lady susan [MASK] to her brother", "lady susan [MASK] of the house"
    assert language.fill_mask(a, gpt, 5) == language.fill_mask(b, gpt, 5)
    assert language.fill_mask(a, bert, 5) != language.fill_mask(b, bert, 5)


def test_fill_mask_returns_k_whole_words_sorted(models):
    for model in models:
        out = language.fill_mask("she wrote [MASK] letter", model, 4)
        assert len(out) == 4
        probs = [p for _, p in out]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1
        assert all(not w.startswith("##") and not w.startswith("[") for w, _ in out)


def test_fill_mask_rejects_bad_input(models):
    bert, gpt = models
    with pytest.raises(ValueError, match="one word before"):
        language.fill_mask("[MASK] wrote a letter", gpt)
    with pytest.raises(ValueError):
        language.fill_mask("no mask here", bert)
    with pytest.raises(ValueError):
        language.fill_mask("[MASK] and [MASK]", bert)
    with pytest.raises(ValueError):
        language.fill_mask("a [MASK]", bert, k=0)
    with pytest.raises(TypeError):
        language.fill_mask("a [MASK]", "not a model")


def test_generate_is_seeded_and_greedy_matches_argmax(models):
    bert, gpt = models
    for model in models:
        a = language.generate("my dear brother", model, n_tokens=6, temperature=0.9, top_k=10, seed=3)
        assert a == language.generate("my dear brother", model, n_tokens=6, temperature=0.9, top_k=10, seed=3)
        assert isinstance(a, str) and a
    ids = gpt.encode("my dear brother")
    logits = gpt.logits(torch.tensor([ids]))[0, -1]
    logits[gpt.special] = float("-inf")
    first = language.generate("my dear brother", gpt, n_tokens=1, top_k=1)
    assert first == gpt.decode([int(logits.argmax())])


@pytest.mark.parametrize("kwargs", [dict(prompt=""), dict(prompt="   "), dict(temperature=0), dict(temperature=-1.0),
                                    dict(top_k=0)])
def test_generate_rejects_bad_input(models, kwargs):
    args = dict(prompt="my dear", temperature=1.0, top_k=5) | kwargs
    with pytest.raises(ValueError) as info:
        language.generate(args.pop("prompt"), models[1], n_tokens=2, **args)
    assert "\n" not in str(info.value)


def test_answer_logprob(models):
    bert, gpt = models
    lp = language.answer_logprob("my dear", " brother", gpt)
    assert lp < 0
    with pytest.raises(ValueError):
        language.answer_logprob("my dear", "brother", bert)


def test_fill_mask_reads_a_window_around_the_mask(models):
    bert = models[0]
    words = ("she wrote a long letter to her brother about the weather " * 6).split()[:60]
    for index in (1, 30, 59):
        text = language.mask_word(" ".join(words), index)
        assert len(language.fill_mask(text, bert, 3)) == 3


def test_generate_has_a_bound_and_reads_numpy_and_torch_numbers(models):
    import numpy as np

    gpt = models[1]
    with pytest.raises(ValueError, match=f"^n_tokens must be an int <= {language.inference.MAX_NEW_TOKENS}, got"):
        language.generate("my dear", gpt, n_tokens=10**9)
    a = language.generate("my dear", gpt, n_tokens=np.int64(3), temperature=np.float32(0.5), top_k=torch.tensor(4),
                          seed=np.int64(1))
    assert a == language.generate("my dear", gpt, n_tokens=3, temperature=0.5, top_k=4, seed=1)
    with pytest.raises(ValueError, match="^prompt has no tokens"):
        language.generate("\x00\u200b", gpt, n_tokens=3)
