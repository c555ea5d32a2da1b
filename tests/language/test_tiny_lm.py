"""helpers.language.tiny_lm: vocabulary, training, fill-mask, generation, held-out comparison, pretrained path."""

import math

import pytest
import torch

from helpers.core import corpora
from helpers.language import tiny_lm

SMALL = tiny_lm.TinyLMConfig(d_model=32, n_layer=1, n_head=2, block_size=16, batch_size=8, steps=25, lr=3e-3,
                             warmup_steps=3)


@pytest.fixture(scope="module")
def data():
    return tiny_lm.prepare_text(" ".join(corpora.austen().split()[:4000]), held_out=0.2)


@pytest.fixture(scope="module")
def models(data):
    return (tiny_lm.train_lm("masked", data, SMALL, progress=False),
            tiny_lm.train_lm("causal", data, SMALL, progress=False))


# ----------------------------------------------------------------- vocabulary and data
def test_vocab_specials_and_round_trip(data):
    v = data.vocab
    assert v.labels(range(5)) == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    ids = v.encode("lady susan [MASK] her brother")
    assert v.mask_id in ids and v.unk_id not in ids
    assert v.decode([i for i in ids if i != v.mask_id]) == "lady susan her brother"
    assert v.encode("zyzzogeton")[0] == v.unk_id  # not in the vocabulary


def test_word_starts_excludes_specials_and_continuations(data):
    starts = data.vocab.word_starts()
    assert starts.shape == (len(data.vocab),)
    assert not starts[:5].any()
    assert all(not p.startswith("##") for p, s in zip(data.vocab.pieces, starts.tolist()) if s)


def test_prepare_text_holds_out_the_tail(data):
    assert len(data.test) > 0 and len(data.train) > 4 * len(data.test)
    # the vocabulary comes from the training part only (pieces seen twice): held-out text has unknown pieces
    assert int((data.test == data.vocab.unk_id).sum()) > 0
    with pytest.raises(ValueError):
        tiny_lm.prepare_text("one two three", held_out=1.5)


# ----------------------------------------------------------------- models and training
def test_both_models_have_the_same_shape(data):
    bert = tiny_lm.build_model("masked", len(data.vocab), SMALL)
    gpt = tiny_lm.build_model("causal", len(data.vocab), SMALL)
    n_b, n_g = (sum(p.numel() for p in m.parameters()) for m in (bert, gpt))
    assert abs(n_b - n_g) / n_g < 0.05
    with pytest.raises(ValueError):
        tiny_lm.build_model("seq2seq", 10, SMALL)


def test_random_windows_same_seed_same_text(data):
    a = tiny_lm.random_windows(data.train, 16, 4, torch.Generator().manual_seed(0))
    b = tiny_lm.random_windows(data.train, 16, 4, torch.Generator().manual_seed(0))
    assert a.shape == (4, 16) and torch.equal(a, b)
    with pytest.raises(ValueError):
        tiny_lm.random_windows(data.train[:10], 16, 4, torch.Generator())


def test_training_lowers_the_loss_and_is_reproducible(data, models):
    bert, gpt = models
    for model in models:
        first, last = sum(model.losses[:5]) / 5, sum(model.losses[-5:]) / 5
        assert last < first - 0.3, (model.name, first, last)
        assert model.train_seconds > 0
    again = tiny_lm.train_lm("causal", data, SMALL, progress=False)
    assert again.losses == gpt.losses


def test_equal_compute_gives_the_masked_model_more_steps():
    config = tiny_lm.TinyLMConfig()
    causal, masked = (tiny_lm.training_flops(k, config, 1000) for k in ("causal", "masked"))
    assert masked < causal  # the output layer runs on 15% of positions only
    steps = tiny_lm.equal_compute_steps(config, 1000)
    assert steps > config.steps
    assert steps * masked == pytest.approx(config.steps * causal, rel=0.01)
    with pytest.raises(ValueError):
        tiny_lm.training_flops("encoder", config, 1000)


def test_train_lm_steps_override(data):
    model = tiny_lm.train_lm("masked", data, SMALL, progress=False, steps=7)
    assert len(model.losses) == 7
    with pytest.raises(ValueError):
        tiny_lm.train_lm("masked", data, SMALL, progress=False, steps=0)


