"""helpers.language.word_change: a changed word moves every encoder position, only later decoder ones."""

import pytest
import torch

from helpers import language


def test_encoder_change_reaches_earlier_positions():
    tokens, change, at = language.encoder_change("she left the house", "she left the room")
    assert tokens[at] == "house"
    assert bool((change[:at] > 1e-4).all())


def test_decoder_change_leaves_earlier_positions_untouched():
    from helpers.core.tokenizers import gpt2_fast

    model = language.random_gpt2(n_layer=1)
    labels, change, at = language.decoder_change("she left the house", "she left the room", model, gpt2_fast())
    assert at == 3 and labels[at] == "␣house"
    assert float(change[:at].abs().max()) == 0.0
    assert float(change[at]) > 0


def test_random_gpt2_is_initialised_as_gpt2_is_and_by_its_seed():
    a, b = language.random_gpt2(n_layer=1, seed=3), language.random_gpt2(n_layer=1, seed=3)
    assert torch.equal(a.transformer.wte.weight, b.transformer.wte.weight)
    assert not torch.equal(a.transformer.wte.weight, language.random_gpt2(n_layer=1, seed=4).transformer.wte.weight)
    assert a.lm_head.weight is a.transformer.wte.weight                     # the tied output head
    assert abs(float(a.transformer.wte.weight.detach().std()) - 0.02) < 1e-3  # GPT-2's initializer_range
    assert all(bool(torch.isfinite(p).all()) for p in a.parameters())
    assert float(a.transformer.h[0].ln_1.weight.detach().min()) == 1.0


def test_change_experiments_reject_unequal_or_identical_sentences():
    with pytest.raises(ValueError, match="same token length"):
        language.encoder_change("she left the house", "she left the extraordinarily large house")
    with pytest.raises(ValueError, match="identical"):
        language.encoder_change("same words", "same words")


def test_position_change_and_its_summary():
    a = torch.zeros(4, 3)
    b = a.clone()
    b[2:] += 1.0
    change = language.position_change(a, b)
    assert change.tolist() == pytest.approx([0, 0, 3 ** 0.5, 3 ** 0.5])
    assert language.moved_summary("GPT", change, 2) == "GPT: moved before the change 0 of 2 positions, after it 1 of 1"
    assert "(largest 0.0e+00)" in language.moved_summary("GPT", change, 2, largest=True)
    with pytest.raises(ValueError, match="same shape"):
        language.position_change(a, torch.zeros(3, 3))
