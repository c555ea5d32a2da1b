import torch

from helpers.encoders.resampler import GatedCrossAttention, Resampler


def test_resampler_outputs_as_many_tokens_as_queries_whatever_comes_in():
    torch.manual_seed(0)
    r = Resampler(32, queries=8)
    for n in (16, 100, 576):
        assert r(torch.randn(2, n, 32)).shape == (2, 8, 32)


def test_gated_cross_attention_is_the_identity_at_init_and_not_after():
    torch.manual_seed(0)
    layer = GatedCrossAttention(32)
    text, visual = torch.randn(2, 5, 32), torch.randn(2, 7, 32)
    assert torch.equal(layer(text, visual), text)
    with torch.no_grad():
        layer.gate.fill_(1.0)
    assert not torch.allclose(layer(text, visual), text)
