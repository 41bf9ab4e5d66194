"""Indicators southsouth computes from published series (never copied from elsewhere).

Each derived indicator names the datasets it reads; it is computed after those are loaded
and stored in ``observation`` under its own source id (``derived-<indicator>``), whose
status row carries the licences, citations and vintages of its inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from southsouth.connectivity.network import NETWORKS
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.registry import bloc_members
from southsouth.warehouse.store import Warehouse

#: Bump when a computation below changes, so that every sync recomputes the derived series.
DERIVED_EPOCH = 4
COLUMNS = ["country_iso3", "year", "value", "flag"]
PHARMA_HS4 = ("3001", "3002", "3003", "3004", "3005", "3006")
UNSPECIFIED_HS4 = "9999"
BACI_EXTRACT = "baci-hs92-2021-afg-zaf"


@dataclass(frozen=True)
class DerivedIndicator:
    """An indicator computed from loaded datasets."""

    id: str
    name: str
    unit: str
    description: str
    inputs: tuple[str, ...]
    compute: Callable[[Warehouse], pd.DataFrame]

    @property
    def source_id(self) -> str:
        """The id its rows and status are stored under."""
        return f"derived-{self.id.replace('_', '-')}"


def _series(wh: Warehouse, indicator: str) -> pd.DataFrame:
    return wh.query(
        "SELECT country_iso3, year, value, flag FROM observation WHERE indicator = ?", [indicator]
    )


def _per_population(
    wh: Warehouse, indicator: str, scale: float, *, complete_only: bool = False
) -> pd.DataFrame:
    """``indicator`` divided by the same year's WDI population, times ``scale``.

    ``complete_only`` drops years the source flags as incomplete (partial-year averages).
    """
    frame = wh.query(
        """
        SELECT o.country_iso3, o.year, o.value / p.value * ? AS value, o.flag
        FROM observation o
        JOIN observation p ON p.country_iso3 = o.country_iso3 AND p.year = o.year
             AND p.indicator = 'wdi_population'
        WHERE o.indicator = ? AND p.value > 0
          AND NOT (? AND coalesce(o.flag, '') LIKE 'incomplete%')
        """,
        [scale, indicator, complete_only],
    )
    return frame[COLUMNS]


def _g77_today(wh: Warehouse) -> list[str]:
    return bloc_members(wh, "G77", on=date.today())["iso3"].tolist()


def _nurses_per_1000(wh: Warehouse) -> pd.DataFrame:
    frame = _series(wh, "who_nhwa_nursing_midwifery_per_10k")
    frame["value"] = frame["value"] / 10
    return frame[COLUMNS]


def _health_worker_density(wh: Warehouse, window: int = 5) -> pd.DataFrame:
    """Doctors + nurses & midwives per 1,000; each part's latest value within ``window`` years."""
    doctors = _series(wh, "gapminder_physicians_per_1000")[["country_iso3", "year", "value"]]
    nurses = _nurses_per_1000(wh)[["country_iso3", "year", "value"]]
    years = (
        pd.concat([doctors, nurses])[["country_iso3", "year"]]
        .drop_duplicates()
        .sort_values(["year", "country_iso3"])
    )
    merged = years
    for name, part in (("doctors", doctors), ("nurses", nurses)):
        part = part.rename(columns={"value": name}).assign(**{f"{name}_year": part["year"]})
        merged = pd.merge_asof(
            merged.sort_values("year"),
            part.sort_values("year"),
            on="year",
            by="country_iso3",
            tolerance=window,
            direction="backward",
        )
    merged = merged.dropna(subset=["doctors", "nurses"])
    merged["value"] = merged["doctors"] + merged["nurses"]
    merged["flag"] = [
        None if dy == year and ny == year else f"physicians {int(dy)}, nurses & midwives {int(ny)}"
        for dy, ny, year in zip(
            merged["doctors_year"], merged["nurses_year"], merged["year"], strict=True
        )
    ]
    return merged[COLUMNS].sort_values(["country_iso3", "year"]).reset_index(drop=True)


def _peacekeepers(wh: Warehouse) -> pd.DataFrame:
    """Per million people; UN members absent from a complete year's contributor list give 0."""
    contributed = _per_population(wh, "unpko_personnel_yearly_avg", 1_000_000, complete_only=True)
    members = wh.query("SELECT iso3 AS country_iso3 FROM country WHERE un_member")
    grid = members.merge(pd.DataFrame({"year": sorted(contributed["year"].unique())}), how="cross")
    out = grid.merge(contributed, on=["country_iso3", "year"], how="left")
    absent = out["value"].isna()
    out.loc[absent, "value"] = 0.0
    out.loc[absent, "flag"] = "not among the year's contributors"
    return out[COLUMNS]


