"""What page routes share: cached computations over the warehouse snapshot, choices lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from southsouth.errors import SouthsouthError
from southsouth.registry.groups import DEFINITIONS
from southsouth.service.declared import Read
from southsouth.service.documents import Document, ids_in, sources
from southsouth.service.http import charge_of
from southsouth.web.i18n import LANGUAGES
from southsouth.workspace import Workspace


def language(lang: str) -> str:
    """The page's language code from the path; 404 for an unsupported one."""
    if lang not in LANGUAGES:
        raise HTTPException(404, f"no page here (languages: {', '.join(LANGUAGES)})")
    return lang


#: A page route's ``lang`` path parameter, checked.
Lang = Annotated[str, Depends(language)]


def computed(
    request: Request,
    name: str,
    params: dict[str, Any],
    compute: Callable[[Workspace], Document],
    tables: frozenset[str] | None = None,
    *,
    heavy: bool = False,
) -> Document:
    """The cached document of ``compute`` for ``params`` (recomputed after a data sync); a
    ``heavy`` one is computed within the server's limits (see ``service.compute_gate``)."""
    return request.app.state.runner.document(
        f"web:{name}", params, compute, tables=tables, heavy=heavy, charge=charge_of(request)
    )


def answered(request: Request, read: Read[Any], params: Any) -> Document:
    """The document of a declared read, from the runner the API shares (same cache, same
    numbers as the endpoint and the command)."""
    return request.app.state.runner.answer(read, params, charge=charge_of(request))


def drawn(
    request: Request, read: Read[Any], params: Any, name: str, build: Callable[[], Document]
) -> Document:
    """A chart document drawn from an answer of ``read`` (``build`` reads it), cached beside
    that answer and dropped with it when its tables are reloaded."""
    return request.app.state.runner.document(
        f"web:{name}", params.model_dump(), lambda _: build(), tables=read.tables
    )


def group_choices(request: Request) -> list[dict[str, str]]:
    """Global South definitions and blocs, for group selectors."""

    def compute(ws: Workspace) -> Document:
        blocs = ws.blocs()
        return {
            "items": [{"id": key, "name": d.name} for key, d in DEFINITIONS.items() if key != "all"]
            + [
                {"id": str(r.bloc_id), "name": f"{r.bloc_id} — {r.name}"}
                for r in blocs.sort_values("bloc_id").itertuples()
            ]
        }

    return computed(request, "groups", {}, compute)["items"]


def cited(ws: Workspace, given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources block (publisher, licence, vintage) of a feature's own source entries."""
    return sources(ws, ids_in(given, "source_id"), given)


def guarded(compute: Callable[[Workspace], Document]) -> Callable[[Workspace], Document]:
    """``compute`` whose refusal on the data (e.g. too few exporters for substitution)
    becomes ``{"error": {message, hint}, "chart": None}``, shown in place of the result."""

    def run(ws: Workspace) -> Document:
        try:
            return {"error": None, **compute(ws)}
        except SouthsouthError as error:
            return {"error": {"message": error.message, "hint": error.hint}, "chart": None}

    return run
