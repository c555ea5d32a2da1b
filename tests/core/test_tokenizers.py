"""helpers.core.tokenizers: real GPT-2 and BERT vocabularies, offline, behind one interface."""

import pytest

from helpers.clip import text as clip_text
from helpers.core import corpora
from helpers.core import tokenizers as text_tokenizers


def test_gpt2_known_ids():
    tok = text_tokenizers.get("gpt2")
    assert tok.encode("hello world") == [31373, 995]  # GPT-2's published ids
    assert tok.vocab_size == 50257
    assert tok.labels(tok.encode(" café")) == ["␣café"]
    assert tok.specials == 0 and tok.context_length == 1024


def test_bert_known_ids_and_specials():
    tok = text_tokenizers.get("bert")
    assert tok.encode("hello world") == [7592, 2088]  # bert-base-uncased ids
    assert tok.prefix == (101,) and tok.suffix == (102,) and tok.pad_id == 0
    assert tok.labels(tok.encode("unbelievably")) == ["un", "##bel", "##ie", "##va", "##bly"]
    assert tok.vocab_size == 30522


def test_clip_entry_uses_clip_text():
    tok = text_tokenizers.get("clip")
    assert tok.encode("a photo") == clip_text.encode("a photo")
    assert tok.prefix == (49406,) and tok.suffix == (49407,)


def test_unknown_name_lists_known():
    with pytest.raises(ValueError, match="clip, gpt2, bert"):
        text_tokenizers.get("t5")


@pytest.mark.parametrize("name", ["gpt2", "bert"])
def test_non_string_rejected(name):
    with pytest.raises(TypeError, match="int"):
        text_tokenizers.get(name).encode(5)


def test_generic_words_that_fit_agrees_with_clip_text():
    tok = text_tokenizers.get("clip")
    for line in corpora.austen_sentences()[:60]:
        for context in (77, 12):
            assert text_tokenizers.words_that_fit(tok, line, context) == clip_text.words_that_fit(line, context)


def test_generic_words_that_fit_bounds():
    tok = text_tokenizers.get("bert")
    text = " ".join(corpora.austen().split()[:300])
    k = text_tokenizers.words_that_fit(tok, text, 64)
    words = text.split()
    assert len(tok.encode(" ".join(words[:k]))) <= 62 < len(tok.encode(" ".join(words[:k + 1])))
    with pytest.raises(ValueError, match="no room"):
        text_tokenizers.words_that_fit(tok, text, 2)
