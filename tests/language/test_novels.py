"""helpers.language.novels: the checkpoints' training text never contains Lady Susan's held-out tail."""

from helpers import language
from helpers.core import corpora
from helpers.language import novels
from helpers.language.vocab import split_at_sentence


def test_novels_are_cleaned_text():
    text = language.austen_novels()
    assert len(text.split()) > 700_000 and "_" not in text and "CHAPTER" not in text


def test_training_text_excludes_the_held_out_tail():
    head, tail = split_at_sentence(corpora.austen(), novels.HELD_OUT)
    train, evaluate = novels.training_texts()
    assert evaluate == tail and train.endswith(head) and tail[:200] not in train
    train_v, validation = novels.training_texts(validation=True)
    assert validation in head and validation not in train_v and tail[:200] not in train_v


def test_held_out_data_is_the_lessons_split(data):
    full = language.prepare_text(held_out=0.1)
    held = language.held_out_data(full.vocab)
    assert held.test.tolist() == full.test.tolist() and held.train.tolist() == full.train.tolist()
