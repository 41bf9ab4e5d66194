"""What a dataset is: where its files live, its terms, and how it becomes tidy tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from southsouth.provenance import Licence

if TYPE_CHECKING:
    from southsouth.registry.crosswalk import Crosswalk
    from southsouth.sources.publishers.base import PublisherService


@dataclass(frozen=True)
class Resource:
    """One file of a dataset.

    ``url`` is the direct download from the publisher (or the public repository that
    republishes the publisher's file, pinned to a commit). Files that were reshaped for the
    mirror (``derived``) have no such URL: only a mirror can provide them, and ``upstream``
    says what they were made from. ``publisher``, ``licence`` and ``citation`` override the
    dataset's for registry datasets assembled from several publishers' files. ``service`` is
    the publisher's own service for the file (an API or its current download, see
    :mod:`southsouth.sources.publishers`): syncing from the publishers uses it first and
    falls back to ``url``.
    """

    name: str
    mirror_path: str
    url: str | None
    sha256: str | None = None
    upstream: str = ""
    publisher: str = ""
    licence: Licence | None = None
    citation: str = ""
    service: PublisherService | None = field(default=None, compare=False)


@dataclass(frozen=True)
class IndicatorSpec:
    """A country × year series a dataset contributes to the ``observation`` table."""

    id: str
    name: str
    unit: str
    description: str = ""


@dataclass
class ParseIssue:
    """Something a parser had to skip or could not map; reported, not raised."""

    kind: str
    detail: str
    count: int = 1


@dataclass
class ParseInput:
    """Everything a parser may read: its own files and the country crosswalk."""

    dataset: Dataset
    files: Mapping[str, Path]
    crosswalk_factory: Callable[[], Crosswalk]
    issues: list[ParseIssue] = field(default_factory=list)

    @property
    def crosswalk(self) -> Crosswalk:
        """Country names and codes → ISO3 (built once per sync)."""
        return self.crosswalk_factory()

    def path(self, resource: str) -> Path:
        """The local path of one of this dataset's resources."""
        return self.files[resource]

    def report(self, kind: str, detail: str, count: int = 1) -> None:
        """Record a data-quality issue (unmapped names, dropped rows)."""
        self.issues.append(ParseIssue(kind, detail, count))

    def names_to_iso3(self, names: pd.Series, *, what: str = "country names") -> pd.Series:
        """Map names to ISO3 (None where unmapped) and report the names that did not map."""
        mapped, unmapped = self.crosswalk.map_names(names.dropna().unique())
        if unmapped:
            rows = int(names.isin(unmapped).sum())
            self.report("unmapped-name", f"{what}: {', '.join(unmapped)}", rows)
        return names.map(mapped).astype(object).where(names.map(mapped).notna(), None)

    def codes_to_iso3(self, codes: pd.Series, scheme: str) -> pd.Series:
        """Map codes of ``scheme`` (cown, gwn, iso2, m49, …) to ISO3; report unmapped codes."""
        distinct = codes.dropna().unique()
        mapped = {c: self.crosswalk.from_code(scheme, c) for c in distinct}
        unmapped = sorted(str(c) for c, iso3 in mapped.items() if iso3 is None)
        if unmapped:
            rows = int(codes.map(lambda c: mapped.get(c) is None if pd.notna(c) else False).sum())
            self.report("unmapped-code", f"{scheme} codes: {', '.join(unmapped)}", rows)
        return codes.map(lambda c: mapped.get(c) if pd.notna(c) else None).astype(object)

    def countries_only(self, codes: pd.Series, *, what: str = "codes") -> pd.Series:
        """Boolean mask of ISO3 codes that are countries; reports aggregates dropped."""
        known = self.crosswalk.iso3
        mask = codes.isin(known)
        dropped = sorted({str(c) for c in codes[~mask].dropna().unique()})
        if dropped:
            self.report(
                "not-a-country", f"{what} dropped: {', '.join(dropped)}", int((~mask).sum())
            )
        return mask


Parser = Callable[[ParseInput], Mapping[str, pd.DataFrame]]


@dataclass(frozen=True)
class Dataset:
    """A published dataset southsouth knows how to fetch, cite and load."""

    id: str
    title: str
    publisher: str
    licence: Licence
    citation: str
    vintage: str
    format: str
    domain: str
    resources: tuple[Resource, ...]
    parse: Parser = field(repr=False, compare=False)
    tables: tuple[str, ...]
    homepage: str = ""
    indicators: tuple[IndicatorSpec, ...] = ()
    requires_crosswalk: bool = True
    caveats: tuple[str, ...] = ()
    #: The year the data describe, for datasets whose tables have no year column (air routes).
    data_year: int | None = None

    @property
    def derived(self) -> bool:
        """True when some file can only come from a mirror (reshaped extract, no service)."""
        return any(r.url is None and r.service is None for r in self.resources)
