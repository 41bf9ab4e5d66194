"""HS product levels and aggregation: HS6 → HS4 → HS2 (code prefixes) → HS section.

A code's level follows from its length (6, 4 or 2 digits) within an HS classification
(``HS92``, ``HS07``, ``HS22``…); the ``HS-section`` classification is the 21 WCO sections
coded ``01``–``21``. Chapters map to sections through the HS 2022 chapter table in the
warehouse (``product`` rows of ``HS22`` at level ``2digit``, parent = section): the 21
sections and the chapters in them have not changed since HS 1988, so the map serves every
HS revision. Chapters in no section (77 reserved, 98, 99 "not specified") are reported and
excluded when aggregating to sections.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.errors import InputError
from southsouth.trade.screening import EXAMPLES, InputReport, Issue
from southsouth.warehouse.store import Warehouse

#: Levels from finest to coarsest and the digits of their codes (0 = HS section).
LEVEL_DIGITS: dict[str, int] = {"hs6": 6, "hs4": 4, "hs2": 2, "section": 0}
LEVELS: tuple[str, ...] = tuple(LEVEL_DIGITS)
SECTION_CLASSIFICATION = "HS-section"


def source_level(classification: str, codes: pd.Series) -> str:
    """The level of a column of codes (``hs6``…``section``); InputError if mixed or not HS."""
    if classification == SECTION_CLASSIFICATION:
        return "section"
    lengths = set(codes.astype(str).str.len().unique())
    digits = {2: "hs2", 4: "hs4", 6: "hs6"}
    if not classification.upper().startswith("HS") or len(lengths) != 1:
        raise InputError(
            f"{classification} codes of length(s) {sorted(lengths)} are not one HS level",
            hint="aggregation works on HS classifications with codes of one length",
        )
    (length,) = lengths
    if length not in digits:
        raise InputError(f"{classification} codes have {length} digits; HS codes have 2, 4 or 6")
    return digits[length]


def check_level(level: str) -> str:
    """``level`` if it is one of LEVELS, else InputError."""
    if level not in LEVEL_DIGITS:
        raise InputError(f"unknown product level {level!r}", hint=f"use one of {', '.join(LEVELS)}")
    return level


def aggregate_products(
    table: pd.DataFrame,
    level: str,
    *,
    from_level: str,
    sections: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, InputReport]:
    """Sum ``value`` of a long table (year, country, product, value) to a coarser level.

    Product codes are truncated to the level's digits; for ``section`` the chapter (first two
    digits) is looked up in ``sections`` (chapter → section code). Rows whose chapter has no
    section are excluded and reported. Asking for a finer level than the data is an error.
    """
    check_level(level)
    check_level(from_level)
    if LEVEL_DIGITS[level] > LEVEL_DIGITS[from_level] or (
        from_level == "section" and level != "section"
    ):
        raise InputError(
            f"cannot disaggregate {from_level} data to {level}",
            hint="choose the data's own level or a coarser one",
        )
    rows_in = len(table)
    issues: list[Issue] = []
    if level == from_level:
        return table.copy(), InputReport(rows_in, rows_in)
    if level == "section":
        if sections is None:
            raise InputError("aggregating to HS sections needs the chapter → section map")
        section = table["product"].str[:2].map(dict(sections))
        orphan = section.isna()
        if orphan.any():
            bad = table[orphan]
            chapters = sorted(bad["product"].str[:2].unique())
            issues.append(
                Issue(
                    "no-section",
                    "excluded",
                    f"chapter(s) {', '.join(chapters)} belong to no HS section",
                    int(orphan.sum()),
                    tuple(
                        f"{r.year} {r.country} {r.product} {r.value}"
                        for r in bad.head(EXAMPLES).itertuples()
                    ),
                )
            )
        grouped = table.assign(product=section)[~orphan]
    else:
        grouped = table.assign(product=table["product"].str[: LEVEL_DIGITS[level]])
    out = (
        grouped.groupby(["year", "country", "product"], as_index=False, sort=True)["value"]
        .sum()
        .reset_index(drop=True)
    )
    used = rows_in - sum(i.rows for i in issues)
    return out, InputReport(rows_in, used, tuple(issues))


def hs_chapter_sections(wh: Warehouse) -> dict[str, str]:
    """HS chapter (2 digits) → HS section code (``01``–``21``) from the HS 2022 table."""
    wh.require("hs2022")
    frame = wh.query(
        "SELECT code, parent FROM product WHERE classification = 'HS22' AND level = '2digit' "
        "AND parent IS NOT NULL ORDER BY code"
    )
    return dict(zip(frame["code"], frame["parent"], strict=True))


def section_names(wh: Warehouse) -> dict[str, str]:
    """HS section code → name."""
    wh.require("hs2022")
    frame = wh.query(
        "SELECT code, name FROM product WHERE classification = ? ORDER BY code",
        [SECTION_CLASSIFICATION],
    )
    return dict(zip(frame["code"], frame["name"], strict=True))
