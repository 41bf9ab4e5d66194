"""The one list envelope of the API: ``items``, ``total``, ``limit``, ``offset``, ``next``.

Every list endpoint returns a JSON object whose main rows are ``items`` (a page of them, in a
stable documented order), ``total`` counts them all, ``next``/``prev`` are the paths (with query) of
the neighbouring pages (null at the ends) and the same links are in a ``Link`` header
(RFC 8288). Context that applies to every row (the bloc, the year, options, summaries,
notes) sits beside ``items``; ``sources`` lists the datasets behind the numbers.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel, ConfigDict, Field

from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.service.documents import Document

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

Row = TypeVar("Row")


class Source(BaseModel):
    """A dataset behind the numbers of a response."""

    model_config = ConfigDict(extra="allow")

    source_id: str
    title: str | None = None
    publisher: str | None = None
    citation: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    vintage: str | None = None
    data_year: int | None = Field(None, description="Last year the dataset's rows describe")
    first_data_year: int | None = None
    data_years: str | None = Field(None, description="e.g. 2019–2023")
    retrieved: str | None = Field(None, description="Day its files were last retrieved")
    age_years: int | None = Field(None, description="Years from data_year to as_of")
    stale: bool = Field(False, description=f"age_years is more than {STALE_AFTER_YEARS}")
    as_of: str | None = Field(None, description="Day the age is counted to")


class Page(BaseModel, Generic[Row]):
    """A page of rows with the total and links to the neighbouring pages."""

    items: list[Row]
    total: int = Field(ge=0, description="Rows in all pages")
    limit: int = Field(ge=1, le=MAX_LIMIT)
    offset: int = Field(ge=0)
    next: str | None = Field(description="URL of the next page; null on the last")
    prev: str | None = Field(description="URL of the previous page; null on the first")
    sources: list[Source] = Field(description="Publisher, licence and vintage of the data")


class PageParams(BaseModel):
    """Which page: ``limit`` rows from ``offset``."""

    limit: int
    offset: int


def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT})")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> PageParams:
    """The page asked for (a FastAPI dependency)."""
    return PageParams(limit=limit, offset=offset)


def _url(request: Request, limit: int, offset: int) -> str:
    """The same request for another page, as a path and query (relative to the server)."""
    url = request.url.include_query_params(limit=limit, offset=offset)
    return f"{url.path}?{url.query}"


def paginate(
    document: Document, page: PageParams, request: Request
) -> tuple[dict[str, Any], str | None]:
    """The page of ``document["items"]`` in the envelope, and the ``Link`` header value."""
    rows = document["items"]
    total = len(rows)
    start, stop = page.offset, page.offset + page.limit
    following = _url(request, page.limit, stop) if stop < total else None
    preceding = (
        _url(request, page.limit, max(0, min(start, total) - page.limit)) if start > 0 else None
    )
    body = {
        **document,
        "items": rows[start:stop],
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "next": following,
        "prev": preceding,
    }
    links = ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in (("next", following), ("prev", preceding)) if url
    )
    return body, links or None
