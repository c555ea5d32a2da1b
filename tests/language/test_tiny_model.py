"""helpers.language.tiny_model: one Transformer class, bidirectional or causal, ALiBi or learned positions."""

import pickle

import pytest
import torch

from helpers import language
from helpers.core.probes import parameter_count
from helpers.language import tiny_model


def test_both_models_have_the_same_shape(data, small):
    bert = language.build_model("masked", len(data.vocab), small)
    gpt = language.build_model("causal", len(data.vocab), small)
    assert parameter_count(bert) == parameter_count(gpt)
    with pytest.raises(ValueError):
        language.build_model("seq2seq", 10, small)


def test_the_model_is_a_module_level_class_that_pickles(data, small):
    model = language.build_model("causal", len(data.vocab), small)
    assert isinstance(model, language.TinyTransformer) and isinstance(model.blocks[0], tiny_model.Block)
    again = pickle.loads(pickle.dumps(model))
    x = torch.tensor([[5, 6, 7]])
    with torch.no_grad():
        assert torch.equal(model(x).logits, again(x).logits)


def test_alibi_bias_and_learned_positions(data):
    bias = tiny_model.alibi_bias(4, 5)
    assert bias.shape == (4, 5, 5)
    assert torch.equal(bias[0], bias[0].T) and float(bias[:, 2, 2].abs().max()) == 0
    assert bias[0, 0, 4] < bias[0, 0, 1] < 0  # farther is penalised more
    learned = language.build_model("causal", len(data.vocab), language.TinyLMConfig(positions="learned"))
    alibi = language.build_model("causal", len(data.vocab), language.TinyLMConfig())
    assert learned.pos is not None and alibi.pos is None
    with pytest.raises(ValueError):
        language.build_model("causal", len(data.vocab), language.TinyLMConfig(positions="rotary"))


def test_causal_model_output_ignores_the_future_masked_does_not(data, small):
    for kind, expect_same in (("causal", True), ("masked", False)):
        torch.manual_seed(0)
        model = language.build_model(kind, len(data.vocab), small).eval()
        a = torch.tensor([[10, 11, 12, 13, 14]])
        b = torch.tensor([[10, 11, 12, 13, 20]])
        with torch.no_grad():
            same = torch.allclose(model(a).logits[0, :4], model(b).logits[0, :4])
        assert same is expect_same


def test_the_context_is_enforced(data, small):
    model = language.build_model("causal", len(data.vocab), small)
    with pytest.raises(ValueError, match="context holds 16"):
        model(torch.zeros(1, 17, dtype=torch.long))
