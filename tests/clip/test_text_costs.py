"""helpers.clip.text_costs: merged Chinese characters and the tokens glued punctuation adds."""

import pytest

from helpers import clip
from helpers.clip import text_costs


def test_han_costs_match_the_tokenizer():
    costs = text_costs.han_costs("之之之 人 龘, abc")
    assert costs.tokens == {c: clip.count_tokens(c) for c in "之人龘"}
    assert all(costs.tokens[c] < 3 for c in costs.merged())
    assert costs.counts["之"] == 3
    assert 0 <= costs.merged_share_distinct <= 1 and costs.merged_share_running >= costs.merged_share_distinct
    with pytest.raises(ValueError, match="no Chinese"):
        text_costs.han_costs("only English")


def test_punctuation_inflation():
    raw, bare = text_costs.punctuation_inflation("the dog, the cat. the end!")
    assert bare == pytest.approx(1.0) and raw == pytest.approx(9 / 6)
    with pytest.raises(ValueError, match="no words"):
        text_costs.punctuation_inflation("... !!")
