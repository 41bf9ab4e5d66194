"""How every warehouse read is served: a snapshot lease, a strong ETag, a cache, a page.

The ETag of a read is a digest of the southsouth version, the endpoint, its parsed query
(defaults filled in, so equivalent URLs share it), today's date, the page asked for and the
**load stamps** (build key and load time) of the datasets that wrote the tables the endpoint
reads. A request whose ``If-None-Match`` names it gets ``304 Not Modified`` without any
computation. Otherwise the encoded page comes from a cache keyed the same way, or is cut from
the computed document, which comes from a second LRU cache keyed without the page (every
page of a heavy read shares one computation) or is computed once. A new load of a dataset
changes the stamp, so an old result is never served; it simply ages out of the caches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from southsouth import __version__
from southsouth.api.cache import LruCache
from southsouth.api.compute_gate import ComputeGate
from southsouth.api.documents import Document, encode, plain
from southsouth.api.pages import PageParams, paginate
from southsouth.api.problems import problem_response
from southsouth.api.request_limits import Allowances, Caller
from southsouth.api.snapshot import Generation, WarehouseSnapshots
from southsouth.registry.groups import canonical_group
from southsouth.settings import Settings
from southsouth.workspace import Workspace

JSON = "application/json"

#: Tables behind the registry (countries, blocs, memberships).
REGISTRY_TABLES = frozenset({"country", "country_code", "border", "bloc", "membership"})
#: Tables behind indicators, observations, profiles and the composite index.
EVIDENCE_TABLES = REGISTRY_TABLES | {"observation", "region_observation", "indicator"}
#: Every table (analyses that join many datasets: gaps, trade, connectivity, relations).
ALL_TABLES = None

Compute = Callable[[Workspace], Document]


@dataclass(frozen=True)
class Computed:
    """A computed document and its encoded size (the cache's weight)."""

    document: Document
    size: int


class Reads:
    """Serves reads of the warehouse for one app (process): snapshots, ETags, cache."""

    def __init__(
        self,
        settings: Settings,
        snapshots: WarehouseSnapshots,
        *,
        cache_bytes: int,
        max_age: int,
        gate: ComputeGate | None = None,
        allowances: Allowances | None = None,
    ) -> None:
        self.settings = settings
        self.snapshots = snapshots
        #: Where expensive reads are computed (bounded, deduplicated, time-limited).
        self.gate = gate or ComputeGate()
        #: Per-caller allowances; expensive computations are charged to their caller.
        self.allowances = allowances
        self.cache: LruCache[Computed] = LruCache(
            4096, max_weight=cache_bytes, weight=lambda c: c.size
        )
        #: Encoded responses (one per page asked for), a quarter of the budget.
        self.bodies: LruCache[tuple[bytes, str | None]] = LruCache(
            4096, max_weight=cache_bytes // 4, weight=lambda b: len(b[0])
        )
        self.cache_control = f"public, max-age={max_age}"

    def serve(
        self,
        request: Request,
        name: str,
        params: Mapping[str, Any],
        compute: Compute,
        *,
        tables: frozenset[str] | None = ALL_TABLES,
        page: PageParams | None = None,
        heavy: bool = False,
    ) -> Response:
        """The response for one read: 304 when ``If-None-Match`` matches, else the (cached)
        document, paginated when ``page`` is given. A ``heavy`` read is computed through the
        gate (bounded, time budget) and charged to the caller's computation allowance."""
        # Today is part of every key: reads that default to "now" (memberships, latest
        # values) change at midnight even when the data do not.
        keyed = {**params, "_today": date.today()}
        query = json.dumps(plain(keyed), sort_keys=True)
        with self.snapshots.lease() as generation:
            stamp = generation.stamp(tables)
            shown = "" if page is None else f"{page.limit}:{page.offset}"
            tag = hashlib.sha256(
                f"{__version__}\n{name}\n{query}\n{shown}\n{stamp}".encode()
            ).hexdigest()
            etag = f'"{tag[:40]}"'
            headers = {"ETag": etag, "Cache-Control": self.cache_control}
            if matches(request.headers.get("if-none-match"), etag):
                return Response(status_code=304, headers=headers)
            key = (name, query, stamp)
            encoded = self.bodies.get((*key, shown))
            if encoded is None:
                computed = self._computed(
                    key, generation, compute, tables, heavy, caller_of(request)
                )
                if page is None:
                    encoded = (encode(computed.document), None)
                else:
                    body, link = paginate(computed.document, page, request)
                    encoded = (encode(body), link)
                self.bodies.put((*key, shown), encoded)
        content, link = encoded
        if link:
            headers["Link"] = link
        return Response(content, media_type=JSON, headers=headers)

    def document(
        self,
        name: str,
        params: Mapping[str, Any],
        compute: Compute,
        *,
        tables: frozenset[str] | None = ALL_TABLES,
        heavy: bool = False,
        caller: Caller | None = None,
    ) -> Document:
        """The computed document of a read (cached like ``serve``), for pages that render it."""
        keyed = {**params, "_today": date.today()}
        query = json.dumps(plain(keyed), sort_keys=True)
        with self.snapshots.lease() as generation:
            key = (name, query, generation.stamp(tables))
            computed = self._computed(key, generation, compute, tables, heavy, caller)
        return computed.document

    def _computed(
        self,
        key: tuple[str, str, str],
        generation: Generation,
        compute: Compute,
        tables: frozenset[str] | None,
        heavy: bool,
        caller: Caller | None,
    ) -> Computed:
        if not heavy:
            return self.cache.get_or_compute(key, lambda: self._compute(generation, compute))
        found = self.cache.get(key)
        if found is not None:
            return found
        if self.allowances is not None:
            self.allowances.charge_compute(caller)
        return self.gate.run(key, lambda: self._compute_leased(key, compute, tables))

    def _compute_leased(
        self, key: tuple[str, str, str], compute: Compute, tables: frozenset[str] | None
    ) -> Computed:
        """Compute on a worker with a lease of its own (the request may stop waiting) and
        cache the result when the data are still those of ``key``."""
        with self.snapshots.lease() as generation:
            computed = self._compute(generation, compute)
            if generation.stamp(tables) == key[2]:
                self.cache.put(key, computed)
        return computed

    def canonical_group(self, text: str) -> str:
        """``text`` as one spelling per group (definition id, bloc id or sorted ISO3 list),
        so equivalent requests share a cache entry; unknown names raise as usual."""
        with self.snapshots.lease() as generation:
            return canonical_group(generation.reader(), text)

    def _compute(self, generation: Generation, compute: Compute) -> Computed:
        with Workspace(self.settings, warehouse=generation.reader()) as ws:
            document = plain(compute(ws))
        return Computed(document, len(encode(document)))

    def close(self) -> None:
        """Drop the caches and release the warehouse snapshot."""
        self.gate.close()
        self.cache.clear()
        self.bodies.clear()
        self.snapshots.close()


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when an ``If-None-Match`` header names ``etag`` (weak comparison) or is ``*``."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


def caller_of(request: Request) -> Caller | None:
    """Who the request guard charged for ``request`` (None when no guard runs)."""
    return getattr(request.state, "caller", None)


def reads(request: Request) -> Reads:
    """The app's read service (a FastAPI dependency)."""
    return request.app.state.reads


ReadsDep = Annotated[Reads, Depends(reads)]


#: The responses every warehouse read may give besides 200 (for OpenAPI).
READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: If-None-Match names the current ETag (no body)"},
    400: problem_response("Invalid combination of parameters (problem+json)"),
    404: problem_response("Unknown country, bloc, group, indicator or dataset (problem+json)"),
    422: problem_response(
        "Invalid parameter, with field paths; or the data cannot support an answer (problem+json)"
    ),
    429: problem_response("Too many requests from this address; see Retry-After (problem+json)"),
    503: problem_response(
        "The warehouse is not loaded or busy, or expensive reads are queued or over the time "
        "budget; see Retry-After (problem+json)"
    ),
}
