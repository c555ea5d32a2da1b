import numpy as np
import pytest
import torch

from helpers.core import caches


def test_nbytes_counts_buffers_and_containers():
    assert caches.nbytes(np.zeros(1000)) >= 8000
    assert caches.nbytes(torch.zeros(1000)) >= 4000
    assert caches.nbytes(("tokens", [torch.zeros(250), np.zeros(250)])) >= 3000


def test_a_cache_is_bounded_by_bytes_and_drops_the_least_recently_used():
    cache = caches.BytesLRU("test", max_bytes=3 * 8000 + 1000)
    for k in range(3):
        cache.put(k, np.zeros(1000))
    cache.get(0)                      # 0 is now the most recent, 1 the oldest
    cache.put(3, np.zeros(1000))
    assert 1 not in cache and {0, 2, 3} <= set(cache._entries)
    assert cache.bytes <= cache.max_bytes


def test_a_value_over_the_limit_is_returned_but_not_stored():
    cache = caches.BytesLRU("test", max_bytes=1000)
    value = cache.get_or_compute("big", lambda: np.zeros(10_000))
    assert value.shape == (10_000,) and "big" not in cache and cache.bytes == 0


def test_all_caches_together_stay_under_the_total(monkeypatch):
    monkeypatch.setattr(caches, "TOTAL_BYTES", 100_000)
    first, second = caches.BytesLRU("a"), caches.BytesLRU("b")
    for k in range(8):
        first.put(k, np.zeros(1000))
    for k in range(8):
        second.put(k, np.zeros(1000))
    assert first.bytes + second.bytes <= 100_000
    assert len(second) == 8 and len(first) < 8     # the older entries, in the other cache, went first
    first.clear(), second.clear()


def test_get_or_compute_computes_once():
    cache, calls = caches.BytesLRU("test"), []
    for _ in range(3):
        cache.get_or_compute("k", lambda: calls.append(1) or "value")
    assert calls == [1] and cache.get("k") == "value"
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0
