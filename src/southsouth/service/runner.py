"""Where declared reads are answered for a served instance: a snapshot lease, a key, a cache.

The key of a read is its name, its parameters (defaults filled in, so equivalent requests
share it; today's date added, since reads that default to "now" change at midnight) and the
**load stamps** (build key and load time) of the datasets that wrote the tables it reads. A
new load of a dataset changes the stamp, so an old result is never served; it simply ages out
of the LRU cache. Heavy reads are computed through the gate (bounded, deduplicated, time
budget) and charged to their caller first.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from southsouth.service.cache import LruCache
from southsouth.service.compute_gate import ComputeGate
from southsouth.service.documents import Document, encode, plain
from southsouth.service.snapshot import Generation, WarehouseSnapshots

if TYPE_CHECKING:
    from southsouth.service.declared import Read
    from southsouth.warehouse.store import Warehouse
    from southsouth.workspace import Workspace

Compute = Callable[["Workspace"], Document]
#: Opens a workspace over a snapshot's warehouse (the caller's, so this floor imports none).
Opener = Callable[["Warehouse"], "Workspace"]
#: The key of a computed read: (name, parameters as canonical JSON, load stamp).
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Computed:
    """A computed document and its encoded size (the cache's weight)."""

    document: Document
    size: int


class Runner:
    """Answers reads of the warehouse for one process: snapshots, cache, compute gate."""

    def __init__(
        self,
        opener: Opener,
        snapshots: WarehouseSnapshots,
        *,
        cache_bytes: int,
        gate: ComputeGate | None = None,
    ) -> None:
        self.opener = opener
        self.snapshots = snapshots
        #: Bound of the cache's encoded documents, bytes.
        self.cache_bytes = cache_bytes
        #: Where heavy reads are computed (bounded, deduplicated, time-limited).
        self.gate = gate or ComputeGate()
        self.cache: LruCache[Computed] = LruCache(
            4096, max_weight=cache_bytes, weight=lambda c: c.size
        )
        #: Called once per warehouse generation, when it is first leased (e.g. to warm pages).
        self.on_generation: Callable[[int], None] | None = None
        self._seen: int | None = None
        self._seen_lock = threading.Lock()
        #: Set by ``close``: background work over this runner stops.
        self.closed = threading.Event()

    @contextmanager
    def lease(self) -> Iterator[Generation]:
        """The current warehouse generation, held for the block."""
        with self.snapshots.lease() as generation:
            self._notice(generation.number)
            yield generation

    def _notice(self, number: int) -> None:
        hook = self.on_generation
        if hook is None:
            return
        with self._seen_lock:
            if self._seen == number:
                return
            self._seen = number
        hook(number)

    @staticmethod
    def query(params: Mapping[str, Any]) -> str:
        """``params`` (with today's date) as canonical JSON: one spelling per request."""
        return json.dumps(plain({**params, "_today": date.today()}), sort_keys=True)

    def answer(
        self,
        read: Read[Any],
        params: Any,
        *,
        charge: Callable[[], None] | None = None,
    ) -> Document:
        """The document of a declared read for ``params`` (a model of ``read.params``)."""
        return self.document(
            read.name,
            params.model_dump(),
            lambda ws: read.document(ws, params),
            tables=read.tables,
            heavy=read.is_heavy(params),
            charge=charge,
        )

    def document(
        self,
        name: str,
        params: Mapping[str, Any],
        compute: Compute,
        *,
        tables: frozenset[str] | None = None,
        heavy: bool = False,
        charge: Callable[[], None] | None = None,
    ) -> Document:
        """The computed document of a read (cached until its tables are reloaded)."""
        with self.lease() as generation:
            key = (name, self.query(params), generation.stamp(tables))
            return self.computed(key, generation, compute, tables, heavy=heavy, charge=charge)

    def computed(
        self,
        key: Key,
        generation: Generation,
        compute: Compute,
        tables: frozenset[str] | None,
        *,
        heavy: bool = False,
        charge: Callable[[], None] | None = None,
    ) -> Document:
        """The document for ``key``: from the cache, or computed on ``generation`` (a light
        read) or through the gate on a lease of its own (a heavy one, charged first)."""
        if not heavy:
            return self.cache.get_or_compute(
                key, lambda: self._compute(generation, compute)
            ).document
        found = self.cache.get(key)
        if found is not None:
            return found.document
        if charge is not None:
            charge()
        return self.gate.run(key, lambda: self._compute_leased(key, compute, tables)).document

    def _compute_leased(
        self, key: Key, compute: Compute, tables: frozenset[str] | None
    ) -> Computed:
        """Compute on a worker with a lease of its own (the request may stop waiting) and
        cache the result when the data are still those of ``key``."""
        with self.lease() as generation:
            computed = self._compute(generation, compute)
            if generation.stamp(tables) == key[2]:
                self.cache.put(key, computed)
        return computed

    def _compute(self, generation: Generation, compute: Compute) -> Computed:
        with self.opener(generation.reader()) as ws:
            document = plain(compute(ws))
        return Computed(document, len(encode(document)))

    def canonical_group(self, text: str) -> str:
        """``text`` as one spelling per group (definition id, bloc id or sorted ISO3 list),
        so equivalent requests share a cache entry; unknown names raise as usual."""
        from southsouth.registry.groups import canonical_group

        with self.lease() as generation:
            return canonical_group(generation.reader(), text)

    def close(self) -> None:
        """Drop the cache and release the warehouse snapshot."""
        self.closed.set()
        self.gate.close()
        self.cache.clear()
        self.snapshots.close()
