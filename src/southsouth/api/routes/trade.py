"""Trade reads: economic complexity, substitution opportunities, missing links, South share.

Flows default to the latest full BACI release loaded, else the mirror's tables (whose
limits each response states in ``notes`` and, for the BACI extract, ``warning``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.group_grammar import DEFAULT_GROUP, GROUP_TEXT_PATTERN
from southsouth.service.http import MAX_NAME, Checked, DataYear, group_query
from southsouth.service.reads.trade import (
    COMPLEXITY,
    DEFAULT_EXPORTS,
    LINKS,
    PRODUCT_COMPLEXITY,
    SHARE,
    SUBSTITUTION,
    Level,
)

router = APIRouter(prefix="/trade", tags=["trade"])
Paged = Annotated[PageParams, Depends(page_params)]
Rows = list[dict[str, Any]]

FlowSource = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=120,
        description="Bilateral flow dataset id (default: latest full BACI release, else the "
        "mirror's tables; GET /datasets lists them)",
    ),
]


class ComplexityCountry(BaseModel):
    """A country's economic complexity in a year."""

    model_config = ConfigDict(extra="allow")

    year: int
    country: str
    exports: float | None
    diversity: float | None
    eci: float | None
    eci_rank: float | None
    coi: float | None = None


class ComplexityProduct(BaseModel):
    """A product's complexity in a year."""

    model_config = ConfigDict(extra="allow")

    year: int
    product: str
    exports: float | None
    ubiquity: float | None
    pci: float | None
    pci_rank: float | None


class ComplexityContext(BaseModel):
    """What a complexity computation used and how it behaved."""

    options: dict[str, Any]
    country_set: dict[str, Any]
    diagnostics: Rows
    report: dict[str, Any]
    notes: list[str]


class ComplexityPage(Page[ComplexityCountry], ComplexityContext):
    """ECI of the countries of an export table, by year and rank."""


class ProductComplexityPage(Page[ComplexityProduct], ComplexityContext):
    """PCI of the products of an export table, by year and rank."""


class SubstitutionRow(BaseModel):
    """An importer × product: imports from the North a capable Southern supplier could
    replace (US$)."""

    model_config = ConfigDict(extra="allow")

    importer: str
    product: str
    m: float | None
    m_north: float | None
    nd: float | None
    sp_star: float | None
    spi: float | None
    capable_suppliers: int | None


class SubstitutionPage(Page[SubstitutionRow]):
    """Substitution potential for an importer or a bloc, largest first."""

    source_id: str
    year: int
    importers: list[str]
    label: str
    warning: str | None
    options: dict[str, Any]
    columns: dict[str, str]
    by_bloc: Rows
    by_importer: Rows
    coverage: Rows
    provisional: bool
    notes: list[str]


class LinkPair(BaseModel):
    """An exporter → importer pair: complementarity, intensity, missing-link flag."""

    model_config = ConfigDict(extra="allow")

    year: int
    exporter: str
    importer: str
    tc: float | None
    tii: float | None
    missing_link: bool | None
    flow: float | None


class LinksPage(Page[LinkPair]):
    """Trade links between a bloc's members, missing links first."""

    options: dict[str, Any]
    blocs: Rows
    regions: Rows
    notes: list[str]


class ShareRow(BaseModel):
    """A country's South–South share of trade."""

    model_config = ConfigDict(extra="allow")

    year: int
    iso3: str
    in_south: bool | None
    exports: float | None
    export_share_pct: float | None


class SharePage(Page[ShareRow]):
    """South–South share of each country's trade."""

    options: dict[str, Any]
    groups: Rows
    notes: list[str]


ExportSource = Annotated[
    str,
    Query(
        min_length=1,
        max_length=120,
        description="Country × product exports: a trade_export or BACI dataset id",
    ),
]
Method = Annotated[Literal["eigen", "reflections"], Query(description="ECI computation")]
AllCountries = Annotated[
    bool,
    Query(
        description="Rank every country, not only those with population ≥ 1 million and "
        "exports ≥ US$1 billion in the year (the Atlas rule, the default)"
    ),
]


