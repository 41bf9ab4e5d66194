"""WHO Global Health Observatory OData API → the GHO export layouts the ``who`` parsers read.

``GET {base}/{IndicatorCode}`` answers ``{"value": [{Id, IndicatorCode, SpatialDimType,
SpatialDim, ParentLocationCode, TimeDimType, TimeDim, Dim1Type, Dim1, …, Value, NumericValue,
Low, High, Comments, Date, …}], "@odata.nextLink"?}``; a next link, when the service pages,
is followed. ``layout="ghed"`` writes the GHED bulk export's columns (``SpatialDimension``,
``SpatialDimensionValueCode``, ``TimeDim``, ``NumericValue``, …), ``layout="nhwa"`` the
NHWA export's (``Location type``, ``SpatialDimValueCode``, ``Period``, ``FactValueNumeric``,
…). :class:`GhoDimension` writes a dimension's code list (``Dimension, Code, Title, …``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin

from southsouth.errors import SourceUnavailable
from southsouth.sources.publishers.base import Calls, Fetched

#: GHED export column ← OData field.
GHED_COLUMNS: Mapping[str, str] = {
    "Id": "Id",
    "IndicatorCode": "IndicatorCode",
    "SpatialDimension": "SpatialDimType",
    "SpatialDimensionValueCode": "SpatialDim",
    "ParentLocationCode": "ParentLocationCode",
    "ParentLocation": "ParentLocation",
    "TimeDimension": "TimeDimType",
    "TimeDim": "TimeDim",
    "DisaggregatingDimension1": "Dim1Type",
    "DisaggregatingDimension1ValueCode": "Dim1",
    "DisaggregatingDimension2": "Dim2Type",
    "DisaggregatingDimension2ValueCode": "Dim2",
    "DisaggregatingDimension3": "Dim3Type",
    "DisaggregatingDimension3ValueCode": "Dim3",
    "DataSourceDimension": "DataSourceDimType",
    "DataSourceDimensionValueCode": "DataSourceDim",
    "Value": "Value",
    "NumericValue": "NumericValue",
    "Low": "Low",
    "High": "High",
    "Comments": "Comments",
    "Date": "Date",
    "TimeDimensionValue": "TimeDimensionValue",
    "TimeDimensionBegin": "TimeDimensionBegin",
    "TimeDimensionEnd": "TimeDimensionEnd",
}
#: NHWA export column ← OData field ("Location type" and "Period type" are translated).
NHWA_COLUMNS: Mapping[str, str] = {
    "IndicatorCode": "IndicatorCode",
    "ParentLocationCode": "ParentLocationCode",
    "ParentLocation": "ParentLocation",
    "Location type": "SpatialDimType",
    "SpatialDimValueCode": "SpatialDim",
    "Period type": "TimeDimType",
    "Period": "TimeDim",
    "Dim1 type": "Dim1Type",
    "Dim1ValueCode": "Dim1",
    "Dim2 type": "Dim2Type",
    "Dim2ValueCode": "Dim2",
    "Dim3 type": "Dim3Type",
    "Dim3ValueCode": "Dim3",
    "DataSourceDimValueCode": "DataSourceDim",
    "FactValueNumeric": "NumericValue",
    "FactValueNumericLow": "Low",
    "FactValueNumericHigh": "High",
    "Value": "Value",
    "FactComments": "Comments",
    "DateModified": "Date",
}
#: The NHWA export's words for GHO spatial dimension types.
LOCATION_TYPES: Mapping[str, str] = {
    "COUNTRY": "Country",
    "REGION": "WHO region",
    "WORLDBANKINCOMEGROUP": "World Bank income group",
    "GLOBAL": "World",
}
PERIOD_TYPES: Mapping[str, str] = {"YEAR": "Year"}
DIMENSION_COLUMNS = ("Dimension", "Code", "Title", "ParentDimension", "ParentCode", "ParentTitle")
SORT_KEYS = ("IndicatorCode", "SpatialDimType", "SpatialDim", "TimeDim", "Dim1", "Id")


def _cell(value: object) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def read_pages(calls: Calls, url: str) -> Iterator[tuple[str, list[dict]]]:
    """Each page's URL and rows, following ``@odata.nextLink`` up to ``calls.max_pages``."""
    pages = 0
    next_url: str | None = url
    while next_url:
        pages += 1
        if pages > calls.max_pages:
            raise SourceUnavailable(
                f"{calls.dataset_id}: {url} pages on past {calls.max_pages} pages",
                dataset_id=calls.dataset_id,
                url=url,
                hint="the GHO OData API changed its paging; use --from mirror",
            )
        body = calls.get_json(next_url)
        if not isinstance(body, dict) or not isinstance(body.get("value"), list):
            raise SourceUnavailable(
                f"{calls.dataset_id}: {next_url} answered no OData 'value' list",
                dataset_id=calls.dataset_id,
                url=next_url,
                hint="the GHO OData API changed its format; use --from mirror",
            )
        yield next_url, body["value"]
        link = body.get("@odata.nextLink")
        next_url = urljoin(next_url, str(link)) if link else None


