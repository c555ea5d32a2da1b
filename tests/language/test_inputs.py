"""helpers.language.inputs: BERT's token + segment + position input, GPT-2's byte-level BPE input."""

import pytest
import torch

from helpers import language


def test_bert_input_segments_and_embedding_sum_match_the_encoder():
    pair = language.bert_input("Lady Susan wrote.", "He read it.")
    assert pair.tokens[0] == "[CLS]" and pair.tokens.count("[SEP]") == 2
    sep = pair.tokens.index("[SEP]")
    assert pair.segment_ids == [0] * (sep + 1) + [1] * (len(pair.tokens) - sep - 1)
    assert pair.positions == list(range(len(pair.tokens)))
    assert pair.token_vectors.shape == (len(pair.tokens), 384)
    assert torch.allclose(pair.summed, pair.model_embeddings, atol=1e-5)
    with pytest.raises(ValueError):
        language.bert_input("  ")


def test_gpt2_input_is_byte_level_bpe():
    pieces, ids = language.gpt2_input("Hello world")
    assert ids == [15496, 995]  # GPT-2's published ids for these two pieces
    assert pieces == ["Hello", "␣world"]
    with pytest.raises(ValueError):
        language.gpt2_input("")
