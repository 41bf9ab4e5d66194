"""What page routes share: cached computations over the warehouse snapshot, choices lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from southsouth.errors import RequestRefused, SouthsouthError, WarehouseBusy
from southsouth.language.catalogue import DEFAULT, LANGUAGES, Translator
from southsouth.language.content import group_name
from southsouth.language.names import names_in
from southsouth.registry.groups import DEFINITIONS
from southsouth.service.declared import Read
from southsouth.service.documents import Document
from southsouth.service.http import charge_of
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
    request: Request,
    read: Read[Any],
    params: Any,
    name: str,
    draw: Callable[[Document], Document],
    *,
    lang: str = DEFAULT,
) -> Document:
    """A chart document ``draw`` makes from the answer of ``read`` in ``lang`` (its titles
    and labels are in the page's language, so the language is part of the cache key),
    cached beside that answer and dropped with it when its tables are reloaded."""
    answer = answered(request, read, params)
    return request.app.state.runner.document(
        f"web:{name}",
        {**params.model_dump(), "lang": lang},
        lambda _: draw(answer),
        tables=read.tables,
    )


def shown(
    request: Request,
    read: Read[Any],
    params: Any,
    name: str,
    draw: Callable[[Document], Document],
    *,
    lang: str = DEFAULT,
) -> Document:
    """Like :func:`drawn`, or why the data cannot answer: ``{"error": {message, hint},
    "chart": None}``, shown in place of the section. A refusal of the server (busy, over
    its time budget, warehouse swapping) is raised, not shown."""
    try:
        return drawn(
            request, read, params, name, lambda answer: {"error": None, **draw(answer)}, lang=lang
        )
    except (RequestRefused, WarehouseBusy):
        raise
    except SouthsouthError as error:
        return {"error": {"message": error.message, "hint": error.hint}, "chart": None}


def group_choices(request: Request, lang: str = DEFAULT) -> list[dict[str, str]]:
    """Global South definitions and blocs, for group selectors, named in ``lang``."""

    def compute(ws: Workspace) -> Document:
        blocs = ws.blocs()
        return {
            "items": [{"id": key, "name": d.name} for key, d in DEFINITIONS.items() if key != "all"]
            + [
                {"id": str(r.bloc_id), "name": str(r.name), "bloc": True}
                for r in blocs.sort_values("bloc_id").itertuples()
            ]
        }

    t = Translator(lang)
    return [
        {
            "id": g["id"],
            "name": f"{g['id']} — {group_name(t, g['id'], g['name'])}"
            if g.get("bloc")
            else group_name(t, g["id"], g["name"]),
        }
        for g in computed(request, "groups", {}, compute)["items"]
    ]


def country_names(request: Request, lang: str) -> dict[str, str]:
    """ISO3 → the country's CLDR name in ``lang`` (from the warehouse's ISO2 codes; the
    registry's English name where CLDR has none), computed once per language and data sync."""

    def compute(ws: Workspace) -> Document:
        table = ws.warehouse.query("SELECT iso3, iso2, name FROM country")
        return {"names": names_in(table.itertuples(index=False), lang)}

    return computed(request, "country-names", {"lang": lang}, compute, frozenset({"country"}))[
        "names"
    ]
