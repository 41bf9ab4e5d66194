"""Datasets as the report cites them: numbered in one appendix table, referred to by number
in the text, and named by publisher and data years under each chart."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Any

from southsouth.errors import UnknownDataset
from southsouth.roadmap.build import Roadmap
from southsouth.sources import get_dataset

#: Most publishers a chart's source line names (the rest are counted).
SOURCE_LINE_PUBLISHERS = 4


def refs(dataset_ids: Iterable[str], numbers: dict[str, int]) -> list[int]:
    """The appendix numbers of ``dataset_ids``, each once, in order."""
    return sorted({numbers[d] for d in dataset_ids})


_PUBLISHER_CUT = re.compile(r"\s*[(;,]| via ")
_ACRONYM = re.compile(r"\(([A-Z][A-Z/ -]{1,12})\)")


def short_publisher(publisher: str) -> str:
    """A publisher as a chart's source line names it: its acronym when it gives one
    (``Stockholm International Peace Research Institute (SIPRI)`` → ``SIPRI``), else its
    name before any parenthesis, list or "via"."""
    acronym = _ACRONYM.search(publisher)
    if acronym and publisher.index("(") < 80 and acronym.start() == publisher.index("("):
        return acronym.group(1).strip()
    return _PUBLISHER_CUT.split(publisher, maxsplit=1)[0].strip() or publisher


class Citations:
    """Datasets as the report cites them: by number in the data appendix, numbered once the
    whole report is built, listing only the datasets cited (and those they were computed
    from)."""

    def __init__(self, roadmap: Roadmap) -> None:
        self.notes = {n["dataset_id"]: n for n in roadmap.data_notes()}
        self.refs = roadmap.evidence.sources
        self.by_short: dict[str, list[str]] = {}
        for key, ref in self.refs.items():
            self.by_short.setdefault(ref.short(), []).append(key)
        self.used: set[str] = set()
        self.numbers: dict[str, int] = {}
        ids = sorted(self.notes, key=len, reverse=True)
        self._ids = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])"
            if ids
            else r"(?!x)x"
        )

    def use(self, dataset_ids: Iterable[str]) -> list[str]:
        """Record ``dataset_ids`` as cited (those the roadmap read); return them."""
        known = [d for d in dataset_ids if d in self.notes]
        self.used.update(known)
        return known

    def ids_in(self, text: str) -> list[str]:
        """Dataset ids named in ``text``, in order."""
        return list(dict.fromkeys(self._ids.findall(text)))

    def cite(self, sources: Iterable[str]) -> dict[str, list[str]]:
        """Source strings as dataset ids (``ids``) and the strings that are not a dataset
        (``other``: published estimates, files), each kept as written."""
        ids: list[str] = []
        other: list[str] = []
        for text in sources:
            if text in self.by_short:
                ids.extend(self.by_short[text])
            elif self._ids.match(text):
                ids.extend(self.ids_in(text))
            else:
                other.append(text)
        return {"ids": self.use(dict.fromkeys(ids)), "other": other}

    def origins(self, dataset_id: str) -> list[str]:
        """The datasets ``dataset_id`` was computed from (itself when it is not derived)."""
        publisher = self.notes[dataset_id]["publisher"]
        if not publisher.startswith("southsouth"):
            return [dataset_id]
        return [d for d in self.ids_in(publisher) if d != dataset_id] or [dataset_id]

    def finish(self) -> list[dict[str, Any]]:
        """Number the cited datasets (and their origins) and return the appendix rows."""
        for d in list(self.used):
            self.used.update(self.origins(d))
        self.numbers.update({d: n for n, d in enumerate(sorted(self.used), start=1)})
        rows = []
        for dataset_id, n in self.numbers.items():
            origins = [o for o in self.origins(dataset_id) if o != dataset_id]
            title = self.titles.get(dataset_id, dataset_id)
            rows.append(
                {**self.notes[dataset_id], "number": n, "title": title, "computed_from": origins}
            )
        return rows

    @cached_property
    def titles(self) -> dict[str, str]:
        """Dataset id → the dataset's title, for the datasets the source registry defines."""
        out = {}
        for dataset_id in self.notes:
            try:
                out[dataset_id] = get_dataset(dataset_id).title
            except UnknownDataset:
                continue
        return out

    def source_line(
        self,
        dataset_ids: Sequence[str],
        more: str,
        span_text: Callable[[int, int], str] = lambda a, b: f"{a}–{b}",
    ) -> str:
        """Publishers and data years of ``dataset_ids``' origins, one clause a publisher;
        past :data:`SOURCE_LINE_PUBLISHERS` the rest are counted in ``more`` (``{n} more``).
        ``span_text`` writes a span of data years (``2015–2023``)."""
        years: dict[str, list[int]] = {}
        for d in dict.fromkeys(o for i in dataset_ids if i in self.notes for o in self.origins(i)):
            ref = self.refs.get(d)
            if ref is None:
                continue
            who = short_publisher(ref.publisher)
            if ";" in ref.publisher and d in self.titles:
                who = _PUBLISHER_CUT.split(self.titles[d], maxsplit=1)[0].strip()
            span = years.setdefault(who, [])
            span.extend(y for y in (ref.first_data_year, ref.data_year) if y is not None)
        parts = []
        for who, span in years.items():
            if span and min(span) != max(span):
                parts.append(f"{who} {span_text(min(span), max(span))}")
            elif span:
                parts.append(f"{who} {span[0]}")
            else:
                parts.append(who)
        if len(parts) > SOURCE_LINE_PUBLISHERS + 1:
            rest = len(parts) - SOURCE_LINE_PUBLISHERS
            parts = [*parts[:SOURCE_LINE_PUBLISHERS], more.format(n=rest)]
        return "; ".join(parts)
