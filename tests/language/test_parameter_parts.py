"""helpers.language.parameter_parts: BERT's and GPT's formulas part by part, checked against built models."""

import pytest

from helpers import language
from helpers.language.sizes import Architecture

SMALL_BERT = Architecture("small BERT", "bert", n_layer=2, d_model=32, n_head=4, n_ctx=64, vocab_size=100,
                          published_params=0)
SMALL_GPT = Architecture("small GPT", "gpt", n_layer=3, d_model=48, n_head=4, n_ctx=40, vocab_size=90,
                         published_params=0)


@pytest.mark.parametrize("arch", [SMALL_BERT, SMALL_GPT, language.architecture("BERT-base"),
                                  language.architecture("GPT-2 small")], ids=lambda a: a.name)
def test_every_part_matches_the_built_model(arch):
    model = language.build_on_meta(arch)
    formula, counted = language.formula_parts(arch), language.counted_parts(arch, model)
    assert formula == counted
    assert sum(formula.values()) == arch.formula_params()


def test_bert_has_segment_layernorm_and_pooler_gpt_a_final_layernorm():
    bert, gpt = language.formula_parts(SMALL_BERT), language.formula_parts(SMALL_GPT)
    assert bert["segment embeddings"] == 2 * 32 and bert["embedding LayerNorm"] == 2 * 32
    assert bert["pooler"] == 32 * 32 + 32
    assert "pooler" not in gpt and "segment embeddings" not in gpt and gpt["final LayerNorm"] == 2 * 48
    assert language.formula_parts(language.architecture("BERT-base"))["pooler"] == 590_592


def test_parts_table_reports_agreement_and_a_difference():
    model = language.build_on_meta(SMALL_BERT)
    table = language.parts_table(SMALL_BERT, model)
    assert "pooler" in table and table.splitlines()[-1].endswith("equal") and "differs" not in table
    bigger_vocab = language.build_on_meta(Architecture("v", "bert", 2, 32, 4, 64, 101, 0))
    table = language.parts_table(SMALL_BERT, bigger_vocab)
    assert [line.split()[:2] for line in table.splitlines() if "differs" in line] == [["token", "embeddings"]]
    assert table.splitlines()[-1].endswith("differ")
    other = language.build_on_meta(SMALL_GPT)  # the wrong model for this architecture: the parts cannot be found
    with pytest.raises(AttributeError):
        language.parts_table(SMALL_BERT, other)


def test_bad_architecture_names_the_argument():
    with pytest.raises(TypeError, match="arch"):
        language.formula_parts("BERT-base")
