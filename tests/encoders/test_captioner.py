import pytest
import torch

from helpers.encoders import captioner as C
from helpers.language.tiny_model import TinyTransformer


def _captioner(visual_width=8):
    torch.manual_seed(0)
    vocab = C.CaptionVocab()
    return vocab, C.VisualPrefixCaptioner(TinyTransformer(len(vocab), C.CAPTION_LM, causal=True), visual_width)


def test_vocab_round_trip_and_refusal():
    vocab = C.CaptionVocab()
    ids = vocab.encode("a handwritten seven")
    assert ids[0] == 1 and ids[-1] == 2 and vocab.decode(ids[1:]) == "a handwritten seven"
    with pytest.raises(ValueError, match="outside the vocabulary"):
        vocab.encode("a handwritten cat")


def test_visual_tokens_sit_in_front_of_the_caption():
    vocab, cap = _captioner()
    out = cap(torch.randn(3, 16, 8), torch.ones(3, 5, dtype=torch.long))
    assert out.visual_tokens == 16 and out.logits.shape == (3, 21, len(vocab))
    assert cap.generate(torch.randn(2, 16, 8), max_words=4).shape == (2, 4)


def test_only_the_projector_is_trainable():
    _, cap = _captioner()
    assert not any(p.requires_grad for p in cap.lm.parameters())
    assert all(p.requires_grad for p in cap.projector.parameters())


def test_embed_and_run_matches_the_lm_on_word_embeddings():
    vocab, cap = _captioner()
    ids = torch.tensor([vocab.encode("the digit two")])
    assert torch.allclose(C.embed_and_run(cap.lm, cap.lm.tok(ids)), cap.lm(ids).logits, atol=1e-6)
