"""The warehouse's tables: columns, types, keys and units, written down and enforced.

Every table a dataset loads has a ``source_id`` column naming the dataset that wrote the
row, so a dataset can be reloaded (replaced) without touching anyone else's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from southsouth.errors import ContractViolation


@dataclass(frozen=True)
class Column:
    """One column: name, DuckDB type, whether it may be empty, and what it means."""

    name: str
    type: str
    nullable: bool = False
    description: str = ""
    unit: str = ""


@dataclass(frozen=True)
class TableContract:
    """A tidy table: its columns, its key and what a row is."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        """CREATE TABLE statement."""
        cols = ",\n  ".join(
            f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in self.columns
        )
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"

    def conform(self, frame: pd.DataFrame, *, source_id: str) -> pd.DataFrame:
        """Return ``frame`` with this table's columns and types, or raise ContractViolation.

        ``source_id`` is filled in when the parser left it out.
        """
        frame = frame.copy()
        if "source_id" in self.column_names and "source_id" not in frame.columns:
            frame["source_id"] = source_id
        missing = [c for c in self.column_names if c not in frame.columns]
        extra = [c for c in frame.columns if c not in self.column_names]
        if missing or extra:
            raise ContractViolation(
                f"{source_id} → {self.name}: "
                + "; ".join(
                    part
                    for part in (
                        f"missing columns {missing}" if missing else "",
                        f"unexpected columns {extra}" if extra else "",
                    )
                    if part
                ),
                hint="the parser and the table contract disagree; this is a bug in southsouth",
            )
        frame = frame[list(self.column_names)]
        for col in self.columns:
            frame[col.name] = _coerce(frame[col.name], col, self.name, source_id)
            if not col.nullable and frame[col.name].isna().any():
                bad = int(frame[col.name].isna().sum())
                raise ContractViolation(
                    f"{source_id} → {self.name}.{col.name}: {bad} empty values "
                    "in a required column",
                    hint="the source file has gaps the parser did not handle",
                )
        if self.key:
            dup = frame.duplicated(list(self.key), keep=False)
            if dup.any():
                sample = frame.loc[dup, list(self.key)].head(3).to_dict("records")
                raise ContractViolation(
                    f"{source_id} → {self.name}: {int(dup.sum())} rows share a key "
                    f"{self.key}, e.g. {sample}",
                    hint="the source file repeats rows the parser should have merged",
                )
        return frame.reset_index(drop=True)


def _coerce(series: pd.Series, col: Column, table: str, source_id: str) -> pd.Series:
    try:
        if col.type == "VARCHAR":
            out = series.astype("string")
            return out.where(out.notna(), None).astype(object)
        if col.type in ("INTEGER", "BIGINT"):
            numeric = pd.to_numeric(series, errors="raise")
            if (numeric.dropna() % 1 != 0).any():
                raise ValueError("non-integer values")
            return numeric.astype("Int64")
        if col.type == "DOUBLE":
            return pd.to_numeric(series, errors="raise").astype("float64")
        if col.type == "BOOLEAN":
            return series.astype("boolean")
        if col.type == "DATE":
            return pd.to_datetime(series, errors="raise").dt.date
    except (ValueError, TypeError) as exc:
        raise ContractViolation(
            f"{source_id} → {table}.{col.name}: cannot store as {col.type}: {exc}",
            hint="the source file has values of an unexpected type",
        ) from exc
    raise ContractViolation(f"unknown column type {col.type} in {table}.{col.name}")


SOURCE = Column("source_id", "VARCHAR", description="dataset that wrote the row")

OBSERVATION = TableContract(
    "observation",
    "One value of one indicator for one country and year.",
    (
        Column("country_iso3", "VARCHAR", description="ISO 3166-1 alpha-3"),
        Column("indicator", "VARCHAR", description="indicator id (see the indicator table)"),
        Column("year", "INTEGER"),
        Column("value", "DOUBLE", description="in the indicator's unit"),
        Column("flag", "VARCHAR", nullable=True, description="publisher's flag, e.g. estimate"),
        SOURCE,
    ),
    key=("country_iso3", "indicator", "year"),
)

INDICATOR = TableContract(
    "indicator",
    "What an indicator id means and which dataset provides it.",
    (
        Column("indicator", "VARCHAR"),
        Column("name", "VARCHAR"),
        Column("unit", "VARCHAR"),
        Column("description", "VARCHAR", nullable=True),
        SOURCE,
    ),
    key=("indicator",),
)

REGION_OBSERVATION = TableContract(
    "region_observation",
    "A value for a publisher-defined region or aggregate (SIPRI regions, world totals).",
    (
        Column("region", "VARCHAR", description="the publisher's region name"),
        Column("indicator", "VARCHAR"),
        Column("year", "INTEGER"),
        Column("value", "DOUBLE"),
        Column("note", "VARCHAR", nullable=True),
        SOURCE,
    ),
    key=("region", "indicator", "year"),
)

COUNTRY = TableContract(
    "country",
    "Countries and territories with codes, UN M49 regions, groups and capitals.",
    (
        Column("iso3", "VARCHAR"),
        Column("iso2", "VARCHAR", nullable=True),
        Column("m49", "INTEGER", nullable=True),
        Column("name", "VARCHAR", description="short English name"),
        Column("official_name", "VARCHAR", nullable=True),
        Column("region", "VARCHAR", nullable=True, description="UN M49 region"),
        Column("subregion", "VARCHAR", nullable=True),
        Column("intermediate_region", "VARCHAR", nullable=True),
        Column("income_group", "VARCHAR", nullable=True, description="World Bank"),
        Column("ldc", "BOOLEAN"),
        Column("lldc", "BOOLEAN"),
        Column("sids", "BOOLEAN"),
        Column("m49_developing", "BOOLEAN", nullable=True, description="UN M49 until 2021"),
        Column("independent", "BOOLEAN"),
        Column("un_member", "BOOLEAN"),
        Column("capital", "VARCHAR", nullable=True),
        Column("capital_lat", "DOUBLE", nullable=True, unit="degrees"),
        Column("capital_lon", "DOUBLE", nullable=True, unit="degrees"),
        Column("lat", "DOUBLE", nullable=True, description="centroid", unit="degrees"),
        Column("lon", "DOUBLE", nullable=True, unit="degrees"),
        Column("area_km2", "DOUBLE", nullable=True, unit="km²"),
        Column("landlocked", "BOOLEAN", nullable=True),
        SOURCE,
    ),
    key=("iso3",),
)

COUNTRY_CODE = TableContract(
    "country_code",
    "Other coding schemes for each ISO3 country (COW, Gleditsch–Ward, FIPS, V-Dem, …).",
    (
        Column("iso3", "VARCHAR"),
        Column("scheme", "VARCHAR"),
        Column("code", "VARCHAR"),
        SOURCE,
    ),
    key=("scheme", "code", "iso3"),
)

BORDER = TableContract(
    "border",
    "Land borders, each pair listed in both directions.",
    (Column("iso3", "VARCHAR"), Column("neighbour_iso3", "VARCHAR"), SOURCE),
    key=("iso3", "neighbour_iso3"),
)

BLOC = TableContract(
    "bloc",
    "Blocs, forums and groupings whose memberships the registry tracks.",
    (
        Column("bloc_id", "VARCHAR"),
        Column("name", "VARCHAR"),
        Column("kind", "VARCHAR", description="regional-bloc, forum, coalition, who-region, …"),
        Column("founded", "DATE", nullable=True),
        Column("description", "VARCHAR", nullable=True),
        Column("url", "VARCHAR", nullable=True),
        SOURCE,
    ),
    key=("bloc_id",),
)

MEMBERSHIP = TableContract(
    "membership",
    "A country's membership spell in a bloc: from, to (open when empty), status, source.",
    (
        Column("bloc_id", "VARCHAR"),
        Column("country_iso3", "VARCHAR"),
        Column(
            "status", "VARCHAR", description="member, suspended, associate, observer, partner, …"
        ),
        Column("start_date", "DATE", nullable=True, description="empty = since before records"),
        Column("end_date", "DATE", nullable=True, description="empty = still current"),
        Column("start_precision", "VARCHAR", description="day, year, or 'by' (at latest)"),
        Column("end_precision", "VARCHAR", nullable=True),
        Column("source", "VARCHAR", description="citation of the evidence for this row"),
        Column("source_url", "VARCHAR", nullable=True),
        Column("note", "VARCHAR", nullable=True),
        SOURCE,
    ),
    key=("bloc_id", "country_iso3", "status", "start_date"),
)

TRADE_FLOW = TableContract(
    "trade_flow",
    "Exports from one country to another of one product.",
    (
        Column("year", "INTEGER", description="last year of the period"),
        Column("exporter_iso3", "VARCHAR"),
        Column("importer_iso3", "VARCHAR"),
        Column("classification", "VARCHAR", description="HS92, HS96, HS-section, TOTAL, …"),
        Column("product", "VARCHAR", description="zero-padded code in the classification"),
        Column("value_usd", "DOUBLE", unit="current US$"),
        Column("quantity_t", "DOUBLE", nullable=True, unit="metric tons"),
        Column("period_years", "INTEGER", description="1 = annual; n = n years ending at year"),
        Column("aggregation", "VARCHAR", description="annual, mean or sum over the period"),
        SOURCE,
    ),
    key=("source_id", "year", "exporter_iso3", "importer_iso3", "classification", "product"),
)

TRADE_EXPORT = TableContract(
    "trade_export",
    "A country's exports of one product to the world.",
    (
        Column("year", "INTEGER", description="last year of the period"),
        Column("country_iso3", "VARCHAR"),
        Column("classification", "VARCHAR"),
        Column("product", "VARCHAR"),
        Column("value_usd", "DOUBLE", unit="current US$"),
        Column("period_years", "INTEGER"),
        Column("aggregation", "VARCHAR"),
        SOURCE,
    ),
    key=("source_id", "year", "country_iso3", "classification", "product"),
)

PRODUCT = TableContract(
    "product",
    "Product classifications (HS, SITC, Atlas) with hierarchy.",
    (
        Column("classification", "VARCHAR"),
        Column("code", "VARCHAR"),
        Column("level", "VARCHAR", description="section, 2digit, 4digit, 6digit"),
        Column("name", "VARCHAR"),
        Column("parent", "VARCHAR", nullable=True),
        SOURCE,
    ),
    key=("classification", "code", "level"),
)

PRODUCT_METRIC = TableContract(
    "product_metric",
    "Product-level values published by others (world trade, Atlas PCI).",
    (
        Column("classification", "VARCHAR"),
        Column("product", "VARCHAR"),
        Column("year", "INTEGER"),
        Column("metric", "VARCHAR"),
        Column("value", "DOUBLE"),
        SOURCE,
    ),
    key=("source_id", "classification", "product", "year", "metric"),
)

PRODUCT_LINK = TableContract(
    "product_link",
    "Edges of a published product-space network (display backbones, not full proximities).",
    (
        Column("classification", "VARCHAR"),
        Column("source_product", "VARCHAR"),
        Column("target_product", "VARCHAR"),
        Column("strength", "DOUBLE", nullable=True),
        SOURCE,
    ),
    key=("source_id", "classification", "source_product", "target_product"),
)

PRODUCT_NODE = TableContract(
    "product_node",
    "Nodes of a published product-space layout: where each product is drawn, its cluster.",
    (
        Column("classification", "VARCHAR"),
        Column("product", "VARCHAR"),
        Column("x", "DOUBLE", description="layout coordinate (publisher's scale)"),
        Column("y", "DOUBLE", description="layout coordinate (publisher's scale)"),
        Column("cluster", "VARCHAR", nullable=True, description="publisher's grouping"),
        SOURCE,
    ),
    key=("source_id", "classification", "product"),
)

AIRPORT = TableContract(
    "airport",
    "Airports of the route datasets (OpenFlights; airline-route-data), by source_id.",
    (
        Column("airport_id", "INTEGER"),
        Column("name", "VARCHAR"),
        Column("city", "VARCHAR", nullable=True),
        Column("country_iso3", "VARCHAR", nullable=True, description="empty when unmapped"),
        Column("iata", "VARCHAR", nullable=True),
        Column("icao", "VARCHAR", nullable=True),
        Column("lat", "DOUBLE", unit="degrees"),
        Column("lon", "DOUBLE", unit="degrees"),
        Column("altitude_ft", "DOUBLE", nullable=True, unit="feet"),
        Column("timezone", "VARCHAR", nullable=True),
        Column("type", "VARCHAR", nullable=True),
        SOURCE,
    ),
    key=("airport_id",),
)

AIRLINE = TableContract(
    "airline",
    "Airlines (OpenFlights).",
    (
        Column("airline_id", "INTEGER"),
        Column("name", "VARCHAR"),
        Column("alias", "VARCHAR", nullable=True),
        Column("iata", "VARCHAR", nullable=True),
        Column("icao", "VARCHAR", nullable=True),
        Column("callsign", "VARCHAR", nullable=True),
        Column("country_iso3", "VARCHAR", nullable=True),
        Column("active", "BOOLEAN", nullable=True),
        SOURCE,
    ),
    key=("airline_id",),
)

ROUTE = TableContract(
    "route",
    "Non-stop routes, one row per airline (OpenFlights June 2014; May 2026), by source_id.",
    (
        Column("airline", "VARCHAR", nullable=True, description="IATA or ICAO code"),
        Column("airline_id", "INTEGER", nullable=True),
        Column("source_airport", "VARCHAR", nullable=True),
        Column("source_airport_id", "INTEGER", nullable=True),
        Column("dest_airport", "VARCHAR", nullable=True),
        Column("dest_airport_id", "INTEGER", nullable=True),
        Column("codeshare", "BOOLEAN"),
        Column("stops", "INTEGER"),
        Column("equipment", "VARCHAR", nullable=True),
        SOURCE,
    ),
)

RELATION = TableContract(
    "relation",
    "A tie between two countries over years: rivalry, dispute, conflict, alliance, contiguity.",
    (
        Column("kind", "VARCHAR", description="rivalry, mid, war, armed-conflict, alliance, …"),
        Column("country_a", "VARCHAR", description="ISO3"),
        Column("country_b", "VARCHAR", description="ISO3"),
        Column("directed", "BOOLEAN", description="false: the pair is unordered"),
        Column("year_start", "INTEGER"),
        Column("year_end", "INTEGER", nullable=True, description="empty = ongoing at data end"),
        Column("value", "DOUBLE", nullable=True, description="intensity, level or type code"),
        Column("ref", "VARCHAR", nullable=True, description="publisher's id (dispute, rivalry)"),
        Column("detail", "VARCHAR", nullable=True, description="JSON of further attributes"),
        SOURCE,
    ),
)

GEO_SHAPE = TableContract(
    "geo_shape",
    "Country shapes available for maps (features of a TopoJSON file).",
    (
        Column("resolution", "VARCHAR", description="110m or 50m"),
        Column("feature_id", "VARCHAR", nullable=True, description="ISO numeric, zero-padded"),
        Column("country_iso3", "VARCHAR", nullable=True),
        Column("name", "VARCHAR"),
        SOURCE,
    ),
)

CONTRACTS: dict[str, TableContract] = {
    t.name: t
    for t in (
        OBSERVATION,
        INDICATOR,
        REGION_OBSERVATION,
        COUNTRY,
        COUNTRY_CODE,
        BORDER,
        BLOC,
        MEMBERSHIP,
        TRADE_FLOW,
        TRADE_EXPORT,
        PRODUCT,
        PRODUCT_METRIC,
        PRODUCT_LINK,
        PRODUCT_NODE,
        AIRPORT,
        AIRLINE,
        ROUTE,
        RELATION,
        GEO_SHAPE,
    )
}


def contract(name: str) -> TableContract:
    """The contract of table ``name``."""
    return CONTRACTS[name]
