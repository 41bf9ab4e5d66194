"""World Bank Indicators API v2 → the WDI CSV layouts the ``wdi`` parser reads.

``GET {base}/country/all/indicator/{code}?format=json&per_page=…&page=…`` answers
``[{page, pages, per_page, total, lastupdated}, [{indicator, country, countryiso3code, date,
value, …}, …]]``; an unknown code answers ``[{"message": [{id, key, value}]}]``. The rows are
written either as the World Bank bulk download (``layout="bulk"``: preamble, one column per
year) or as the DataHub long file (``layout="long"``: Country Name, Country Code, Year, Value).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from southsouth.errors import SourceUnavailable
from southsouth.sources.publishers.base import Calls, Fetched

Row = tuple[str, str, int, object]


@dataclass(frozen=True)
class WorldBankIndicator:
    """One WDI series from the World Bank Indicators API."""

    code: str
    layout: Literal["bulk", "long"]
    per_page: int = 20_000
    api: str = "worldbank"
    via: str = "world-bank-indicators-api-v2"

    def url(self, base: str) -> str:
        """The series' first page."""
        return self._page_url(base, 1)

    def _page_url(self, base: str, page: int) -> str:
        return (
            f"{base}/country/all/indicator/{self.code}"
            f"?format=json&per_page={self.per_page}&page={page}"
        )

    def fetch(self, calls: Calls, out: Path) -> Fetched:
        """Read every page and write the file in this series' layout."""
        base = calls.base(self.api)
        urls: list[str] = []
        rows: list[Row] = []
        name = ""
        updated = ""
        page, pages = 1, 1
        while page <= pages:
            if page > calls.max_pages:
                raise SourceUnavailable(
                    f"{calls.dataset_id}: {self.url(base)} has {pages} pages, more than the "
                    f"{calls.max_pages} allowed",
                    dataset_id=calls.dataset_id,
                    url=self.url(base),
                    hint="the World Bank API changed its paging; use --from mirror",
                )
            url = self._page_url(base, page)
            urls.append(url)
            meta, records = self._page(calls, url)
            pages = int(meta.get("pages") or 1)
            updated = str(meta.get("lastupdated") or updated)
            for record in records:
                indicator = record.get("indicator") or {}
                if indicator.get("id") != self.code:
                    raise self._bad(calls, url, f"a row of indicator {indicator.get('id')!r}")
                country = record.get("country") or {}
                code = str(record.get("countryiso3code") or country.get("id") or "").strip()
                name = name or str(indicator.get("value") or "")
                date = str(record.get("date") or "")
                if not date.isdigit():
                    raise self._bad(calls, url, f"a row dated {date!r}, not a year")
                rows.append((str(country.get("value") or ""), code, int(date), record.get("value")))
            page += 1
        if self.layout == "bulk":
            _write_bulk(out, rows, self.code, name, updated)
        else:
            _write_long(out, rows)
        vintage = f"World Bank Indicators API v2, {self.code} last updated {updated or '?'}"
        years = [year for _, _, year, value in rows if value is not None]
        if years:
            vintage += f"; data {min(years)}–{max(years)}"
        return Fetched(tuple(urls), vintage)

    def _page(self, calls: Calls, url: str) -> tuple[dict[str, object], list[dict]]:
        body = calls.get_json(url)
        if not isinstance(body, list) or not body or not isinstance(body[0], dict):
            raise self._bad(calls, url, "not a World Bank API page ([meta, rows])")
        meta = body[0]
        if "message" in meta:
            messages = "; ".join(
                f"{m.get('key', '')}: {m.get('value', '')}" for m in meta["message"] or []
            )
            raise SourceUnavailable(
                f"{calls.dataset_id}: the World Bank API refused {url}: {messages}",
                dataset_id=calls.dataset_id,
                url=url,
                hint=f"check that WDI series {self.code} still exists, or use --from mirror",
            )
        records = body[1] if len(body) > 1 and isinstance(body[1], list) else []
        return meta, records

    def _bad(self, calls: Calls, url: str, what: str) -> SourceUnavailable:
        return SourceUnavailable(
            f"{calls.dataset_id}: {url} answered {what}",
            dataset_id=calls.dataset_id,
            url=url,
            hint="the World Bank API changed its format; use --from mirror and report it",
        )


def _number(value: object) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _countries(rows: list[Row]) -> list[tuple[str, str]]:
    return list(dict.fromkeys((name, code) for name, code, _, _ in rows))


def _write_bulk(out: Path, rows: list[Row], code: str, name: str, updated: str) -> None:
    years = sorted({year for _, _, year, _ in rows})
    span = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    values = {(c, y): v for _, c, y, v in rows}
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        handle.write('"Data Source","World Development Indicators",\n\n')
        handle.write(f'"Last Updated Date","{updated}",\n\n')
        writer.writerow(["Country Name", "Country Code", "Indicator Name", "Indicator Code", *span])
        for country, iso in _countries(rows):
            cells = [_number(values.get((iso, int(y)))) for y in span]
            writer.writerow([country, iso, name, code, *cells])


def _write_long(out: Path, rows: list[Row]) -> None:
    order = {key: n for n, key in enumerate(_countries(rows))}
    kept = sorted((r for r in rows if r[3] is not None), key=lambda r: (order[(r[0], r[1])], r[2]))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Country Name", "Country Code", "Year", "Value"])
        for country, iso, year, value in kept:
            writer.writerow([country, iso, year, _number(value)])
