"""What a publisher connector is, and what the fetcher lends it to reach the network."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from southsouth.errors import SourceUnavailable

#: Where each publisher service lives; tests and proxies replace these (``Fetcher(bases=…)``).
DEFAULT_BASES: Mapping[str, str] = {
    "worldbank": "https://api.worldbank.org/v2",
    "gho": "https://ghoapi.azureedge.net/api",
    "ucdp": "https://ucdpapi.pcr.uu.se/api",
    "owid": "https://owid-public.owid.io",
    "github": "https://raw.githubusercontent.com",
}


class HttpRefused(SourceUnavailable):
    """The service answered a client error (4xx) that retrying will not change."""

    def __init__(
        self, message: str, *, dataset_id: str, url: str, status: int, hint: str = ""
    ) -> None:
        super().__init__(message, dataset_id=dataset_id, url=url, hint=hint)
        self.status = status


class NotConfigured(SourceUnavailable):
    """The service needs a setting (an access token) that is not set; nothing was sent."""


@dataclass(frozen=True)
class Fetched:
    """What a connector did: the URLs it read (first = the main one) and the vintage seen."""

    urls: tuple[str, ...]
    vintage: str


class Calls(Protocol):
    """The network as the fetcher lends it: retries, backoff, timeouts and a page bound."""

    dataset_id: str
    max_pages: int

    def base(self, api: str) -> str:
        """The base URL of service ``api`` (a key of DEFAULT_BASES)."""

    def secret(self, name: str) -> str | None:
        """A configured access token (``ucdp``), or None."""

    def get_json(self, url: str, headers: Mapping[str, str] | None = None) -> object:
        """GET ``url`` and decode its JSON body; retried on 408/429/5xx and dropped links."""

    def download(self, url: str, out: Path) -> None:
        """Stream ``url`` into ``out`` (retried and resumed like any file)."""


class PublisherService(Protocol):
    """A connector: fetches one file from its publisher in the parser's layout."""

    #: Key of the service's base URL in DEFAULT_BASES.
    api: str
    #: Recorded as the sidecar's ``via``, naming the publisher's service.
    via: str

    def url(self, base: str) -> str:
        """The main URL, for messages and the sidecar."""

    def fetch(self, calls: Calls, out: Path) -> Fetched:
        """Write the file to ``out``; raise SourceUnavailable naming the URL when it fails."""
