import torch

from helpers.encoders import caption_training as T
from helpers.encoders import captioner as C


def test_caption_batch_pads_and_repeats_the_digit():
    vocab = C.CaptionVocab()
    ids = T.caption_batch(vocab, torch.tensor([7, 0]), torch.Generator().manual_seed(0), captions_per_text=2)
    text = vocab.decode(ids[0, 1:])
    assert text.split().count("seven") == 2 and ids.shape[0] == 2


def test_names_digit():
    assert T.names_digit("a handwritten seven", 7)
    assert not T.names_digit("a handwritten seven the digit one", 7)


def test_projector_learns_while_the_frozen_lm_stays_put():
    vocab = C.CaptionVocab()
    lm, lm_run = T.train_caption_lm(vocab, steps=40)
    assert lm_run.losses[-1] < lm_run.losses[0]
    frozen = {k: v.clone() for k, v in lm.state_dict().items()}
    labels = torch.arange(10).repeat(8)
    tokens = torch.nn.functional.one_hot(labels, 10).float()[:, None, :].expand(-1, 4, -1).contiguous()
    cap = C.VisualPrefixCaptioner(lm, 10)
    run = T.train_caption_projector(cap, vocab, tokens, labels, steps=60)
    assert sum(run.losses[-10:]) / 10 < sum(run.losses[:10]) / 10
    assert all(torch.equal(frozen[k], v) for k, v in lm.state_dict().items())
    assert 0.0 <= T.caption_accuracy(cap, vocab, tokens[:20], labels[:20]) <= 1.0