def test_alibi_bias_and_learned_positions(data):
    bias = tiny_lm.alibi_bias(4, 5)
    assert bias.shape == (4, 5, 5)
    assert torch.equal(bias[0], bias[0].T) and float(bias[:, 2, 2].abs().max()) == 0
    assert bias[0, 0, 4] < bias[0, 0, 1] < 0  # farther is penalised more
    learned = tiny_lm.build_model("causal", len(data.vocab), tiny_lm.TinyLMConfig(positions="learned"))
    alibi = tiny_lm.build_model("causal", len(data.vocab), tiny_lm.TinyLMConfig())
    assert learned.pos is not None and alibi.pos is None
    with pytest.raises(ValueError):
        tiny_lm.build_model("causal", len(data.vocab), tiny_lm.TinyLMConfig(positions="rotary"))


def test_causal_model_output_ignores_the_future_masked_does_not(data):
    for kind, expect_same in (("causal", True), ("masked", False)):
        torch.manual_seed(0)
        model = tiny_lm.build_model(kind, len(data.vocab), SMALL).eval()
        a = torch.tensor([[10, 11, 12, 13, 14]])
        b = torch.tensor([[10, 11, 12, 13, 20]])
        with torch.no_grad():
            same = torch.allclose(model(a).logits[0, :4], model(b).logits[0, :4])
        assert same is expect_same


def test_train_lm_rejects_unknown_kind(data):
    with pytest.raises(ValueError):
        tiny_lm.train_lm("bidirectional", data, SMALL)


# ----------------------------------------------------------------- fill_mask and mask_word
def test_mask_word():
    assert tiny_lm.mask_word("she wrote a letter", 2) == "she wrote [MASK] letter"
    with pytest.raises(ValueError, match="no word"):
        tiny_lm.mask_word("   ", 0)
    with pytest.raises(ValueError):
        tiny_lm.mask_word("one two", 5)


def test_causal_fill_ignores_the_right_side_masked_fill_does_not(models):
    bert, gpt = models
    a, b = "lady susan [MASK] to her brother", "lady susan [MASK] of the house"
    assert tiny_lm.fill_mask(a, gpt, 5) == tiny_lm.fill_mask(b, gpt, 5)
    assert tiny_lm.fill_mask(a, bert, 5) != tiny_lm.fill_mask(b, bert, 5)


def test_fill_mask_returns_k_whole_words_sorted(models, data):
    for model in models:
        out = tiny_lm.fill_mask("she wrote [MASK] letter", model, 4)
        assert len(out) == 4
        probs = [p for _, p in out]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1
        assert all(not w.startswith("##") and not w.startswith("[") for w, _ in out)


def test_fill_mask_rejects_bad_input(models):
    bert, gpt = models
    with pytest.raises(ValueError, match="one word before"):
        tiny_lm.fill_mask("[MASK] wrote a letter", gpt)
    with pytest.raises(ValueError):
        tiny_lm.fill_mask("no mask here", bert)
    with pytest.raises(ValueError):
        tiny_lm.fill_mask("[MASK] and [MASK]", bert)
    with pytest.raises(ValueError):
        tiny_lm.fill_mask("a [MASK]", bert, k=0)
    with pytest.raises(TypeError):
        tiny_lm.fill_mask("a [MASK]", "not a model")


# ----------------------------------------------------------------- generate
def test_generate_is_seeded_and_greedy_matches_argmax(models):
    bert, gpt = models
    for model in models:
        a = tiny_lm.generate("my dear brother", model, n_tokens=6, temperature=0.9, top_k=10, seed=3)
        assert a == tiny_lm.generate("my dear brother", model, n_tokens=6, temperature=0.9, top_k=10, seed=3)
        assert isinstance(a, str) and a
    ids = gpt.encode("my dear brother")
    logits = gpt.logits(torch.tensor([ids]))[0, -1]
    logits[gpt.special] = float("-inf")
    first = tiny_lm.generate("my dear brother", gpt, n_tokens=1, top_k=1)
    assert first == gpt.decode([int(logits.argmax())])


@pytest.mark.parametrize("kwargs", [dict(prompt=""), dict(prompt="   "), dict(temperature=0), dict(temperature=-1.0),
                                    dict(top_k=0)])
