"""helpers.language.vocab: the compact vocabulary and the held-out split."""

import pytest

from helpers import language


def test_vocab_specials_and_round_trip(data):
    v = data.vocab
    assert v.labels(range(5)) == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    ids = v.encode("lady susan [MASK] her brother")
    assert v.mask_id in ids and v.unk_id not in ids
    assert v.decode([i for i in ids if i != v.mask_id]) == "lady susan her brother"
    assert v.encode("zyzzogeton")[0] == v.unk_id  # not in the vocabulary
    with pytest.raises(TypeError):
        v.encode(5)


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
        language.prepare_text("one two three", held_out=1.5)