def _female_share(wh: Warehouse) -> pd.DataFrame:
    frame = wh.query(
        """
        SELECT t.country_iso3, t.year, 100 * f.value / t.value AS value, t.flag
        FROM observation t
        JOIN observation f ON f.country_iso3 = t.country_iso3 AND f.year = t.year
             AND f.indicator = 'unpko_female_personnel_yearly_avg'
        WHERE t.indicator = 'unpko_personnel_yearly_avg' AND t.value > 0
          AND coalesce(t.flag, '') NOT LIKE 'incomplete%'
        """
    )
    return frame[COLUMNS]


def _air_links(wh: Warehouse) -> pd.DataFrame:
    """Distinct G77 countries linked to each country by a direct (non-stop) route, per network."""
    g77 = _g77_today(wh)
    frames = [
        wh.query(
            """
            WITH pairs AS (
                SELECT DISTINCT a.country_iso3 AS c1, b.country_iso3 AS c2
                FROM route r
                JOIN airport a ON a.airport_id = r.source_airport_id AND a.source_id = r.source_id
                JOIN airport b ON b.airport_id = r.dest_airport_id AND b.source_id = r.source_id
                WHERE r.source_id = ? AND r.stops = 0
                  AND a.country_iso3 IS NOT NULL AND b.country_iso3 IS NOT NULL
                  AND a.country_iso3 <> b.country_iso3
            ),
            links AS (SELECT c1 AS c, c2 AS p FROM pairs UNION SELECT c2, c1 FROM pairs),
            served AS (
                SELECT DISTINCT country_iso3 AS c FROM airport
                WHERE source_id = ? AND country_iso3 IS NOT NULL
            )
            SELECT s.c AS country_iso3, ? AS year,
                   count(DISTINCT l.p) FILTER (WHERE l.p IN (SELECT unnest(?))) AS value,
                   ? AS flag
            FROM served s LEFT JOIN links l ON l.c = s.c
            GROUP BY s.c
            """,
            [
                source,
                source,
                year,
                g77,
                f"{source} routes of {year}; G77 membership today",
            ],
        )
        for year, source in sorted(NETWORKS.items())
    ]
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def _independent_zeros(wh: Warehouse, counts: pd.DataFrame, year: int, flag: str) -> pd.DataFrame:
    states = wh.query("SELECT iso3 AS country_iso3 FROM country WHERE independent")
    out = states.merge(counts, on="country_iso3", how="left").fillna({"value": 0})
    out["year"] = year
    out["flag"] = flag
    return out[COLUMNS]


def _rivalries(wh: Warehouse) -> pd.DataFrame:
    """Strategic rivalries ongoing at the end of the Thompson–Sakuwa–Suthar data (2020)."""
    counts = wh.query(
        """
        SELECT c AS country_iso3, count(*) AS value FROM (
            SELECT country_a AS c FROM relation
            WHERE source_id = 'tss-rivalries' AND year_end IS NULL
            UNION ALL
            SELECT country_b FROM relation WHERE source_id = 'tss-rivalries' AND year_end IS NULL
        ) GROUP BY c
        """
    )
    return _independent_zeros(wh, counts, 2020, "ongoing in 2020 (TSS); 0 = none recorded")


def _southern_allies(wh: Warehouse) -> pd.DataFrame:
    """Distinct G77 partners in any ATOP alliance in force in 2018."""
    counts = wh.query(
        """
        WITH ties AS (
            SELECT country_a AS c, country_b AS p FROM relation
            WHERE source_id = 'atop-alliances' AND year_start <= 2018
              AND (year_end IS NULL OR year_end >= 2018)
        ),
        both_ways AS (SELECT c, p FROM ties UNION SELECT p, c FROM ties)
        SELECT c AS country_iso3, count(DISTINCT p) AS value
        FROM both_ways WHERE p IN (SELECT unnest(?)) GROUP BY c
        """,
        [_g77_today(wh)],
    )
    return _independent_zeros(wh, counts, 2018, "ATOP v5.1 alliances in force in 2018")


def _hs4_exports(wh: Warehouse) -> pd.DataFrame:
    return wh.query(
        """
        SELECT country_iso3, year, product, value_usd FROM trade_export
        WHERE source_id = 'ots-hs4-exports-2017' AND product <> ?
        """,
        [UNSPECIFIED_HS4],
    )


def _rca(exports: pd.DataFrame) -> pd.DataFrame:
    """Balassa RCA per country and product (methods §6)."""
    total_c = exports.groupby("country_iso3")["value_usd"].transform("sum")
    total_p = exports.groupby("product")["value_usd"].transform("sum")
    world = exports["value_usd"].sum()
    return exports.assign(rca=(exports["value_usd"] / total_c) / (total_p / world))


