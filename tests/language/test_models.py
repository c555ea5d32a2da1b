"""helpers.language.models: masks, masked-LM corruption, parameter counts, encoder experiments."""

import pytest
import torch

from helpers.language import models as lm
from helpers.core.runtime import cpu_threads


# ----------------------------------------------------------------- attention_mask
@pytest.mark.parametrize("n", [1, 2, 7])
def test_bidirectional_mask_allows_everything(n):
    m = lm.attention_mask("bidirectional", n)
    assert m.dtype == torch.bool and m.shape == (n, n) and bool(m.all())


def test_causal_mask_matches_explicit_rule():
    n = 6
    m = lm.attention_mask("causal", n)
    expected = torch.tensor([[j <= i for j in range(n)] for i in range(n)])
    assert torch.equal(m, expected)
    assert int(m.sum()) == n * (n + 1) // 2


def test_causal_mask_matches_torch_sdpa_is_causal():
    # the mask must give the same attention output as PyTorch's built-in causal attention
    q, k, v = torch.randn(3, 1, 2, 5, 4).unbind(0)
    ours = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=lm.attention_mask("causal", 5))
    ref = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    assert torch.allclose(ours, ref, atol=1e-6)


@pytest.mark.parametrize("kind,n", [("encoder", 3), ("Causal", 3), ("causal", 0), ("bidirectional", -2), ("causal", 2.5)])
def test_attention_mask_rejects_bad_input(kind, n):
    with pytest.raises(ValueError) as info:
        lm.attention_mask(kind, n)
    assert "\n" not in str(info.value)


# ----------------------------------------------------------------- mlm_mask
def _stream(n=200_000, vocab=1000, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(5, vocab, (n,), generator=g)


def test_mlm_mask_proportions_follow_the_80_10_10_rule():
    ids = _stream()
    inputs, labels = lm.mlm_mask(ids, 1000, special_ids=(0, 1), mask_id=4, generator=torch.Generator().manual_seed(1))
    props = lm.masking_proportions(ids, inputs, labels, mask_id=4)
    assert props["chosen_fraction"] == pytest.approx(0.15, abs=0.005)
    assert props["mask_fraction"] == pytest.approx(0.80, abs=0.01)
    assert props["random_fraction"] == pytest.approx(0.10 * 999 / 1000, abs=0.01)
    assert props["kept_fraction"] == pytest.approx(0.10, abs=0.01)


def test_mlm_mask_labels_and_unchosen_positions():
    ids = _stream(5000)
    inputs, labels = lm.mlm_mask(ids, 1000, (), 4, prob=0.3, generator=torch.Generator().manual_seed(2))
    chosen = labels != -100
    assert inputs.shape == ids.shape == labels.shape
    assert torch.equal(labels[chosen], ids[chosen])           # labels are the original ids
    assert torch.equal(inputs[~chosen], ids[~chosen])         # nothing else is touched
    assert int(chosen.sum()) / len(ids) == pytest.approx(0.3, abs=0.03)


def test_mlm_mask_never_chooses_special_tokens():
    ids = _stream(20_000)
    ids[::3] = 2  # [CLS]-like
    ids[1::7] = 3
    inputs, labels = lm.mlm_mask(ids, 1000, special_ids=[2, 3], mask_id=4, prob=0.9,
                                 generator=torch.Generator().manual_seed(3))
    special = (ids == 2) | (ids == 3)
    assert bool((labels[special] == -100).all())
    assert torch.equal(inputs[special], ids[special])


def test_mlm_mask_is_reproducible_with_a_generator_and_keeps_shape():
    ids = _stream(600).view(20, 30)
    a = lm.mlm_mask(ids, 1000, (), 4, generator=torch.Generator().manual_seed(7))
    b = lm.mlm_mask(ids, 1000, (), 4, generator=torch.Generator().manual_seed(7))
    assert a[0].shape == (20, 30)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])


@pytest.mark.parametrize("prob", [0, 1, -0.1, 1.5, "0.15"])
def test_mlm_mask_rejects_prob_outside_open_interval(prob):
    with pytest.raises(ValueError, match="prob"):
        lm.mlm_mask(_stream(10), 1000, (), 4, prob=prob)


def test_mlm_mask_rejects_bad_ids():
    with pytest.raises(TypeError):
        lm.mlm_mask(torch.rand(5), 1000, (), 4)
    with pytest.raises(ValueError, match="mask_id"):
        lm.mlm_mask(_stream(10), 1000, (), 1000)


def test_masking_proportions_needs_a_chosen_token():
    ids = _stream(10)
    with pytest.raises(ValueError):
        lm.masking_proportions(ids, ids, torch.full_like(ids, -100), 4)


# ----------------------------------------------------------------- objectives
def test_next_token_pairs_shift_by_one():
    x, y = lm.next_token_pairs([5, 6, 7, 8])
    assert x == [5, 6, 7] and y == [6, 7, 8]
    with pytest.raises(ValueError):
        lm.next_token_pairs([1])


def test_nsp_pairs_are_balanced_and_true_pairs_are_consecutive():
    sentences = [f"sentence number {i}." for i in range(50)]
    pairs = lm.nsp_pairs(sentences, 400, seed=0)
    assert 0.4 < sum(p[2] for p in pairs) / len(pairs) < 0.6
    for a, b, is_next in pairs:
        i, j = sentences.index(a), sentences.index(b)
        assert (j == i + 1) == is_next
    with pytest.raises(ValueError):
        lm.nsp_pairs(["a", "b"], 3)


