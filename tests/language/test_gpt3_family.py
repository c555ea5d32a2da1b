"""helpers.language.gpt3_family: the paper's eight GPT-3 sizes built on the meta device, and the data scale."""

import pytest

from helpers import language


def test_the_family_is_the_papers_eight_sizes_with_one_context():
    names = [a.name for a in language.GPT3_FAMILY]
    assert names[0] == "GPT-3 Small" and names[-1] == "GPT-3 175B" and len(names) == 8
    assert {a.n_ctx for a in language.GPT3_FAMILY} == {2048}
    assert all(a.d_model % a.n_head == 0 for a in language.GPT3_FAMILY)  # buildable as printed in the JSON
    assert all(a.source.startswith("Brown et al. 2020") for a in language.GPT3_FAMILY)


def test_counted_sizes_match_the_formula_and_the_papers_names():
    rows = language.family_table()
    for arch, row in zip(language.GPT3_FAMILY, rows):
        assert row["counted"] == arch.formula_params()
        assert row["counted"] == pytest.approx(arch.published_params, rel=0.02)
    assert [r["counted"] for r in rows] == sorted(r["counted"] for r in rows)
    assert rows[-1]["counted"] == language.architecture_table([language.architecture("GPT-3 175B")])[0]["counted"]


def test_format_family_one_line_per_model():
    rows = language.family_table(language.GPT3_FAMILY[:2])
    text = language.format_family(rows)
    assert len(text.splitlines()) == 4 and "125M" in text and "GPT-3 Medium" in text


def test_data_scale_converts_words_at_the_given_rate():
    one = language.data_scale(1.0)
    assert "3.3B tokens" in one and "91x BERT's corpus" in one  # 300 / 3.3
    assert "about 6.6B tokens at 2.00 tokens per word" in language.data_scale(2.0)
    assert "16x BERT's masked-LM targets" in one  # 300 / (0.15 · 128)
    with pytest.raises(ValueError, match="tokens_per_word"):
        language.data_scale(0)
    with pytest.raises(TypeError, match="tokens_per_word"):
        language.data_scale("1.3")
