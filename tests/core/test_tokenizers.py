"""helpers.core.tokenizers: real CLIP, GPT-2 and BERT vocabularies, offline, behind one interface."""

import open_clip
import pytest

from helpers.core import corpora, tokenizers


def test_gpt2_known_ids():
    tok = tokenizers.get("gpt2")
    assert tok.encode("hello world") == [31373, 995]  # GPT-2's published ids
    assert tok.vocab_size == 50257
    assert tok.labels(tok.encode(" café")) == ["␣café"]
    assert tok.specials == 0 and tok.context_length == 1024


def test_bert_known_ids_and_specials():
    tok = tokenizers.get("bert")
    assert tok.encode("hello world") == [7592, 2088]  # bert-base-uncased ids
    assert tok.prefix == (101,) and tok.suffix == (102,) and tok.pad_id == 0
    assert tok.labels(tok.encode("unbelievably")) == ["un", "##bel", "##ie", "##va", "##bly"]
    assert tok.vocab_size == 30522


def test_clip_entry_is_open_clips_bpe():
    tok = tokenizers.get("clip")
    reference = open_clip.tokenizer.SimpleTokenizer()
    for line in corpora.austen_sentences()[:50] + ["Tschüss 😀 你好 $3.50"]:
        assert tok.encode(line) == tokenizers.clip_encode(line) == reference.encode(line)
    assert tok.prefix == (tokenizers.CLIP_START_ID,) == (49406,) and tok.suffix == (tokenizers.CLIP_END_ID,) == (49407,)
    assert tok.pad_id == 0 and tok.context_length == 77 and tok.vocab_size == len(reference.encoder) == 49408


def test_clip_piece_labels_are_readable():
    assert tokenizers.clip_piece_labels([49406, 320, 49407, 0]) == ["<start>", "a·", "<end>", "<pad>"]
    labels = tokenizers.clip_piece_labels(tokenizers.clip_encode("café photosynthesis"))
    assert labels == ["café·", "photo", "synthesis·"]
    assert tokenizers.clip_piece_labels(tokenizers.clip_encode("你")) == ["\\xe4\\xbd", "\\xa0·"]


def test_unknown_name_lists_known():
    with pytest.raises(ValueError, match="clip, gpt2, bert"):
        tokenizers.get("t5")


@pytest.mark.parametrize("name", ["clip", "gpt2", "bert"])
def test_non_string_rejected(name):
    with pytest.raises(TypeError, match="text must be a str, got int"):
        tokenizers.get(name).encode(5)


def _words_that_fit_by_counting(tok, text, context_length):
    """The slow, obvious answer: add words one at a time until the next one would not fit."""
    words, k = text.split(), 0
    while k < len(words) and len(tok.encode(" ".join(words[:k + 1]))) <= context_length - tok.specials:
        k += 1
    return k


@pytest.mark.parametrize("name", ["clip", "gpt2", "bert"])
def test_generic_words_that_fit_agrees_with_counting_word_by_word(name):
    tok = tokenizers.get(name)
    lines = corpora.austen_sentences()[:40] + ["", "   ", "x" + "9" * 200 + " tail", "😀 " * 80]
    for line in lines:
        for context in (77, 12, 3):
            assert tokenizers.words_that_fit(tok, line, context) == _words_that_fit_by_counting(tok, line, context)


def test_generic_words_that_fit_bounds():
    tok = tokenizers.get("bert")
    text = " ".join(corpora.austen().split()[:300])
    k = tokenizers.words_that_fit(tok, text, 64)
    words = text.split()
    assert len(tok.encode(" ".join(words[:k]))) <= 62 < len(tok.encode(" ".join(words[:k + 1])))
    with pytest.raises(ValueError, match="no room"):
        tokenizers.words_that_fit(tok, text, 2)
