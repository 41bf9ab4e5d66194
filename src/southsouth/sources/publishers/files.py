"""Current files published for download: OWID's CSVs and the air-route file's repository.

Unlike a pinned copy (``Resource.url``, a fixed commit checked against ``Resource.sha256``),
these URLs always serve the publisher's latest file, so no checksum is pinned: the sidecar
records the sha256 of what arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from southsouth.sources.publishers.base import Calls, Fetched


@dataclass(frozen=True)
class PublisherFile:
    """A file at ``{base of api}/{path}``, downloaded as published (resumable)."""

    api: str
    path: str
    via: str

    def url(self, base: str) -> str:
        """The file's URL."""
        return f"{base}/{self.path}"

    def fetch(self, calls: Calls, out: Path) -> Fetched:
        """Download the file."""
        url = self.url(calls.base(self.api))
        calls.download(url, out)
        day = datetime.now(UTC).date().isoformat()
        return Fetched((url,), f"the publisher's current file, retrieved {day} from {url}")


#: OWID's CO2 and greenhouse-gas dataset and its codebook (CC BY 4.0), latest edition.
OWID_CO2_DATA = PublisherFile("owid", "data/co2/owid-co2-data.csv", "owid-published-csv")
OWID_CO2_CODEBOOK = PublisherFile("owid", "data/co2/owid-co2-codebook.csv", "owid-published-csv")

#: Jonty Wareing's weekly air-route build on its repository's default branch (plain JSON).
AIRLINE_ROUTE_FILE = PublisherFile(
    "github", "Jonty/airline-route-data/HEAD/airline_routes.json", "publisher-repository"
)