def _pharma_per_capita(wh: Warehouse) -> pd.DataFrame:
    exports = _hs4_exports(wh)
    pharma = exports[exports["product"].isin(PHARMA_HS4)].groupby("country_iso3")["value_usd"].sum()
    totals = (
        exports.groupby(["country_iso3", "year"]).size().reset_index()[["country_iso3", "year"]]
    )
    totals["pharma"] = totals["country_iso3"].map(pharma).fillna(0.0)
    population = _series(wh, "wdi_population")
    merged = totals.merge(population, on=["country_iso3", "year"], how="inner")
    merged["value"] = merged["pharma"] / merged["value"]
    merged["flag"] = "HS 3001–3006 exports, 2017"
    return merged[COLUMNS]


def _pharma_rca(wh: Warehouse) -> pd.DataFrame:
    exports = _hs4_exports(wh)
    pharma = exports["product"].isin(PHARMA_HS4)
    by_country = exports.groupby(["country_iso3", "year"])["value_usd"].sum()
    pharma_c = exports[pharma].groupby(["country_iso3", "year"])["value_usd"].sum()
    world_share = exports.loc[pharma, "value_usd"].sum() / exports["value_usd"].sum()
    share = (pharma_c.reindex(by_country.index).fillna(0.0) / by_country).rename("value")
    frame = (share / world_share).reset_index()
    frame["flag"] = "HS 30 (3001–3006) RCA, 2017"
    return frame[COLUMNS]


def _export_diversity(wh: Warehouse) -> pd.DataFrame:
    rca = _rca(_hs4_exports(wh))
    frame = (
        rca.assign(m=rca["rca"] >= 1)
        .groupby(["country_iso3", "year"])["m"]
        .sum()
        .rename("value")
        .reset_index()
    )
    frame["flag"] = "HS4 products with RCA ≥ 1, 2017 (code 9999 excluded)"
    return frame[COLUMNS]


