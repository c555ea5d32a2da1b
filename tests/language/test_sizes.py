"""helpers.language.sizes: parameter counts from the formula and from models built on the meta device."""

import inspect

import pytest
import torch

from helpers import language
from helpers.core.probes import parameter_count
from helpers.language import sizes


@pytest.mark.parametrize("name", [a.name for a in language.ARCHITECTURES])
def test_formula_equals_parameters_counted_by_transformers(name):
    arch = language.architecture(name)
    assert parameter_count(language.build_on_meta(arch)) == arch.formula_params()


def test_architectures_come_from_data_with_their_sources():
    assert [a.name for a in language.ARCHITECTURES] == ["BERT-base", "BERT-large", "GPT-2 small", "GPT-2 XL",
                                                       "GPT-3 175B"]
    assert all(a.source and a.family in ("bert", "gpt") for a in language.ARCHITECTURES)


def test_transformer_params_matches_gpt2_lm_head_model_with_tied_head():
    from transformers import GPT2Config, GPT2LMHeadModel

    with torch.device("meta"):
        model = GPT2LMHeadModel(GPT2Config(n_layer=3, n_embd=64, n_head=4, vocab_size=500, n_positions=40))
    assert parameter_count(model) == language.transformer_params(3, 64, 500, 40)


def test_gpt3_layout_from_the_paper():
    gpt3 = language.architecture("GPT-3 175B")
    assert (gpt3.n_layer, gpt3.d_model, gpt3.n_head, gpt3.n_ctx) == (96, 12288, 96, 2048)
    count = gpt3.formula_params()
    assert 174e9 < count < 175e9
    assert count / language.architecture("GPT-2 XL").formula_params() > 100


@pytest.mark.parametrize("args", [(0, 64, 100, 10), (2, 0, 100, 10), (2, 64, -1, 10), (2, 64, 100, 0)])
def test_transformer_params_rejects_non_positive(args):
    with pytest.raises(ValueError):
        language.transformer_params(*args)
    with pytest.raises(TypeError):
        language.transformer_params(2.0, 64, 100, 10)


def test_transformer_params_prints_as_the_formula():
    body = inspect.getsource(language.transformer_params).split('"""')[-1]
    assert "raise" not in body and len(body.strip().splitlines()) == 2


def test_bert_params_rejects_a_bad_segment_count():
    assert language.bert_params(2, 64, 100, 10) == language.bert_params(2, 64, 100, 10, type_vocab_size=2)
    with pytest.raises(ValueError, match="type_vocab_size"):
        language.bert_params(2, 64, 100, 10, type_vocab_size=0)


def test_architecture_table_and_format():
    rows = language.architecture_table(language.ARCHITECTURES[:1])
    assert rows[0]["counted"] == rows[0]["formula"] == 109_482_240
    text = language.format_table(rows)
    assert "BERT-base" in text and "109.5M" in text
    with pytest.raises(ValueError):
        language.architecture("GPT-5")


def test_scale_comparison_states_the_counted_ratios():
    rows = [{"model": a.name, "layers": a.n_layer, "width": a.d_model, "heads": a.n_head,
             "counted": a.formula_params()} for a in sizes.ARCHITECTURES]
    text = language.scale_comparison(rows)
    assert "GPT-3 parameters counted: 174.6B" in text
    assert "GPT-3 / GPT-2 XL (1.5B, the largest GPT-2): 112x" in text
