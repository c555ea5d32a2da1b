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


@pytest.mark.parametrize("name", ["clip", "gpt2", "bert"])
def test_every_tokenizer_reads_text_under_one_policy(name):
    tok = tokenizers.get(name)
    assert tok.encode("a \ud800 tone") == tok.encode("a \ufffd tone")          # a lone surrogate is U+FFFD
    assert tok.encode("a\x00 c\x1bat\x7f") == tok.encode("a cat")              # controls are dropped
    assert tok.encode("\ud83d\ude00") == tok.encode("\U0001F600")            # a written-out pair is its emoji
    assert tok.encode("\x00\x01") == []                                      # nothing left: no ids, no error
    assert isinstance(tok.labels(tok.encode("a \udfff b")), list)


def test_clip_merges_a_long_run_in_pieces_of_clip_max_run():
    """A run longer than CLIP_MAX_RUN is merged piece by piece; shorter runs get open_clip's own ids."""
    reference = open_clip.tokenizer.SimpleTokenizer()
    word = "".join(corpora.austen().split())[:16_000]
    run = "".join(c for c in word if c.isalpha()).lower()
    n = tokenizers.CLIP_MAX_RUN
    pieces = [run[i: i + n] for i in range(0, len(run), n)]
    assert tokenizers.clip_encode(run) == [i for piece in pieces for i in reference.encode(piece)]
    assert tokenizers.clip_encode(run[:n]) == reference.encode(run[:n])
    assert tokenizers.clip_encode("<start_of_text> cat") == reference.encode("<start_of_text> cat")


def test_clip_word_cache_is_bounded_by_bytes():
    cache = tokenizers.clip_bpe().cache
    assert cache.max_bytes == tokenizers.CLIP_WORD_CACHE_BYTES
    tokenizers.clip_encode("zq" * 3000)
    assert cache.bytes <= cache.max_bytes
