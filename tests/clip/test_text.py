"""helpers.clip.text: the same ids as open_clip, and fitting/truncation that agree with them."""

import open_clip
import pytest
import torch

from helpers.clip import text as clip_text
from helpers.core import corpora


@pytest.fixture(scope="module")
def real_lines():
    lines = corpora.austen_lines() + corpora.austen_sentences()
    assert len(lines) >= 1000
    return lines


def test_tokenize_matches_open_clip_on_real_text(real_lines):
    ours = clip_text.tokenize(real_lines)
    theirs = open_clip.tokenize(real_lines)
    assert ours.dtype == torch.long and ours.shape == (len(real_lines), 77)
    assert torch.equal(ours, theirs)


def test_tokenize_matches_open_clip_on_long_and_odd_text(real_lines):
    odd = [" ".join(real_lines[:40]), "", "😀" * 100, "你好，世界" * 30, "e\u0301te\u0301", "tab\there\x00nul\x07bell",
           "&amp; &lt;b&gt;", "   spaced    out   "]
    for context in (77, 16, 3):
        assert torch.equal(clip_text.tokenize(odd, context), open_clip.tokenize(odd, context_length=context))


def test_layout_start_content_end_padding():
    ids = clip_text.tokenize("a quick brown fox jumps over the lazy dog.")[0].tolist()
    content = clip_text.encode("a quick brown fox jumps over the lazy dog.")
    assert ids[0] == clip_text.START_ID == 49406
    assert ids[1:1 + len(content)] == content
    assert ids[1 + len(content)] == clip_text.END_ID == 49407
    assert set(ids[2 + len(content):]) == {0}
    assert len(content) == 10


def test_truncation_keeps_end_token_in_last_slot(real_lines):
    text = " ".join(real_lines[:20])
    ids = clip_text.tokenize(text)[0]
    assert ids[-1].item() == clip_text.END_ID
    assert ids[1:-1].tolist() == clip_text.encode(text)[:75]
    with pytest.raises(ValueError, match="truncate=False"):
        clip_text.tokenize(text, truncate=False)


def test_bpe_tokens_are_vocabulary_entries():
    tok = open_clip.tokenizer.SimpleTokenizer()
    text = "Unbelievably, photosynthesis costs $3.50 😀 你好"
    pieces = clip_text.bpe_tokens(text)
    assert [tok.encoder[p] for p in pieces] == clip_text.encode(text)
    assert clip_text.bpe_tokens("the quick") == ["the</w>", "quick</w>"]


def test_count_tokens_counts_content_only():
    assert clip_text.count_tokens("") == 0
    assert clip_text.count_tokens("a quick brown fox jumps over the lazy dog.") == 10
    assert clip_text.count_tokens("1999") == 4  # digits are single tokens


def test_decode_round_trips_and_labels_readable():
    ids = clip_text.tokenize("a photo of a cat")[0]
    assert clip_text.decode(ids) == "a photo of a cat"
    assert clip_text.piece_labels([49406, 320, 49407, 0]) == ["<start>", "a·", "<end>", "<pad>"]
    assert clip_text.piece_labels(clip_text.encode("café")) == ["café·"]


@pytest.mark.parametrize("context", [77, 20, 8, 3])
def test_words_that_fit_agrees_with_tokenize(real_lines, context):
    for line in real_lines[:150]:
        k = clip_text.words_that_fit(line, context)
        words = line.split()
        assert clip_text.count_tokens(" ".join(words[:k])) <= context - 2
        if k < len(words):
            assert clip_text.count_tokens(" ".join(words[:k + 1])) > context - 2


def test_truncate_to_fit_agrees_with_tokenize(real_lines):
    text = " ".join(real_lines[100:130])
    kept, dropped = clip_text.truncate_to_fit(text)
    assert text.startswith(kept) and kept and dropped
    assert " ".join((kept + " " + dropped).split()) == " ".join(text.split())
    kept_ids = clip_text.encode(kept)
    assert kept_ids == clip_text.encode(text)[: len(kept_ids)]  # what is kept is exactly what CLIP reads first
    assert len(kept) and len(kept_ids) <= 75
    assert len(kept.split()) == clip_text.words_that_fit(text)
    assert clip_text.truncate_to_fit("a short caption") == ("a short caption", "")
    assert clip_text.truncate_to_fit("") == ("", "")


def test_one_word_longer_than_the_window():
    word = "x" + "9" * 200
    assert clip_text.words_that_fit(word) == 0
    assert clip_text.truncate_to_fit(word + " tail") == ("", word + " tail")


def test_unicode_and_control_characters():
    for text in ["😀😀 🎉", "你好世界", "e\u0301 cafe\u0301", "bell\x07 nul\x00 tab\t end", "\u200b zero width"]:
        ids = clip_text.tokenize(text)[0].tolist()
        n = clip_text.count_tokens(text)
        assert ids[n + 1] == clip_text.END_ID
        assert clip_text.words_that_fit(text) <= len(text.split())


def test_one_megabyte_text_is_handled(real_lines):
    text = (" ".join(real_lines) + " ") * 4
    text = text[: 1_000_000]
    assert len(text) == 1_000_000
    assert clip_text.tokenize(text).shape == (1, 77)
    assert 55 <= clip_text.words_that_fit(text) <= 75
    kept, dropped = clip_text.truncate_to_fit(text)
    assert len(dropped) > 900_000
    assert clip_text.count_tokens(text) > 150_000


@pytest.mark.parametrize("bad", [None, 42, b"bytes", 3.5])
def test_non_string_raises_type_error_naming_the_type(bad):
    for fn in (clip_text.count_tokens, clip_text.bpe_tokens, clip_text.words_that_fit, clip_text.truncate_to_fit):
        with pytest.raises(TypeError, match=type(bad).__name__):
            fn(bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        clip_text.tokenize([bad])


@pytest.mark.parametrize("context", [2, 0, -5])
def test_context_below_three_raises(context):
    with pytest.raises(ValueError, match="context_length must be an int >= 3"):
        clip_text.tokenize("hi", context)
    with pytest.raises(ValueError, match="context_length must be an int >= 3"):
        clip_text.words_that_fit("hi", context)
    with pytest.raises(ValueError, match="context_length must be an int >= 3"):
        clip_text.truncate_to_fit("hi", context)


def test_fit_report():
    fit = clip_text.fit_report("a quick brown fox jumps over the lazy dog.")
    assert (fit.words, fit.tokens, fit.words_that_fit, fit.fits) == (9, 10, 9, True)
    assert fit.tokens_per_word == pytest.approx(10 / 9)
