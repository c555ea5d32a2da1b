"""helpers.core.minilm: the pretrained sentence encoder that installs offline, and what its embeddings mean."""

import pytest
import torch

from helpers.core import minilm


def test_embed_gives_unit_rows_of_width_384():
    emb = minilm.embed(["a dog runs in the park", "a puppy plays on the grass"])
    assert emb.shape == (2, 384) and emb.dtype == torch.float32
    assert torch.allclose(emb.norm(dim=-1), torch.ones(2), atol=1e-5)
    raw = minilm.embed("a dog runs in the park", normalize=False)
    assert raw.shape == (1, 384) and torch.allclose(torch.nn.functional.normalize(raw, dim=-1), emb[:1], atol=1e-5)


def test_embeddings_carry_meaning():
    """A pretrained encoder puts paraphrases closer than unrelated sentences (random weights would not)."""
    a, b, c = minilm.embed(["a dog runs in the park", "a puppy plays on the grass", "the stock market fell today"])
    assert a @ b > a @ c + 0.2


def test_batching_does_not_change_the_embeddings():
    texts = [f"sentence number {k} about a cat" for k in range(5)]
    assert torch.allclose(minilm.embed(texts, batch_size=2), minilm.embed(texts), atol=1e-5)


def test_rows_come_back_in_the_order_given_whatever_the_lengths():
    texts = ["a very long sentence about a cat that sat on a mat all day long", "hi", "a dog", "one two three four"]
    alone = torch.cat([minilm.embed([t]) for t in texts])
    assert torch.allclose(minilm.embed(texts, batch_size=2), alone, atol=1e-5)
    assert torch.allclose(minilm.embed(texts[::-1]), alone.flip(0), atol=1e-5)


def test_encode_tokens_shapes():
    tokens, hidden, attentions = minilm.encode_tokens("the bank of the river", output_attentions=True)
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]" and "bank" in tokens
    assert hidden.shape == (7, len(tokens), 384)  # embeddings + 6 layers
    assert attentions.shape == (6, 12, len(tokens), len(tokens))
    assert torch.allclose(attentions.sum(-1), torch.ones(6, 12, len(tokens)), atol=1e-4)
    assert minilm.encode_tokens("a cat")[2] is None


def test_bad_inputs_name_the_argument():
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str, got int"):
        minilm.embed(["fine", 3])
    with pytest.raises(ValueError, match="texts must hold at least one str"):
        minilm.embed([])
    with pytest.raises(TypeError, match="text must be a str, got list"):
        minilm.encode_tokens(["a", "b"])