@dataclass(frozen=True)
class GhoIndicators:
    """One or more GHO indicators in one file, as a GHED or an NHWA export."""

    codes: tuple[str, ...]
    layout: Literal["ghed", "nhwa"]
    api: str = "gho"
    via: str = "who-gho-odata-api"

    def url(self, base: str) -> str:
        """The first indicator's data."""
        return f"{base}/{self.codes[0]}"

    def fetch(self, calls: Calls, out: Path) -> Fetched:
        """Read every indicator's pages and write them in this file's layout."""
        base = calls.base(self.api)
        urls: list[str] = []
        rows: list[dict] = []
        for code in self.codes:
            for url, page in read_pages(calls, f"{base}/{code}"):
                urls.append(url)
                found = {str(r.get("IndicatorCode")) for r in page} - {code}
                if found:
                    raise SourceUnavailable(
                        f"{calls.dataset_id}: {url} holds indicators {sorted(found)[:5]}, "
                        f"not {code} only",
                        dataset_id=calls.dataset_id,
                        url=url,
                        hint="the GHO OData API changed; use --from mirror",
                    )
                rows.extend(page)
        rows.sort(key=lambda r: tuple(_cell(r.get(k)).zfill(12) for k in SORT_KEYS))
        columns = GHED_COLUMNS if self.layout == "ghed" else NHWA_COLUMNS
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(self._cells(row, columns))
        dates = sorted(str(r.get("Date"))[:10] for r in rows if r.get("Date"))
        latest = f", values dated up to {dates[-1]}" if dates else ""
        return Fetched(tuple(urls), f"WHO GHO OData API, {', '.join(self.codes)}{latest}")

    def _cells(self, row: dict, columns: Mapping[str, str]) -> list[str]:
        cells = []
        for column, field in columns.items():
            value = _cell(row.get(field))
            if self.layout == "nhwa" and column == "Location type":
                value = LOCATION_TYPES.get(value, value)
            elif self.layout == "nhwa" and column == "Period type":
                value = PERIOD_TYPES.get(value, value)
            cells.append(value)
        return cells


@dataclass(frozen=True)
class GhoDimension:
    """The code list of a GHO dimension (``COUNTRY``) as ``Dimension, Code, Title, …``."""

    dimension: str
    api: str = "gho"
    via: str = "who-gho-odata-api"

    def url(self, base: str) -> str:
        """The dimension's values."""
        return f"{base}/DIMENSION/{self.dimension}/DimensionValues"

    def fetch(self, calls: Calls, out: Path) -> Fetched:
        """Write every value of the dimension."""
        urls: list[str] = []
        rows: list[dict] = []
        for url, page in read_pages(calls, self.url(calls.base(self.api))):
            urls.append(url)
            rows.extend(page)
        rows.sort(key=lambda r: _cell(r.get("Code")))
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(DIMENSION_COLUMNS)
            for row in rows:
                cells = [_cell(row.get(c)) for c in DIMENSION_COLUMNS]
                cells[0] = cells[0] or self.dimension
                writer.writerow(cells)
        return Fetched(tuple(urls), f"WHO GHO OData API, dimension {self.dimension}")
