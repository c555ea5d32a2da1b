"""Caches bounded by bytes, not by count: every ``BytesLRU`` shares one budget (``TOTAL_BYTES``, 256 MB).

A widget that caches one result per typed text can hold a few kilobytes or 70 MB per entry; a
count limit says nothing about memory. Each cache here measures what it stores (tensors and
arrays by their buffers, containers by their items) and, when all caches together pass the
budget, drops the least recently used entry among them, whichever cache holds it. A value
larger than a cache's own limit is returned but not stored.
"""

from __future__ import annotations

import itertools
import sys
import threading
import weakref
from collections import OrderedDict

TOTAL_BYTES = 256 * 2**20
_CACHES: "weakref.WeakSet[BytesLRU]" = weakref.WeakSet()
_LOCK = threading.RLock()
_CLOCK = itertools.count()


def nbytes(value) -> int:
    """Approximate memory held by ``value``: buffers of tensors and arrays, items of containers."""
    if hasattr(value, "element_size") and hasattr(value, "nelement"):  # torch.Tensor
        return int(value.element_size() * value.nelement()) + 64
    if hasattr(value, "nbytes") and not isinstance(value, (bytes, bytearray)):  # numpy array
        return int(value.nbytes) + 96
    if isinstance(value, (list, tuple, set, frozenset)):
        return sys.getsizeof(value) + sum(nbytes(v) for v in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(nbytes(k) + nbytes(v) for k, v in value.items())
    if hasattr(value, "__dataclass_fields__"):
        return sys.getsizeof(value) + sum(nbytes(getattr(value, f)) for f in value.__dataclass_fields__)
    return sys.getsizeof(value)


class BytesLRU:
    """A least-recently-used cache bounded by bytes; all instances together stay under ``TOTAL_BYTES``.

    ``cache.get_or_compute(key, compute)`` returns the stored value or stores ``compute()``.
    ``max_bytes`` (default ``TOTAL_BYTES``) bounds this cache alone as well.
    """

    def __init__(self, name: str, max_bytes: int | None = None):
        from . import checks

        self.name = checks.text(name, "name")
        self.max_bytes = TOTAL_BYTES if max_bytes is None else checks.integer(max_bytes, "max_bytes", minimum=0)
        self._entries: OrderedDict = OrderedDict()  # key -> (value, size, last use)
        self.bytes = 0
        with _LOCK:
            _CACHES.add(self)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key) -> bool:
        return key in self._entries

    def __getitem__(self, key):
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value) -> None:
        self.put(key, value)

    def get(self, key, default=None):
        with _LOCK:
            if key not in self._entries:
                return default
            value, size, _ = self._entries.pop(key)
            self._entries[key] = (value, size, next(_CLOCK))
            return value

    def put(self, key, value):
        """Store ``value`` under ``key`` (unless it alone is over the limit) and return it."""
        size = nbytes(value) + nbytes(key)
        with _LOCK:
            self.pop(key)
            if size > min(self.max_bytes, TOTAL_BYTES):
                return value
            self._entries[key] = (value, size, next(_CLOCK))
            self.bytes += size
            while self.bytes > self.max_bytes:
                self._evict_oldest()
            _trim_all()
        return value

    def get_or_compute(self, key, compute):
        missing = object()
        value = self.get(key, missing)
        return self.put(key, compute()) if value is missing else value

    def pop(self, key):
        with _LOCK:
            entry = self._entries.pop(key, None)
            if entry is not None:
                self.bytes -= entry[1]
            return None if entry is None else entry[0]

    def clear(self) -> None:
        with _LOCK:
            self._entries.clear()
            self.bytes = 0

    def _oldest_use(self) -> int | None:
        return next(iter(self._entries.values()))[2] if self._entries else None

    def _evict_oldest(self) -> None:
        key, (_, size, _) = self._entries.popitem(last=False)
        self.bytes -= size


def total_bytes() -> int:
    """Bytes held by all live ``BytesLRU`` caches together."""
    with _LOCK:
        return sum(cache.bytes for cache in list(_CACHES))


def _trim_all() -> None:
    """Drop the least recently used entries, across caches, until all of them fit ``TOTAL_BYTES``."""
    while True:
        caches = [c for c in list(_CACHES) if len(c)]
        if sum(c.bytes for c in caches) <= TOTAL_BYTES or not caches:
            return
        min(caches, key=BytesLRU._oldest_use)._evict_oldest()