def test_generate_rejects_bad_input(models, kwargs):
    args = dict(prompt="my dear", temperature=1.0, top_k=5) | kwargs
    with pytest.raises(ValueError) as info:
        tiny_lm.generate(args.pop("prompt"), models[1], n_tokens=2, **args)
    assert "\n" not in str(info.value)


def test_answer_logprob(models):
    bert, gpt = models
    lp = tiny_lm.answer_logprob("my dear", " brother", gpt)
    assert lp < 0
    with pytest.raises(ValueError):
        tiny_lm.answer_logprob("my dear", "brother", bert)


# ----------------------------------------------------------------- held-out comparison
def test_compare_held_out(models, data):
    bert, gpt = models
    c = tiny_lm.compare_held_out(bert, gpt, data, n_windows=6, positions=[1, 5, 15])
    assert c.positions == [1, 5, 15] and c.n_targets == 6
    for reader in tiny_lm.READERS:
        assert 0 <= c.accuracy(reader) <= 1
        assert len(c.accuracy_by_position(reader)) == 3
        assert 1 < c.perplexity(reader) < 10 * len(data.vocab)
    with pytest.raises(ValueError):
        tiny_lm.compare_held_out(gpt, bert, data)
    with pytest.raises(ValueError):
        tiny_lm.compare_held_out(bert, gpt, data, positions=[0, 3])


def test_compare_held_out_gpt_matches_its_own_loss(models, data):
    # the GPT column must be exactly next-token cross-entropy computed another way
    bert, gpt = models
    c = tiny_lm.compare_held_out(bert, gpt, data, n_windows=4, positions=[3])
    windows = tiny_lm.held_out_windows(data, 16, 4)
    logits = gpt.logits(windows)[:, 2]
    expected = float(torch.nn.functional.cross_entropy(logits, windows[:, 3]))
    assert math.log(c.perplexity("gpt")) == pytest.approx(expected, rel=1e-5)


def test_unigram_perplexity_is_between_one_and_vocab(data):
    assert 1 < tiny_lm.unigram_perplexity(data) < len(data.vocab)


# ----------------------------------------------------------------- pretrained path, with tiny local checkpoints
def test_load_pretrained_masked_from_a_local_directory(tmp_path):
    from transformers import BertConfig, BertForMaskedLM

    from helpers.core.tokenizers import bert_fast

    tok = bert_fast()
    torch.manual_seed(0)
    BertForMaskedLM(BertConfig(vocab_size=len(tok), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                               intermediate_size=32, max_position_embeddings=64)).save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    model = tiny_lm.load_pretrained("masked", str(tmp_path))
    assert model.kind == "masked" and model.prefix == (tok.cls_token_id,) and model.suffix == (tok.sep_token_id,)
    out = tiny_lm.fill_mask("the cat sat on the [MASK] .", model, 3)
    assert len(out) == 3 and all(not w.startswith("##") for w, _ in out)
    assert tiny_lm.generate("the cat", model, n_tokens=3, seed=0)


def test_load_pretrained_causal_from_a_local_directory(tmp_path):
    from transformers import GPT2Config, GPT2LMHeadModel

    from helpers.core.tokenizers import gpt2_fast

    torch.manual_seed(0)
    GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=8, n_head=2, n_positions=32)).save_pretrained(tmp_path)
    gpt2_fast().save_pretrained(tmp_path)
    model = tiny_lm.load_pretrained("causal", str(tmp_path))
    assert model.kind == "causal" and model.n_ctx == 32
    words = tiny_lm.fill_mask("the cat sat on the [MASK]", model, 3)
    assert len(words) == 3
    assert tiny_lm.generate("the cat", model, n_tokens=4, top_k=1) == tiny_lm.generate("the cat", model, n_tokens=4, top_k=1)
    assert tiny_lm.answer_logprob("the cat", " sat", model) < 0


def test_load_pretrained_fails_fast_when_missing(tmp_path):
    from helpers.core.pretrained import WeightsUnavailable

    with pytest.raises(WeightsUnavailable):
        tiny_lm.load_pretrained("causal", str(tmp_path / "nothing-here"))
    with pytest.raises(ValueError):
        tiny_lm.load_pretrained("encoder")
