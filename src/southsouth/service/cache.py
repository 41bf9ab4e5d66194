"""In-process caches of computed reads: least recently used first out, one computation per key.

Keys include the warehouse stamp of the datasets a read depends on, so a new load never
serves an old result; entries of older loads simply age out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LruCache(Generic[V]):
    """A thread-safe LRU cache bounded by entries and by a total ``weight`` (e.g. bytes)."""

    def __init__(
        self,
        max_entries: int,
        *,
        max_weight: int | None = None,
        weight: Callable[[V], int] = lambda _: 1,
    ) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self.weight = weight
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> V | None:
        """The cached value, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, value: V) -> None:
        """Store ``value``; evict the least recently used entries beyond the bounds."""
        size = self.weight(value)
        with self._lock:
            if self.max_entries <= 0 or (self.max_weight is not None and size > self.max_weight):
                return
            old = self._items.pop(key, None)
            if old is not None:
                self._total -= old[1]
            self._items[key] = (value, size)
            self._total += size
            while len(self._items) > self.max_entries or (
                self.max_weight is not None and self._total > self.max_weight
            ):
                _, (_, dropped) = self._items.popitem(last=False)
                self._total -= dropped

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value, else ``compute()`` once (concurrent callers of a key wait for it)."""
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                hit = self._items.get(key)
            if hit is not None:
                return hit[0]
            try:
                value = compute()
                self.put(key, value)
                return value
            finally:
                with self._lock:
                    self._computing.pop(key, None)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._items.clear()
            self._total = 0
