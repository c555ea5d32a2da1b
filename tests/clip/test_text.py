"""helpers.clip.text: the same ids as open_clip, and fitting/truncation that agree with them."""

import open_clip
import pytest
import torch

from helpers import clip
from helpers.core import corpora, tokenizers


@pytest.fixture(scope="module")
def real_lines():
    lines = corpora.austen_lines() + corpora.austen_sentences()
    assert len(lines) >= 1000
    return lines


def test_tokenize_matches_open_clip_on_real_text(real_lines):
    ours = clip.tokenize(real_lines)
    theirs = open_clip.tokenize(real_lines)
    assert ours.dtype == torch.long and ours.shape == (len(real_lines), 77)
    assert torch.equal(ours, theirs)


def test_tokenize_matches_open_clip_on_long_and_odd_text(real_lines):
    odd = [" ".join(real_lines[:40]), "", "😀" * 100, "你好，世界" * 30, "e\u0301te\u0301", "tab\there\x00nul\x07bell",
           "&amp; &lt;b&gt;", "   spaced    out   "]
    for context in (77, 16, 3):
        assert torch.equal(clip.tokenize(odd, context), open_clip.tokenize(odd, context_length=context))


def test_layout_start_content_end_padding():
    ids = clip.tokenize("a quick brown fox jumps over the lazy dog.")[0].tolist()
    content = clip.encode("a quick brown fox jumps over the lazy dog.")
    assert ids[0] == clip.START_ID == 49406
    assert ids[1:1 + len(content)] == content
    assert ids[1 + len(content)] == clip.END_ID == 49407
    assert set(ids[2 + len(content):]) == {0}
    assert len(content) == 10


def test_truncation_keeps_end_token_in_last_slot(real_lines):
    text = " ".join(real_lines[:20])
    ids = clip.tokenize(text)[0]
    assert ids[-1].item() == clip.END_ID
    assert ids[1:-1].tolist() == clip.encode(text)[:75]
    with pytest.raises(ValueError, match="truncate=False"):
        clip.tokenize(text, truncate=False)


def test_bpe_tokens_are_vocabulary_entries():
    tok = open_clip.tokenizer.SimpleTokenizer()
    text = "Unbelievably, photosynthesis costs $3.50 😀 你好"
    pieces = clip.bpe_tokens(text)
    assert [tok.encoder[p] for p in pieces] == clip.encode(text)
    assert clip.bpe_tokens("the quick") == ["the</w>", "quick</w>"]


def test_count_tokens_counts_content_only():
    assert clip.count_tokens("") == 0
    assert clip.count_tokens("a quick brown fox jumps over the lazy dog.") == 10
    assert clip.count_tokens("1999") == 4  # digits are single tokens


def test_decode_round_trips_and_labels_readable():
    ids = clip.tokenize("a photo of a cat")[0]
    assert clip.decode(ids) == "a photo of a cat"
    assert clip.piece_labels([49406, 320, 49407, 0]) == ["<start>", "a·", "<end>", "<pad>"]
    assert clip.piece_labels(clip.encode("café")) == ["café·"]


@pytest.mark.parametrize("context", [77, 20, 8, 3])
def test_words_that_fit_agrees_with_tokenize(real_lines, context):
    for line in real_lines[:150]:
        k = clip.words_that_fit(line, context)
        words = line.split()
        assert clip.count_tokens(" ".join(words[:k])) <= context - 2
        if k < len(words):
            assert clip.count_tokens(" ".join(words[:k + 1])) > context - 2


def test_truncate_to_fit_agrees_with_tokenize(real_lines):
    text = " ".join(real_lines[100:130])
    kept, dropped = clip.truncate_to_fit(text)
    assert text.startswith(kept) and kept and dropped
    assert " ".join((kept + " " + dropped).split()) == " ".join(text.split())
    kept_ids = clip.encode(kept)
    assert kept_ids == clip.encode(text)[: len(kept_ids)]  # what is kept is exactly what CLIP reads first
    assert len(kept) and len(kept_ids) <= 75
    assert len(kept.split()) == clip.words_that_fit(text)
    assert clip.truncate_to_fit("a short caption") == ("a short caption", "")
    assert clip.truncate_to_fit("") == ("", "")


