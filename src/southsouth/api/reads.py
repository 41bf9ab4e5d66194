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
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from southsouth.api.pages import PageParams, paginate
from southsouth.api.problems import problem_response
from southsouth.service.cache import LruCache
from southsouth.service.declared import ALL_TABLES, EVIDENCE_TABLES, REGISTRY_TABLES, Read
from southsouth.service.documents import encode
from southsouth.service.http import charge_of
from southsouth.service.runner import Compute, Runner
from southsouth.version import __version__

__all__ = ["ALL_TABLES", "EVIDENCE_TABLES", "REGISTRY_TABLES", "Reads"]

JSON = "application/json"


class Reads:
    """Serves reads of the warehouse over HTTP for one app: ETags, encoded pages; heavy
    computations are charged to the caller (``app.state.allowances``)."""

    def __init__(self, runner: Runner, *, max_age: int) -> None:
        self.runner = runner
        #: Encoded responses (one per page asked for), a quarter of the runner's budget.
        self.bodies: LruCache[tuple[bytes, str | None]] = LruCache(
            4096, max_weight=runner.cache_bytes // 4, weight=lambda b: len(b[0])
        )
        self.cache_control = f"public, max-age={max_age}"

    @property
    def cache(self) -> LruCache[Any]:
        """The runner's cache of computed documents."""
        return self.runner.cache

    def answer(
        self,
        request: Request,
        read: Read[Any],
        params: Any,
        *,
        page: PageParams | None = None,
    ) -> Response:
        """The response of a declared read for ``params`` (a model of ``read.params``)."""
        return self.serve(
            request,
            read.name,
            params.model_dump(),
            lambda ws: read.document(ws, params),
            tables=read.tables,
            page=page,
            heavy=read.is_heavy(params),
        )

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
        query = self.runner.query(params)
        with self.runner.lease() as generation:
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
                document = self.runner.computed(
                    key, generation, compute, tables, heavy=heavy, charge=charge_of(request)
                )
                if page is None:
                    encoded = (encode(document), None)
                else:
                    body, link = paginate(document, page, request)
                    encoded = (encode(body), link)
                self.bodies.put((*key, shown), encoded)
        content, link = encoded
        if link:
            headers["Link"] = link
        return Response(content, media_type=JSON, headers=headers)

    def canonical_group(self, text: str) -> str:
        """``text`` as one spelling per group (see ``Runner.canonical_group``)."""
        return self.runner.canonical_group(text)

    def close(self) -> None:
        """Drop the caches and release the warehouse snapshot."""
        self.bodies.clear()
        self.runner.close()


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when an ``If-None-Match`` header names ``etag`` (weak comparison) or is ``*``."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


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
