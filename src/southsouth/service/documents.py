"""Response documents: feature results as plain JSON values, with their sources block.

A *document* is the JSON object one read returns before pagination: its main list sits
under ``items`` and the rest (context, summaries, notes) beside it. Every document has a
``sources`` list naming the publisher, licence and vintage of each dataset behind its
numbers, and how old they are: data years, retrieval day, age and a staleness flag (see
:mod:`southsouth.provenance`); each stale source adds a sentence to the document's notes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from southsouth.jsonable import records
from southsouth.provenance import age_of, as_of_date, stale_note

if TYPE_CHECKING:
    from southsouth.workspace import Workspace

Document = dict[str, Any]


def plain(value: Any) -> Any:
    """``value`` with NaN/inf as null, NumPy scalars as Python, dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return plain(records(value))
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return plain(value.item())
    return str(value)


def encode(document: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON of a plain document."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def sources(ws: Workspace, ids: Iterable[str], given: Iterable[Mapping[str, Any]] = ()) -> list:
    """The sources block: each dataset named, from the warehouse's load records (title,
    publisher, citation, licence, vintage, data years, retrieval day) with its age on the
    workspace's as-of day, plus the feature's own source entries for ids the warehouse does
    not know (e.g. curated files shipped with southsouth)."""
    extra = {str(s["source_id"]): dict(s) for s in given if s.get("source_id")}
    wanted = {str(i) for i in ids if i} | set(extra)
    known = {row["source_id"]: row for row in records(ws.sources(wanted))}
    years = {row["dataset_id"]: row for row in records(ws.warehouse.data_years(wanted))}
    as_of = as_of_date(ws.settings.as_of)
    block = []
    for source_id in sorted(wanted):
        if source_id in known:
            entry = known[source_id]
            loaded = years.get(source_id, {})
            first = loaded.get("first_data_year")
            last = loaded.get("last_data_year")
            if last is None:
                first = last = declared_year(source_id)
            block.append(
                {
                    **entry,
                    **age_of(first, last, as_of).fields(),
                    "retrieved": loaded.get("retrieved"),
                }
            )
        else:
            entry = extra.get(source_id, {"source_id": source_id})
            block.append(
                {
                    "source_id": source_id,
                    "title": entry.get("title"),
                    "publisher": entry.get("publisher"),
                    "citation": entry.get("citation") or entry.get("source"),
                    "licence": entry.get("licence"),
                    "licence_url": entry.get("licence_url"),
                    "vintage": entry.get("vintage"),
                    **age_of(entry.get("first_data_year"), entry.get("data_year"), as_of).fields(),
                    "retrieved": entry.get("retrieved"),
                }
            )
    return plain(block)


def declared_year(dataset_id: str) -> int | None:
    """The data year a catalogue dataset declares (for loads recorded before data years
    were), or None."""
    from southsouth.errors import UnknownDataset
    from southsouth.sources import get_dataset

    try:
        return get_dataset(dataset_id).data_year
    except UnknownDataset:
        return None


def with_age_notes(document: Document) -> Document:
    """``document`` with a sentence in its notes for each stale entry of its sources block
    (none added twice); documents without stale sources are returned as they are."""
    block = document.get("sources") if isinstance(document, dict) else None
    if not isinstance(block, list):
        return document
    found = [stale_note(e) for e in block if isinstance(e, Mapping)]
    added = [note for note in found if note]
    if not added:
        return document
    notes = list(document.get("notes") or [])
    notes.extend(note for note in added if note not in notes)
    return {**document, "notes": notes}


def source_ids(value: object) -> list[str]:
    """The dataset ids a source value names: ``"a + b"`` and ``"a; b"`` name both; anything
    but text names none."""
    text = value if isinstance(value, str) else ""
    return [part.strip() for part in text.replace(" + ", ";").split(";") if part.strip()]


def ids_in(rows: Iterable[Mapping[str, Any]], *keys: str) -> set[str]:
    """Every source id named under ``keys`` in ``rows`` (see :func:`source_ids`)."""
    return {part for row in rows for key in keys for part in source_ids(row.get(key))}