def _south_south_exports(wh: Warehouse) -> pd.DataFrame:
    """Share of each exporter's goods exports going to G77 members (BACI flows).

    One source only: the newest full BACI release when one is loaded, else the mirror's
    AFG/ZAF extract (releases are never mixed, even when they cover the same year).
    """
    from southsouth.trade.south_share import south_south_share_for

    sources = wh.query("SELECT DISTINCT source_id FROM trade_flow WHERE source_id LIKE 'baci-%'")[
        "source_id"
    ].tolist()
    releases = sorted(s for s in sources if s != BACI_EXTRACT)
    chosen = releases[-1] if releases else BACI_EXTRACT if BACI_EXTRACT in sources else None
    if chosen is None:
        return pd.DataFrame(columns=COLUMNS)
    years = wh.query("SELECT DISTINCT year FROM trade_flow WHERE source_id = ?", [chosen])
    frames = []
    for year in sorted(years["year"]):
        share = south_south_share_for(wh, chosen, group=DEFAULT_GROUP, year=int(year)).countries
        frames.append(
            pd.DataFrame(
                {
                    "country_iso3": share["iso3"],
                    "year": share["year"],
                    "value": share["export_share_pct"],
                    "flag": f"CEPII BACI ({chosen}); G77 members on 31 Dec of the year",
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame[frame["value"].notna()][COLUMNS]


def _chinese_finance_exposure(wh: Warehouse) -> pd.DataFrame:
    frame = wh.query(
        """
        SELECT f.country_iso3, 2021 AS year, 100 * f.value * 1e9 / g.value AS value,
               'commitments 2000–2021 (constant 2021 US$) / 2021 GDP (current US$)' AS flag
        FROM observation f
        JOIN observation g ON g.country_iso3 = f.country_iso3
             AND g.indicator = 'wdi_gdp_current_usd' AND g.year = 2021
        WHERE f.indicator = 'gcdf3_commitments_2000_2021' AND g.value > 0
        """
    )
    return frame[COLUMNS]


DERIVED: tuple[DerivedIndicator, ...] = (
    DerivedIndicator(
        "nurses_midwives_per_1000",
        "Nurses and midwives per 1,000 people",
        "per 1,000 people",
        "WHO NHWA nursing and midwifery personnel per 10,000 (HWF_0006) divided by 10.",
        ("who-nhwa-nursing-midwifery",),
        _nurses_per_1000,
    ),
    DerivedIndicator(
        "health_worker_density_per_1000",
        "Doctors, nurses and midwives per 1,000 people",
        "per 1,000 people",
        "Physicians per 1,000 (WDI via Gapminder) plus nurses and midwives per 1,000 (WHO "
        "NHWA ÷ 10), each the latest value within 5 years; the flag names the years combined.",
        ("gapminder-physicians", "who-nhwa-nursing-midwifery"),
        _health_worker_density,
    ),
    DerivedIndicator(
        "se_articles_per_1000",
        "Science and engineering articles per 1,000 people",
        "per 1,000 people",
        "NSF SEI 2024 fractional article counts divided by WDI population of the same year.",
        ("nsf-sei2024-se-articles", "wdi-population"),
        lambda wh: _per_population(wh, "nsf_se_articles_fractional", 1_000),
    ),
    DerivedIndicator(
        "patent_applications_per_million",
        "Patent applications per million people",
        "per million people",
        "WIPO total patent applications (via Gapminder) divided by WDI population.",
        ("gapminder-patent-applications", "wdi-population"),
        lambda wh: _per_population(wh, "gapminder_patent_applications", 1_000_000),
    ),
    DerivedIndicator(
        "peacekeepers_per_million",
        "UN uniformed peacekeepers per million people",
        "per million people",
        "Yearly average of monthly UN uniformed personnel contributed (summed over missions) "
        "divided by WDI population; UN members not among a year's contributors count 0; "
        "years the source flags incomplete (partial-year averages: 2010, 2012, 2017, 2021) "
        "are left out.",
        ("un-peacekeeping-personnel", "wdi-population"),
        _peacekeepers,
    ),
    DerivedIndicator(
        "peacekeepers_female_share_pct",
        "Women among a country's uniformed peacekeepers",
        "%",
        "Female over total yearly-average uniformed personnel contributed, times 100; "
        "years the source flags incomplete are left out.",
        ("un-peacekeeping-personnel",),
        _female_share,
    ),
    DerivedIndicator(
        "gs_direct_air_links",
        "Global South (G77) countries reached by direct flights",
        "countries",
        "Distinct G77 member countries (today's membership) linked by at least one non-stop "
        "scheduled route, in either direction: 2026 from the routes listed around 3 May 2026 "
        "(airline-route-data), 2014 from OpenFlights (June 2014). The two sources differ in "
        "method, so part of a change is a difference between them.",
        ("airline-routes-2026", "openflights", "blocs"),
        _air_links,
    ),
    DerivedIndicator(
        "ongoing_strategic_rivalries",
        "Strategic rivalries ongoing in 2020",
        "rivalries",
        "Number of Thompson–Sakuwa–Suthar strategic rivalries a state is party to that were "
        "ongoing at the end of the data (2020); 0 for independent states with none.",
        ("tss-rivalries",),
        _rivalries,
    ),
    DerivedIndicator(
        "gs_alliance_partners",
        "Alliance partners in the Global South (G77), 2018",
        "countries",
        "Distinct G77 members (today's membership) with which a state had any ATOP v5.1 "
        "alliance (defence, offence, neutrality, non-aggression or consultation) in 2018.",
        ("atop-alliances", "blocs"),
        _southern_allies,
    ),
    DerivedIndicator(
        "pharma_exports_usd_per_capita",
        "Pharmaceutical exports (HS 30) per person",
        "US$ per person",
        "Exports of HS 3001–3006 in 2017 (Open Trade Statistics HS4 table) divided by WDI "
        "population; 0 where a reporter exported no HS 30 goods.",
        ("ots-hs4-exports-2017", "wdi-population"),
        _pharma_per_capita,
    ),
    DerivedIndicator(
        "pharma_export_rca",
        "Revealed comparative advantage in pharmaceuticals (HS 30)",
        "RCA",
        "Balassa RCA of HS 3001–3006 in 2017: the pharma share of a country's exports over the "
        "world's (code 9999 excluded).",
        ("ots-hs4-exports-2017",),
        _pharma_rca,
    ),
    DerivedIndicator(
        "export_diversity_hs4",
        "Export diversity: HS4 products with RCA ≥ 1",
        "products",
        "Number of HS4 products a country exports with revealed comparative advantage "
        "(Balassa RCA ≥ 1) in 2017 (Open Trade Statistics table, code 9999 excluded).",
        ("ots-hs4-exports-2017",),
        _export_diversity,
    ),
    DerivedIndicator(
        "south_south_export_share_pct",
        "Share of exports going to the Global South (G77)",
        "% of exports",
        "Exports to G77 members (today's membership) over total exports, from CEPII BACI "
        "flows; a full release is preferred over the AFG/ZAF extract.",
        ("blocs",),
        _south_south_exports,
    ),
    DerivedIndicator(
        "gcdf3_commitments_pct_gdp",
        "Chinese development finance committed 2000–2021, % of 2021 GDP",
        "% of GDP",
        "AidData GCDF 3.0 commitments 2000–2021 (constant 2021 US$) over 2021 GDP (current "
        "US$, WDI): commitments, not debt outstanding.",
        ("aiddata-gcdf3-country-totals", "wdi-gdp"),
        _chinese_finance_exposure,
    ),
)


def derived_indicator(indicator_id: str) -> DerivedIndicator | None:
    """The derived indicator with this id, if there is one."""
    return next((d for d in DERIVED if d.id == indicator_id), None)
