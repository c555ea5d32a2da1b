"""helpers.language.masks: the attention mask, bidirectional or causal."""

import inspect

import pytest
import torch

from helpers import language


@pytest.mark.parametrize("n", [1, 2, 7])
def test_bidirectional_mask_allows_everything(n):
    m = language.attention_mask("bidirectional", n)
    assert m.dtype == torch.bool and m.shape == (n, n) and bool(m.all())


def test_causal_mask_matches_explicit_rule():
    n = 6
    m = language.attention_mask("causal", n)
    expected = torch.tensor([[j <= i for j in range(n)] for i in range(n)])
    assert torch.equal(m, expected)
    assert int(m.sum()) == n * (n + 1) // 2


def test_causal_mask_matches_torch_sdpa_is_causal():
    # the mask must give the same attention output as PyTorch's built-in causal attention
    q, k, v = torch.randn(3, 1, 2, 5, 4).unbind(0)
    ours = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=language.attention_mask("causal", 5))
    ref = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    assert torch.allclose(ours, ref, atol=1e-6)


@pytest.mark.parametrize("kind,n", [("encoder", 3), ("Causal", 3), ("causal", 0), ("bidirectional", -2), ("causal", 2.5)])
def test_attention_mask_rejects_bad_input(kind, n):
    with pytest.raises(ValueError) as info:
        language.attention_mask(kind, n)
    assert "\n" not in str(info.value)


def test_the_printed_source_is_the_idea_alone():
    # the lesson prints this function: the checks live in a separate function
    body = inspect.getsource(language.attention_mask).split('"""')[-1]
    assert "raise" not in body and len(body.strip().splitlines()) <= 4