def test_one_word_longer_than_the_window():
    word = "x" + "9" * 200
    assert clip.words_that_fit(word) == 0
    assert clip.truncate_to_fit(word + " tail") == ("", word + " tail")


def test_unicode_and_control_characters():
    for text in ["😀😀 🎉", "你好世界", "e\u0301 cafe\u0301", "bell\x07 nul\x00 tab\t end", "\u200b zero width"]:
        ids = clip.tokenize(text)[0].tolist()
        n = clip.count_tokens(text)
        assert ids[n + 1] == clip.END_ID
        assert clip.words_that_fit(text) <= len(text.split())


def test_one_megabyte_text_is_handled(real_lines):
    text = (" ".join(real_lines) + " ") * 4
    text = text[: 1_000_000]
    assert len(text) == 1_000_000
    assert clip.tokenize(text).shape == (1, 77)
    assert 55 <= clip.words_that_fit(text) <= 75
    kept, dropped = clip.truncate_to_fit(text)
    assert len(dropped) > 900_000
    assert clip.count_tokens(text) > 150_000


def test_long_paste_is_never_encoded_whole(real_lines, monkeypatch):
    """tokenize, words_that_fit and truncate_to_fit read only the leading words of a 1 MB paste."""
    text = ((" ".join(real_lines) + " ") * 4)[:1_000_000]
    bpe = tokenizers.clip_bpe()
    encoded_chars = []
    real_clean = bpe.clean_fn  # clip_encode cleans each text it encodes once, first
    monkeypatch.setattr(bpe, "clean_fn", lambda t: encoded_chars.append(len(t)) or real_clean(t))
    for call in (lambda: clip.tokenize(text), lambda: clip.words_that_fit(text),
                 lambda: clip.truncate_to_fit(text)):
        encoded_chars.clear()
        call()
        assert 0 < sum(encoded_chars) < 20_000, f"encoded {sum(encoded_chars):,} characters of a 1,000,000 one"


def test_slot_kinds_and_compare_ids():
    ids = clip.tokenize("a cat", context_length=6)[0].tolist()
    assert clip.slot_kinds(ids) == ["special", "content", "content", "special", "pad", "pad"]
    table = clip.compare_ids([49406, 320, 49407], [49406, 2368, 49407]).splitlines()
    assert len(table) == 4 and "seed id" in table[0] and "real piece" in table[0]
    assert table[2].endswith("<- differs") and "a·" in table[2] and "cat·" in table[2]
    assert not table[1].endswith("<- differs") and not table[3].endswith("<- differs")


@pytest.mark.parametrize("bad", [None, 42, b"bytes", 3.5])
def test_non_string_raises_type_error_naming_the_type(bad):
    for fn in (clip.count_tokens, clip.bpe_tokens, clip.words_that_fit, clip.truncate_to_fit,
               clip.fit_report):
        with pytest.raises(TypeError, match=f"text must be a str, got {type(bad).__name__}"):
            fn(bad)
    with pytest.raises(TypeError, match=rf"texts\[0\] must be a str, got {type(bad).__name__}"):
        clip.tokenize([bad])
    with pytest.raises(TypeError, match="texts must be a str or a list of str"):
        clip.tokenize({"a": 1})


def test_empty_list_gives_an_empty_batch_like_open_clip():
    assert clip.tokenize([]).shape == (0, 77) == open_clip.tokenize([]).shape


@pytest.mark.parametrize("context", [2, 0, -5])
def test_context_below_three_raises(context):
    with pytest.raises(TypeError, match="context_length must be an int, got bool"):
        clip.tokenize("hi", True)
    with pytest.raises(ValueError, match="context_length must be an int >= 3"):
        clip.tokenize("hi", context)
    with pytest.raises(ValueError, match="context_length must be an int >= 3"):
        clip.words_that_fit("hi", context)
    with pytest.raises(ValueError, match="context_length must be an int >= 3"):
        clip.truncate_to_fit("hi", context)


def test_fit_report():
    fit = clip.fit_report("a quick brown fox jumps over the lazy dog.")
    assert (fit.words, fit.tokens, fit.words_that_fit, fit.fits) == (9, 10, 9, True)
    assert fit.tokens_per_word == pytest.approx(10 / 9)