# ----------------------------------------------------------------- sizes
@pytest.mark.parametrize("name", [a.name for a in lm.ARCHITECTURES])
def test_formula_equals_parameters_counted_by_transformers(name):
    arch = lm.architecture(name)
    assert lm.count_parameters(lm.build_on_meta(arch)) == arch.formula_params()


def test_transformer_params_matches_gpt2_lm_head_model_with_tied_head():
    from transformers import GPT2Config, GPT2LMHeadModel

    with torch.device("meta"):
        model = GPT2LMHeadModel(GPT2Config(n_layer=3, n_embd=64, n_head=4, vocab_size=500, n_positions=40))
    assert lm.count_parameters(model) == lm.transformer_params(3, 64, 500, 40)


def test_gpt3_layout_from_the_paper():
    gpt3 = lm.architecture("GPT-3 175B")
    assert (gpt3.n_layer, gpt3.d_model, gpt3.n_head, gpt3.n_ctx) == (96, 12288, 96, 2048)
    count = gpt3.formula_params()
    assert 174e9 < count < 175e9
    assert count / lm.architecture("GPT-2 XL").formula_params() > 100


@pytest.mark.parametrize("args", [(0, 64, 100, 10), (2, 0, 100, 10), (2, 64, -1, 10), (2, 64, 100, 0)])
def test_transformer_params_rejects_non_positive(args):
    with pytest.raises(ValueError):
        lm.transformer_params(*args)
    with pytest.raises(TypeError):
        lm.transformer_params(2.0, 64, 100, 10)


def test_architecture_table_and_format():
    rows = lm.architecture_table(lm.ARCHITECTURES[:1])
    assert rows[0]["counted"] == rows[0]["formula"] == 109_482_240
    text = lm.format_table(rows)
    assert "BERT-base" in text and "109.5M" in text
    with pytest.raises(ValueError):
        lm.architecture("GPT-5")


# ----------------------------------------------------------------- inputs and the real encoder
def test_bert_input_segments_and_embedding_sum_match_the_encoder():
    pair = lm.bert_input("Lady Susan wrote.", "He read it.")
    assert pair.tokens[0] == "[CLS]" and pair.tokens.count("[SEP]") == 2
    sep = pair.tokens.index("[SEP]")
    assert pair.segment_ids == [0] * (sep + 1) + [1] * (len(pair.tokens) - sep - 1)
    assert pair.positions == list(range(len(pair.tokens)))
    assert pair.token_vectors.shape == (len(pair.tokens), 384)
    assert torch.allclose(pair.summed, pair.model_embeddings, atol=1e-5)
    with pytest.raises(ValueError):
        lm.bert_input("  ")


def test_gpt2_input_is_byte_level_bpe():
    pieces, ids = lm.gpt2_input("Hello world")
    assert ids == [15496, 995]  # GPT-2's published ids for these two pieces
    assert pieces == ["Hello", "␣world"]


def test_encoder_change_reaches_earlier_positions():
    tokens, change, at = lm.encoder_change("she left the house", "she left the room")
    assert tokens[at] == "house"
    assert bool((change[:at] > 1e-4).all())


def test_decoder_change_leaves_earlier_positions_untouched():
    from helpers.core.tokenizers import gpt2_fast

    model = lm.random_gpt2(n_layer=1)
    labels, change, at = lm.decoder_change("she left the house", "she left the room", model, gpt2_fast())
    assert at == 3 and labels[at] == "␣house"
    assert float(change[:at].abs().max()) == 0.0
    assert float(change[at]) > 0


def test_change_experiments_reject_unequal_or_identical_sentences():
    with pytest.raises(ValueError, match="same token length"):
        lm.encoder_change("she left the house", "she left the extraordinarily large house")
    with pytest.raises(ValueError, match="identical"):
        lm.encoder_change("same words", "same words")


def test_word_vectors_depend_on_context_only_after_the_input_layer():
    sents = ["we sat on the bank of the river", "the bank lent us money"]
    static = lm.word_vectors(sents, "bank", layer=0)
    contextual = lm.word_vectors(sents, "bank")
    assert contextual.shape == (2, 384)
    assert lm.cosine_matrix(contextual)[0, 1] < 0.95
    # at layer 0 only the position embedding differs
    assert lm.cosine_matrix(static)[0, 1] > lm.cosine_matrix(contextual)[0, 1]
    with pytest.raises(ValueError):
        lm.word_vectors(["no such word here"], "bank")


def test_shuffled_pairs_keep_the_same_words():
    texts, labels = lm.shuffled_pairs(["one two three four five", "tiny"], seed=0)
    assert labels == [1, 0]
    assert sorted(texts[0].split()) == sorted(texts[1].split()) and texts[0] != texts[1]
    bow, vocab = lm.bag_of_words(texts)
    assert (bow[0] == bow[1]).all()


def test_linear_probe_learns_a_separable_task():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 5, generator=g)
    y = (x[:, 0] > 0).long()
    assert lm.linear_probe(x[:100], y[:100], x[100:], y[100:]) > 0.9


def test_cpu_threads_sets_and_restores():
    before = torch.get_num_threads()
    with cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    with pytest.raises(RuntimeError):
        with cpu_threads(1):
            raise RuntimeError("inside")
    assert torch.get_num_threads() == before


def test_sentence_features_are_unit_rows():
    x = lm.sentence_features(["one sentence", "another one"])
    assert x.shape == (2, 384)
    assert abs(float((x ** 2).sum(1)[0]) - 1) < 1e-5
