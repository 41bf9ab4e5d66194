"""Trade reads: economic complexity, substitution potential, trade links, South–South share.

Flows default to the latest full BACI release loaded, else the mirror's tables (whose limits
each document states in ``notes`` and, for the BACI extract, ``warning``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.service.declared import ALL_TABLES, Read, ReadParams
from southsouth.service.parameters import CountryText, DataYear, GroupText

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: The export table of the complexity reads when none is named.
DEFAULT_EXPORTS = "ots-hs4-exports-2017"

#: A loaded dataset id (exports, or bilateral flows).
DatasetId = Annotated[str, Field(min_length=1, max_length=120)]
#: Product aggregation levels.
Level = Literal["hs6", "hs4", "hs2", "section"]


class ComplexityParams(ReadParams):
    """An export table, its year and product level, the ECI and COG methods, and which
    countries to rank."""

    source: DatasetId = DEFAULT_EXPORTS
    year: DataYear = None
    level: Level | None = None
    method: Literal["eigen", "reflections"] = "eigen"
    #: How complexity outlook gain is computed (the command line's ``--cog-method``).
    cog_method: Literal["atlas_book", "growthlab_code"] = "atlas_book"
    #: Rank every country, not only those with population ≥ 1 million and exports ≥ US$1
    #: billion (the Atlas rule, the default; the command line's ``--all-countries``).
    all_countries: bool = False


class SubstitutionParams(ReadParams):
    """One importer or a bloc of importers, the products, scenario, years and flows."""

    importer: CountryText | None = None
    bloc: GroupText | None = None
    products: Annotated[str | None, Field(min_length=1, max_length=200)] = None
    scenario: Literal["status-quo", "frictions-removed"] = "status-quo"
    year: DataYear = None
    window: Annotated[int, Field(ge=1, le=5)] = 1
    south: GroupText = DEFAULT_GROUP
    source: DatasetId | None = None
    #: Where the flows are aggregated (the command line's ``--engine``; same numbers).
    engine: Literal["duckdb", "spark"] = "duckdb"


class LinksParams(ReadParams):
    """The bloc whose member pairs to assess, the year and the flows."""

    bloc: GroupText
    year: DataYear = None
    source: DatasetId | None = None


class ShareParams(ReadParams):
    """The Global South definition, the year and the flows."""

    group: GroupText = DEFAULT_GROUP
    year: DataYear = None
    source: DatasetId | None = None


def _complexity(ws: Workspace, p: ComplexityParams) -> dict[str, Any]:
    """Both tables of a complexity computation and its context."""
    from southsouth.service.documents import source_ids, sources

    result = ws.complexity(
        source=p.source,
        year=p.year,
        level=p.level,
        method=p.method,
        cog_method=p.cog_method,
        all_countries=p.all_countries,
    )
    whole = result.as_dict(cells=False)
    provenance = whole["provenance"]
    ids = source_ids(provenance["source_id"])
    return {
        "options": whole["options"],
        "country_set": whole["country_set"],
        "diagnostics": whole["diagnostics"],
        "report": whole["report"],
        "notes": whole["notes"],
        "countries": result.countries.sort_values(["year", "eci_rank", "country"]),
        "products": result.products.sort_values(["year", "pci_rank", "product"]),
        "sources": sources(ws, ids, [provenance] if len(ids) == 1 else []),
    }


def _complexity_countries(ws: Workspace, p: ComplexityParams) -> Document:
    whole = _complexity(ws, p)
    whole["items"] = whole.pop("countries")
    del whole["products"]
    return whole


def _complexity_products(ws: Workspace, p: ComplexityParams) -> Document:
    whole = _complexity(ws, p)
    whole["items"] = whole.pop("products")
    del whole["countries"]
    return whole


def _substitution(ws: Workspace, p: SubstitutionParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    chosen = ws.substitution(
        importer=p.importer,
        bloc=p.bloc,
        products=p.products,
        scenario=p.scenario,
        year=p.year,
        window=p.window,
        south=p.south,
        engine=p.engine,
        source=p.source,
    )
    whole = chosen.result.as_dict(limit=0)
    by_importer = chosen.result.by_importer
    used = whole["sources"]
    return {
        "source_id": chosen.source_id,
        "year": chosen.year,
        "importers": chosen.importers,
        "label": whole["label"],
        "warning": chosen.warning,
        "options": whole["options"],
        "columns": whole["columns"],
        "items": chosen.table,
        "by_bloc": whole["by_bloc"],
        "by_importer": by_importer[by_importer["importer"].isin(chosen.importers)],
        "coverage": whole["coverage"],
        "provisional": whole["provisional"],
        "notes": whole["notes"],
        "sources": sources(ws, ids_in(used, "source_id"), used),
    }


def _links(ws: Workspace, p: LinksParams) -> Document:
    from southsouth.service.documents import sources

    result = ws.trade_links(p.bloc, source=p.source, year=p.year)
    whole = result.as_dict()
    pairs = result.pairs.sort_values(
        ["missing_link", "tc", "exporter", "importer"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    provenance = whole["provenance"]
    return {
        "options": whole["options"],
        "items": pairs,
        "blocs": whole["blocs"],
        "regions": whole["regions"],
        "notes": whole["notes"],
        "sources": sources(ws, [provenance["source_id"]], [provenance]),
    }


def _share(ws: Workspace, p: ShareParams) -> Document:
    from southsouth.service.documents import sources

    result = ws.trade_share(group=p.group, source=p.source, year=p.year)
    whole = result.as_dict()
    provenance = whole["provenance"]
    return {
        "options": whole["options"],
        "items": result.countries.sort_values(["year", "iso3"], kind="stable"),
        "groups": whole["groups"],
        "notes": whole["notes"],
        "sources": sources(ws, [provenance["source_id"]], [provenance]),
    }


COMPLEXITY = Read(
    "trade complexity",
    "Economic complexity (Atlas method): ECI, diversity and COI of each country",
    ComplexityParams,
    _complexity_countries,
    ALL_TABLES,
    heavy=lambda p: True,
)
PRODUCT_COMPLEXITY = Read(
    "trade complexity products",
    "Product complexity: PCI and ubiquity of each product of an export table",
    ComplexityParams,
    _complexity_products,
    ALL_TABLES,
    heavy=lambda p: True,
)
SUBSTITUTION = Read(
    "trade substitution",
    "Imports from the North that capable Southern suppliers could replace (US$, index)",
    SubstitutionParams,
    _substitution,
    ALL_TABLES,
    heavy=lambda p: True,
)
LINKS = Read(
    "trade links",
    "Trade complementarity, intensity and missing links between a bloc's members",
    LinksParams,
    _links,
    ALL_TABLES,
    heavy=lambda p: True,
)
SHARE = Read(
    "trade share",
    "South–South share of each country's trade (exports and, where known, imports)",
    ShareParams,
    _share,
    ALL_TABLES,
    heavy=lambda p: True,
)
