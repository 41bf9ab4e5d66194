"""UCDP API → peacesciencer's UCDP/PRIO conflict-year CSV, the layout the ``ucdp`` parser reads.

``GET {base}/{resource}/{version}?pagesize=…`` answers ``{TotalCount, TotalPages,
PreviousPageUrl, NextPageUrl, Result: [...]}``; ``NextPageUrl`` is followed until empty. Since
February 2026 every request needs an ``x-ucdp-access-token`` header (the API answers 401
without it): the token comes from the ``SOUTHSOUTH_UCDP_TOKEN`` setting. Like peacesciencer,
a side that lists several states (``gwno_a = "2, 200"``) becomes one row per state, and
per combination of the four state lists; codes become words (incompatibility 1 territory,
2 government, 3 both; type 1 extrasystemic, 2 interstate, 3 intrastate, 4 II).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from southsouth.errors import SourceUnavailable
from southsouth.sources.publishers.base import Calls, Fetched, HttpRefused, NotConfigured

TOKEN_HEADER = "x-ucdp-access-token"
TOKEN_HINT = (
    "set SOUTHSOUTH_UCDP_TOKEN to an access token from the UCDP API maintainers "
    "(https://ucdp.uu.se/apidocs/), or use the mirror (SOUTHSOUTH_MIRROR, --from mirror)"
)
INCOMPATIBILITY: Mapping[str, str] = {"1": "territory", "2": "government", "3": "both"}
TYPE_OF_CONFLICT: Mapping[str, str] = {
    "1": "extrasystemic",
    "2": "interstate",
    "3": "intrastate",
    "4": "II",
}
STATE_LISTS = ("gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd")
COLUMNS = (
    "conflict_id",
    "year",
    *STATE_LISTS,
    "incompatibility",
    "intensity_level",
    "type_of_conflict",
    "start_date",
    "start_prec",
    "start_date2",
    "start_prec2",
    "ep_end",
    "ep_end_date",
)
DATES = ("start_date", "start_date2", "ep_end_date")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _states(value: object) -> list[str]:
    codes = [c.strip() for c in _text(value).split(",") if c.strip()]
    return codes or [""]


def conflict_year_rows(record: Mapping[str, object]) -> list[dict[str, str]]:
    """One API record as peacesciencer rows: one per combination of listed states."""
    base = {c: _text(record.get(c)) for c in COLUMNS if c not in STATE_LISTS}
    base["incompatibility"] = INCOMPATIBILITY.get(base["incompatibility"], base["incompatibility"])
    base["type_of_conflict"] = TYPE_OF_CONFLICT.get(
        base["type_of_conflict"], base["type_of_conflict"]
    )
    for column in DATES:
        base[column] = base[column][:10]
    lists = [_states(record.get(c)) for c in STATE_LISTS]
    return [
        {**base, **dict(zip(STATE_LISTS, combo, strict=True))}
        for combo in itertools.product(*lists)
    ]


@dataclass(frozen=True)
class UcdpDataset:
    """A yearly UCDP dataset (``ucdpprioconflict``) of one version, from the UCDP API."""

    resource: str
    version: str
    page_size: int = 1000
    api: str = "ucdp"
    via: str = "ucdp-api"

    def url(self, base: str) -> str:
        """The first page."""
        return f"{base}/{self.resource}/{self.version}?pagesize={self.page_size}"

    def fetch(self, calls: Calls, out: Path) -> Fetched:
        """Read every page (with the access token) and write peacesciencer's layout."""
        first = self.url(calls.base(self.api))
        token = calls.secret("ucdp")
        if not token:
            raise NotConfigured(
                f"{calls.dataset_id}: the UCDP API ({first}) needs an access token "
                "since February 2026, and SOUTHSOUTH_UCDP_TOKEN is not set",
                dataset_id=calls.dataset_id,
                url=first,
                hint=TOKEN_HINT,
            )
        urls: list[str] = []
        rows: list[dict[str, str]] = []
        url: str | None = first
        total: int | None = None
        while url:
            if len(urls) >= calls.max_pages:
                raise SourceUnavailable(
                    f"{calls.dataset_id}: {first} pages on past {calls.max_pages} pages",
                    dataset_id=calls.dataset_id,
                    url=first,
                    hint="the UCDP API changed its paging; use --from mirror",
                )
            urls.append(url)
            body = self._page(calls, url, token)
            total = int(body.get("TotalCount") or 0)
            for record in body["Result"]:
                rows.extend(conflict_year_rows(record))
            url = str(body.get("NextPageUrl") or "") or None
        keys = ("conflict_id", "year", *STATE_LISTS)
        rows.sort(key=lambda r: tuple(r[c].zfill(10) for c in keys))
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return Fetched(
            tuple(urls),
            f"UCDP API {self.resource} {self.version} ({total} conflict-years as published)",
        )

    def _page(self, calls: Calls, url: str, token: str) -> dict:
        try:
            body = calls.get_json(url, {TOKEN_HEADER: token})
        except HttpRefused as exc:
            if exc.status in (401, 403):
                raise HttpRefused(
                    f"{calls.dataset_id}: the UCDP API refused the access token "
                    f"(HTTP {exc.status}) at {url}",
                    dataset_id=calls.dataset_id,
                    url=url,
                    status=exc.status,
                    hint=TOKEN_HINT,
                ) from exc
            raise
        if not isinstance(body, dict) or not isinstance(body.get("Result"), list):
            raise SourceUnavailable(
                f"{calls.dataset_id}: {url} answered no 'Result' list",
                dataset_id=calls.dataset_id,
                url=url,
                hint="the UCDP API changed its format; use --from mirror",
            )
        return body
