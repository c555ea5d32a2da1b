"""helpers.language.pretrained_fill and in_context: the real-model comparison and the few-shot report, run on
tiny BERT / GPT-2 checkpoints saved to a temporary folder and loaded through hf_model (no download)."""

import time

import pytest
import torch

from helpers import language
from helpers.language import pretrained_fill


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """Tiny models in the layout of the hub's: BERT with both pre-training heads (as bert-base-uncased's file
    has them), GPT-2 with its LM head; the real tokenizers."""
    from transformers import BertConfig, BertForPreTraining, GPT2Config, GPT2LMHeadModel

    from helpers.core.tokenizers import bert_fast, gpt2_fast

    bert_dir, gpt_dir = tmp_path_factory.mktemp("bert"), tmp_path_factory.mktemp("gpt2")
    torch.manual_seed(0)
    BertForPreTraining(BertConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
                                  max_position_embeddings=128)).save_pretrained(bert_dir)
    bert_fast().save_pretrained(bert_dir)
    GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=16, n_head=2, n_positions=128)).save_pretrained(gpt_dir)
    gpt2_fast().save_pretrained(gpt_dir)
    return str(bert_dir), str(gpt_dir)


@pytest.fixture(scope="module")
def pair(real):
    models = language.load_real_models(*real)
    assert models.available, models.reason
    return models


def test_loading_is_silent_and_says_what_loaded(real, capfd):
    models = language.load_real_models(*real)
    out, err = capfd.readouterr()
    assert models.available and out == "" and err == "", (out, err)  # no load report, no progress bar
    assert models.reason.endswith("pretrained weights loaded") and models.bert.kind == "masked" and models.gpt.kind == "causal"


def test_offline_loading_fails_fast_without_error(monkeypatch):
    monkeypatch.setenv("FIVEQ_OFFLINE", "1")
    start = time.perf_counter()
    models = language.load_real_models()
    assert time.perf_counter() - start < 5
    assert not models.available and models.bert is None and models.gpt is None
    assert models.reason.startswith("bert-base-uncased and gpt2: FIVEQ_OFFLINE=1") and "\n" not in models.reason
    note = pretrained_fill.offline_note()
    assert "bert-base-uncased" in note and "gpt2" in note and "\n" not in note


def test_shared_words_are_one_piece_for_both_tokenizers(pair):
    c = pretrained_fill.shared_words(pair.bert, pair.gpt)
    assert 10_000 < len(c.words) < 30_000 and "the" in c.words and "write" in c.words
    assert all(w.isalpha() and w.islower() for w in c.words)
    for i in (0, len(c.words) // 2, -1):
        assert pair.bert.labels([int(c.bert_ids[i])]) == [c.words[i]]
        assert pair.gpt.labels([int(c.gpt_ids[i])]) == ["Ġ" + c.words[i]]
        assert pair.gpt.encode(" " + c.words[i]) == [int(c.gpt_ids[i])]


def test_fill_examples_take_lower_case_words_with_context_on_both_sides():
    text = "one two three four. She said that she would write to her brother, and don't go. End of it all"
    examples = pretrained_fill.fill_examples(text, {"would", "write", "to", "her", "don", "and"}, 10, 3, 2)
    assert [e.target for e in examples] == ["would", "write", "to", "her", "and"]  # "don" of "don't" is no word
    assert examples[2] == ("she would write", "to", " her brother,")
    assert examples[3].right == " brother, and"
    assert examples[4].left == "to her brother," and examples[4].right == " don't go."
    assert len(pretrained_fill.fill_examples(text, {"would", "write", "to", "her"}, 2, 3, 2)) == 2
    with pytest.raises(ValueError, match="no target word"):
        pretrained_fill.fill_examples(text, {"one"}, 3, 3, 2)


def test_held_out_examples_come_from_the_held_out_tail():
    from helpers.core.corpora import austen
    from helpers.language.vocab import split_at_sentence

    _, tail = split_at_sentence(austen(), 0.1)
    examples = pretrained_fill.held_out_examples(48, 12, 12)
    assert len(examples) == 48 and len({e.left for e in examples}) == 48
    for e in examples[::7]:
        assert len(e.left.split()) == 12 and len(e.right.split()) == 12
        assert f"{e.left} {e.target}{e.right}" in tail


def test_compare_real_models_scores_the_same_words_batched_or_not(pair):
    result = language.compare_real_models(pair.bert, pair.gpt, n_words=6, left_words=5, right_words=5, batch_size=4)
    one_by_one = language.compare_real_models(pair.bert, pair.gpt, n_words=6, left_words=5, right_words=5, batch_size=1)
    assert result.guesses == one_by_one.guesses  # padding changes nothing
    assert set(result.guesses) == {"bert_both", "bert_left", "gpt"} and len(result.examples) == 6
    assert all(0 <= result.accuracy(r) <= 1 for r in result.guesses)
    assert all(g.isalpha() for g in result.guesses["gpt"])
    summary = language.real_fill_summary(result)
    assert "pretrained" in summary and "right side cut off" in summary and "points" in summary
    with pytest.raises(ValueError, match="masked LM"):
        language.compare_real_models(pair.gpt, pair.bert)


def test_few_shot_report_gives_a_line_per_prompt_and_a_verdict(pair, models):
    prompts, answer = language.few_shot_prompts()
    for lm in (pair.gpt, models[1]):
        probs = language.few_shot_probabilities(prompts, answer, lm)
        assert set(probs) == set(prompts) and all(0 < p < 1 for p in probs.values())
        report = language.few_shot_report(prompts, answer, lm).splitlines()
        assert len(report) == len(prompts) + 1 and report[-1].startswith("-> from 0 to 3 solved examples")
        assert lm.name in report[-1]