@router.get("/complexity", response_model=ComplexityPage, responses=READ_RESPONSES)
def complexity(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    source: ExportSource = DEFAULT_EXPORTS,
    year: DataYear = None,
    level: Level | None = None,
    method: Method = "eigen",
    all_countries: AllCountries = False,
) -> Response:
    """Economic complexity (Atlas method): ECI, diversity and COI of each country, by year
    and ECI rank; by default only the countries the Atlas ranks (population ≥ 1 million,
    exports ≥ US$1 billion) enter the computation, as ``country_set`` and ``notes`` say."""
    params = COMPLEXITY.parse(
        source=source, year=year, level=level, method=method, all_countries=all_countries
    )
    return reads.answer(request, COMPLEXITY, params, page=page)


@router.get("/complexity/products", response_model=ProductComplexityPage, responses=READ_RESPONSES)
def product_complexity(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    source: ExportSource = DEFAULT_EXPORTS,
    year: DataYear = None,
    level: Level | None = None,
    method: Method = "eigen",
    all_countries: AllCountries = False,
) -> Response:
    """Product complexity: PCI and ubiquity of each product, by year and PCI rank, computed
    from the countries the Atlas ranks unless ``all_countries`` (``country_set`` says which)."""
    params = PRODUCT_COMPLEXITY.parse(
        source=source, year=year, level=level, method=method, all_countries=all_countries
    )
    return reads.answer(request, PRODUCT_COMPLEXITY, params, page=page)


@router.get("/substitution", response_model=SubstitutionPage, responses=READ_RESPONSES)
def substitution(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    importer: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_NAME,
            pattern=GROUP_TEXT_PATTERN,
            description="ISO3 of the importer",
        ),
    ] = None,
    bloc: Annotated[str | None, group_query("A bloc or group of importers"), Checked] = None,
    products: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Product set (pharma, …) or HS prefixes"),
    ] = None,
    scenario: Literal["status-quo", "frictions-removed"] = "status-quo",
    year: DataYear = None,
    window: Annotated[int, Query(ge=1, le=5, description="Years averaged")] = 1,
    south: Annotated[
        str, group_query("Global South definition (default g77)"), Checked
    ] = DEFAULT_GROUP,
    source: FlowSource = None,
) -> Response:
    """Imports from the North that capable Southern suppliers could replace (methods §7),
    for one importer or a bloc's members: importer × product rows, largest first. Give
    exactly one of ``importer`` and ``bloc``."""
    params = SUBSTITUTION.parse(
        importer=importer,
        bloc=bloc,
        products=products,
        scenario=scenario,
        year=year,
        window=window,
        south=south,
        source=source,
    )
    return reads.answer(request, SUBSTITUTION, params, page=page)


@router.get("/links", response_model=LinksPage, responses=READ_RESPONSES)
def links(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    bloc: Annotated[str, group_query("Bloc or group whose pairs to assess"), Checked],
    year: DataYear = None,
    source: FlowSource = None,
) -> Response:
    """Trade complementarity and intensity between a bloc's members: missing links
    (complementarity in the top quartile, intensity below 1) first, then by
    complementarity."""
    params = LINKS.parse(bloc=bloc, year=year, source=source)
    return reads.answer(request, LINKS, params, page=page)


@router.get("/south-share", response_model=SharePage, responses=READ_RESPONSES)
def south_share(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Annotated[
        str, group_query("Global South definition (default g77)"), Checked
    ] = DEFAULT_GROUP,
    year: DataYear = None,
    source: FlowSource = None,
) -> Response:
    """South–South share of each country's exports (and imports where the flows cover
    them), by year and ISO3."""
    params = SHARE.parse(group=group, year=year, source=source)
    return reads.answer(request, SHARE, params, page=page)
