"""helpers.language.fine_tuning: BERT's [CLS] classification head and its span head for question answering."""

import pytest
import torch

from helpers import language


def test_classification_head_reads_only_the_cls_position():
    torch.manual_seed(0)
    head = language.ClassificationHead(8, 3)
    hidden = torch.randn(2, 5, 8)
    logits = head(hidden)
    assert logits.shape == (2, 3)
    changed = hidden.clone()
    changed[:, 1:] = torch.randn(2, 4, 8)  # every position but [CLS]
    assert torch.equal(head(changed), logits)
    assert sum(p.numel() for p in head.parameters()) == 8 * 8 + 8 + 8 * 3 + 3  # pooler + output layer


def test_span_head_gives_a_start_and_end_logit_per_position():
    head = language.SpanHead(8)
    start, end = head(torch.randn(2, 5, 8))
    assert start.shape == end.shape == (2, 5)
    assert sum(p.numel() for p in head.parameters()) == 2 * 8 + 2


def test_best_span_maximises_start_plus_end_within_the_rules():
    start = torch.tensor([9.0, 0.0, 1.0, 5.0, 0.0])
    end = torch.tensor([9.0, 0.0, 2.0, 0.0, 1.0])
    assert language.best_span(start, end) == (0, 0)
    assert language.best_span(start, end, first=1) == (3, 4)          # 5 + 1 beats 1 + 2
    assert language.best_span(start, end, first=1, max_length=1) == (3, 3)  # one-token spans: 5 + 0 beats 1 + 2
    end_before = torch.tensor([0.0, 0.0, 0.0, 0.0, 0.0])
    i, j = language.best_span(torch.tensor([0.0, 0.0, 0.0, 0.0, 7.0]), end_before)
    assert i <= j


def test_best_span_against_brute_force_on_random_logits():
    g = torch.Generator().manual_seed(1)
    for _ in range(20):
        start, end = torch.randn(9, generator=g), torch.randn(9, generator=g)
        pairs = [(i, j) for i in range(2, 9) for j in range(i, min(9, i + 4))]
        expected = max(pairs, key=lambda p: float(start[p[0]] + end[p[1]]))
        assert language.best_span(start, end, first=2, max_length=4) == expected


def test_head_shapes_traces_both_heads():
    lines = language.head_shapes(torch.randn(1, 7, 16), n_classes=3, first=2)
    assert "(1, 7, 16)" in lines[0] and "(1, 3)" in lines[1] and "(1, 7)" in lines[2]
    assert f"{16 * 16 + 16 + 16 * 3 + 3:,} parameters" in lines[1]


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="hidden"):
        language.head_shapes(torch.randn(7, 16))
    with pytest.raises(ValueError, match="n_classes"):
        language.head_shapes(torch.randn(1, 7, 16), n_classes=1)
    with pytest.raises(ValueError, match="start and end"):
        language.best_span(torch.zeros(3), torch.zeros(4))
    with pytest.raises(ValueError, match="first"):
        language.best_span(torch.zeros(3), torch.zeros(3), first=3)
