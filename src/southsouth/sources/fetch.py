"""Download dataset files into the cache, with retries, resume, checksums and provenance.

A fetcher reads either from the **mirror** (``SOUTHSOUTH_MIRROR``: a directory or an http(s)
base URL laid out like ``shared/data``) or from the **publishers**; ``source="auto"`` means
the mirror when one is set, else the publishers. From the publishers a file comes from, in
order: the publisher's own service (``Resource.service``: an API or its current download,
written in the parser's layout; see :mod:`southsouth.sources.publishers`), the resource's
URL (the publisher's file or a pinned copy of it, checked against ``Resource.sha256``), and,
for extracts that exist only in the mirror, the mirror when one is set. A cached file is
reused when its sidecar still matches its bytes and it came from where this fetcher reads
(a service's file for ``FetchPolicy.fresh_for`` seconds). Every download lands in
``<name>.part`` and is renamed into place only when complete and verified, then its
``.origin.json`` sidecar is written. An interrupted download resumes from the ``.part`` file
when the server honours ranges.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import quote, urlsplit

from southsouth.atomic import atomic_write_text, fsync_path
from southsouth.errors import (
    ChecksumMismatch,
    ConfigError,
    DownloadIncomplete,
    SourceError,
    SourceUnavailable,
)
from southsouth.provenance import Origin, sha256_file, verified_origin, write_sidecar
from southsouth.sources.dataset import Dataset, Resource
from southsouth.sources.publishers.base import DEFAULT_BASES, Fetched, HttpRefused

if TYPE_CHECKING:
    import httpx

    from southsouth.sources.publishers.base import PublisherService

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
USER_AGENT = "southsouth (+open evidence engine for South-South cooperation)"
#: Where a sync reads: ``auto`` = the mirror when SOUTHSOUTH_MIRROR is set, else publishers.
Source = Literal["auto", "mirror", "publishers"]
MIRROR_VIAS = frozenset({"mirror-directory", "mirror-http"})
#: Longest Retry-After (seconds) honoured instead of the backoff.
MAX_RETRY_AFTER = 60.0


class Progress(Protocol):
    """Receives download progress; the CLI draws it with Rich."""

    def start(self, label: str, total: int | None) -> None:
        """A transfer of ``total`` bytes (None if unknown) begins."""

    def advance(self, nbytes: int) -> None:
        """``nbytes`` more bytes arrived."""

    def done(self) -> None:
        """The transfer ended (successfully or not)."""


class _Silent:
    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, nbytes: int) -> None:
        pass

    def done(self) -> None:
        pass


@dataclass(frozen=True)
class FetchPolicy:
    """How hard to try."""

    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0
    #: Most pages read from one publisher API for one file.
    max_pages: int = 500
    #: Seconds a file written from a publisher's service is reused before it is fetched again.
    fresh_for: float = 86_400.0


class _Retryable(Exception):
    """A failure worth another try; carries the error to raise if tries run out."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class Fetcher:
    """Brings dataset files into ``cache_dir`` and records where they came from.

    ``source`` is ``mirror``, ``publishers`` or ``auto`` (the mirror when ``mirror`` is set);
    ``bases`` replaces base URLs of publisher services (keys of ``DEFAULT_BASES``: tests, a
    proxy); ``secrets`` holds access tokens by service (``ucdp``).
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        mirror: str | None = None,
        policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
        source: Source = "auto",
        bases: Mapping[str, str] | None = None,
        secrets: Mapping[str, str | None] | None = None,
    ) -> None:
        if source == "mirror" and not mirror:
            raise ConfigError(
                "syncing from the mirror (--from mirror) needs SOUTHSOUTH_MIRROR, which is not set",
                hint="set SOUTHSOUTH_MIRROR to a directory or http(s) URL laid out like "
                "shared/data (e.g. ../shared/data), or sync from the publishers "
                "(--from publishers)",
            )
        if source not in ("auto", "mirror", "publishers"):
            raise ConfigError(
                f"unknown data source {source!r}", hint="use 'publishers' or 'mirror'"
            )
        self.cache_dir = cache_dir
        self.mirror = mirror
        #: True when files come from the mirror, False when from the publishers.
        self.from_mirror = source == "mirror" or (source == "auto" and bool(mirror))
        self.policy = policy or FetchPolicy()
        self.progress: Progress = progress or _Silent()
        self.bases = {**DEFAULT_BASES, **(bases or {})}
        self._secrets = dict(secrets or {})
        self._sleep = sleep
        self._transport = transport
        self._client: httpx.Client | None = None
        self._unreachable: set[str] = set()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        """The HTTP client, created on first use (httpx loads only then)."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                transport=self._transport,
                timeout=httpx.Timeout(self.policy.timeout, connect=min(self.policy.timeout, 15)),
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
            )
        return self._client

    # -- public -----------------------------------------------------------------------

    def cached(self, dataset: Dataset) -> dict[str, Path] | None:
        """Paths of the dataset's files if all are in the cache and intact, else None."""
        paths = {}
        for res in dataset.resources:
            path = self.target(dataset, res)
            origin = verified_origin(path)
            if origin is None:
                return None
            from_service = res.service is not None and origin.via == res.service.via
            if res.sha256 and origin.sha256 != res.sha256 and not from_service:
                return None
            paths[res.name] = path
        return paths

    def fetch(self, dataset: Dataset, *, refresh: bool = False) -> dict[str, Path]:
        """Make every file of ``dataset`` present in the cache; return name → path."""
        return {
            res.name: self.fetch_resource(dataset, res, refresh=refresh)
            for res in dataset.resources
        }

    def target(self, dataset: Dataset, res: Resource) -> Path:
        """Where a resource lives in the cache."""
        return self.cache_dir / dataset.id / res.name

    def fetch_resource(self, dataset: Dataset, res: Resource, *, refresh: bool = False) -> Path:
        """Make one file present in the cache and return its path."""
        target = self.target(dataset, res)
        if not refresh and self._reusable(target, res):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.from_mirror:
            location, via = self._locate(dataset, res)
            self._bring(dataset, res, location, via, target)
            return target
        return self._from_publishers(dataset, res, target)

    def _reusable(self, target: Path, res: Resource) -> bool:
        origin = verified_origin(target)
        if origin is None:
            return False
        service_via = res.service.via if res.service is not None else None
        if self.from_mirror or service_via is None:
            if res.sha256:
                return origin.sha256 == res.sha256
            return origin.via != service_via
        if origin.via != service_via:
            return False
        try:
            retrieved = datetime.fromisoformat(origin.retrieved_at)
        except ValueError:
            return False
        return (datetime.now(UTC) - retrieved).total_seconds() < self.policy.fresh_for

    def _bring(
        self,
        dataset: Dataset,
        res: Resource,
        location: str,
        via: str,
        target: Path,
        notes: tuple[str, ...] = (),
    ) -> None:
        """Copy or download ``location`` into ``target``, verify its pinned sha256, record it."""
        part = target.with_name(target.name + ".part")
        if via == "mirror-directory":
            self._copy(dataset, res, Path(location), part)
        else:
            self._download_with_retries(dataset, res, location, part)
        digest = sha256_file(part)
        if res.sha256 and digest != res.sha256:
            part.unlink(missing_ok=True)
            raise ChecksumMismatch(
                f"{dataset.id}: {res.name} from {location} has sha256 {digest[:12]}…, "
                f"expected {res.sha256[:12]}…",
                dataset_id=dataset.id,
                url=location,
                hint="the file changed upstream or was corrupted in transit; "
                "retry, or point SOUTHSOUTH_MIRROR at a verified copy",
            )
        self._install(dataset, res, part, target, location, via, dataset.vintage, notes, digest)

    def _install(
        self,
        dataset: Dataset,
        res: Resource,
        part: Path,
        target: Path,
        url: str,
        via: str,
        vintage: str,
        notes: tuple[str, ...],
        digest: str | None = None,
    ) -> None:
        """Rename ``part`` onto ``target`` and write its sidecar."""
        digest = digest or sha256_file(part)
        size = part.stat().st_size
        os.replace(part, target)
        fsync_path(target.parent)
        self._forget_part(part)
        write_sidecar(
            target,
            Origin(
                dataset_id=dataset.id,
                resource=res.name,
                title=dataset.title,
                publisher=res.publisher or dataset.publisher,
                licence=res.licence or dataset.licence,
                citation=res.citation or dataset.citation,
                vintage=vintage,
                url=url,
                via=via,
                retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
                sha256=digest,
                bytes=size,
                notes=(*dataset.caveats, *notes),
            ),
        )

    # -- from the publishers ------------------------------------------------------------

    def _from_publishers(self, dataset: Dataset, res: Resource, target: Path) -> Path:
        """The publisher's service, else the resource's URL, else (mirror-only files) the
        mirror; a clear error naming every URL tried when none delivers."""
        failures: list[SourceError] = []
        if res.service is not None:
            try:
                self._run_service(dataset, res, res.service, target)
                return target
            except SourceError as exc:
                failures.append(exc)
        fallback = (
            (f"{res.service.via} failed ({failures[0].message}); this is the fall-back copy",)
            if failures and res.service is not None
            else ()
        )
        if res.url is not None:
            via = "pinned-copy" if res.service is not None else "publisher"
            try:
                self._bring(dataset, res, res.url, via, target, fallback)
                return target
            except SourceError as exc:
                failures.append(exc)
        elif self.mirror:
            location, via = self._locate(dataset, res)
            self._bring(dataset, res, location, via, target, fallback)
            return target
        if not failures:
            raise _mirror_only(dataset, res)
        if len(failures) == 1:
            raise failures[0]
        raise SourceUnavailable(
            f"{dataset.id}: {res.name} could not be fetched from its publisher: "
            + "; then ".join(f.message.removeprefix(f"{dataset.id}: ") for f in failures),
            dataset_id=dataset.id,
            url=failures[0].url,
            hint=failures[0].hint,
        )

    def _run_service(
        self, dataset: Dataset, res: Resource, service: PublisherService, target: Path
    ) -> None:
        part = target.with_name(target.name + ".part")
        calls = _ServiceCalls(self, dataset, res)
        try:
            fetched: Fetched = service.fetch(calls, part)
        except DownloadIncomplete:
            raise  # the partial file is kept and resumed next time
        except BaseException:
            self._discard_part(part)
            raise
        with part.open("rb+") as written:
            os.fsync(written.fileno())
        urls = fetched.urls or (service.url(self.bases[service.api]),)
        shown = ", ".join(urls[:20]) + (f" and {len(urls) - 20} more" if len(urls) > 20 else "")
        note = f"Written by southsouth from {service.via}; requests: {shown}"
        self._install(dataset, res, part, target, urls[0], service.via, fetched.vintage, (note,))

    # -- where from -------------------------------------------------------------------

    def _locate(self, dataset: Dataset, res: Resource) -> tuple[str, str]:
        mirror = self.mirror
        if mirror and mirror.startswith(("http://", "https://")):
            return mirror.rstrip("/") + "/" + quote(res.mirror_path), "mirror-http"
        if mirror:
            path = Path(mirror).expanduser() / res.mirror_path
            if not path.is_file():
                raise SourceUnavailable(
                    f"{dataset.id}: {res.mirror_path} is not in the mirror {mirror}",
                    dataset_id=dataset.id,
                    url=str(path),
                    hint="point SOUTHSOUTH_MIRROR at a directory laid out like shared/data, "
                    "or sync from the publishers (--from publishers)",
                )
            return str(path), "mirror-directory"
        if res.url is None:
            raise _mirror_only(dataset, res)
        return res.url, "publisher"

    # -- copying from a directory mirror ---------------------------------------------

    def _copy(self, dataset: Dataset, res: Resource, source: Path, part: Path) -> None:
        size = source.stat().st_size
        self.progress.start(f"{dataset.id}/{res.name}", size)
        try:
            with source.open("rb") as src, part.open("wb") as dst:
                while block := src.read(1 << 20):
                    dst.write(block)
                    self.progress.advance(len(block))
                dst.flush()
                os.fsync(dst.fileno())
        finally:
            self.progress.done()
        if part.stat().st_size != size:
            part.unlink(missing_ok=True)
            raise DownloadIncomplete(
                f"{dataset.id}: copied {part.stat().st_size} of {size} bytes from {source}",
                dataset_id=dataset.id,
                url=str(source),
                hint="check the mirror's disk and retry",
            )

    # -- HTTP -------------------------------------------------------------------------

    def _download_with_retries(self, dataset: Dataset, res: Resource, url: str, part: Path) -> None:
        import httpx

        self._check_reachable(dataset, url)
        attempts = self.policy.retries + 1
        last: Exception | None = None
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.policy.backoff * 2 ** (attempt - 1))
            try:
                self._download_once(dataset, res, url, part)
                return
            except _Retryable as exc:
                last = exc.error
        assert last is not None
        if isinstance(last, httpx.ConnectError):
            self._unreachable.add(urlsplit(url).netloc)
        if isinstance(last, DownloadIncomplete | SourceUnavailable):
            last.message += f" (after {attempts} attempts)"
            last.args = (last.message,)
            raise last
        raise SourceUnavailable(
            f"{dataset.id}: could not download {url} after {attempts} attempts: {last}",
            dataset_id=dataset.id,
            url=url,
            hint=_offline_hint(dataset),
        ) from last

    def _download_once(self, dataset: Dataset, res: Resource, url: str, part: Path) -> None:
        import httpx

        have = part.stat().st_size if part.exists() and self._part_url(part) == url else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in RETRY_STATUS:
                    raise _Retryable(
                        SourceUnavailable(
                            f"{dataset.id}: {url} answered HTTP {status}",
                            dataset_id=dataset.id,
                            url=url,
                            hint=_offline_hint(dataset),
                        )
                    )
                if status == 416 and have:
                    self._discard_part(part)
                    raise _Retryable(
                        DownloadIncomplete(
                            f"{dataset.id}: {url} refused to resume", dataset_id=dataset.id, url=url
                        )
                    )
                if status >= 400:
                    raise SourceUnavailable(
                        f"{dataset.id}: {url} answered HTTP {status} "
                        f"{response.reason_phrase or ''}".rstrip(),
                        dataset_id=dataset.id,
                        url=url,
                        hint=_offline_hint(dataset)
                        if status == 404
                        else "check the URL, or use a mirror",
                    )
                resumed = status == 206 and have > 0
                if not resumed:
                    have = 0
                expected = _expected_length(response, have)
                self._remember_part(part, url)
                self.progress.start(f"{dataset.id}/{res.name}", expected)
                received = have
                try:
                    with part.open("ab" if resumed else "wb") as out:
                        if have:
                            self.progress.advance(have)
                        try:
                            for block in response.iter_raw():
                                out.write(block)
                                received += len(block)
                                self.progress.advance(len(block))
                        except httpx.TransportError as exc:
                            out.flush()
                            raise _Retryable(
                                DownloadIncomplete(
                                    f"{dataset.id}: {url} stopped after {received} of "
                                    f"{expected if expected is not None else '?'} bytes ({exc})",
                                    dataset_id=dataset.id,
                                    url=url,
                                    hint="retry; the partial file is kept and resumed",
                                )
                            ) from exc
                        out.flush()
                        os.fsync(out.fileno())
                finally:
                    self.progress.done()
                if expected is not None and received != expected:
                    raise _Retryable(
                        DownloadIncomplete(
                            f"{dataset.id}: {url} delivered {received} of {expected} bytes",
                            dataset_id=dataset.id,
                            url=url,
                            hint="retry; the partial file is kept and resumed",
                        )
                    )
        except httpx.TransportError as exc:
            raise _Retryable(exc) from exc

    def _check_reachable(self, dataset: Dataset, url: str) -> None:
        """Fail at once for a host that could not be reached earlier in this run."""
        host = urlsplit(url).netloc
        if host in self._unreachable:
            raise SourceUnavailable(
                f"{dataset.id}: {url} not tried: {host} could not be reached earlier in this run",
                dataset_id=dataset.id,
                url=url,
                hint=_offline_hint(dataset),
            )

    def get_json(self, dataset: Dataset, url: str, headers: Mapping[str, str]) -> object:
        """GET a JSON document, retried on 408/429/5xx and dropped connections."""
        import httpx

        self._check_reachable(dataset, url)
        attempts = self.policy.retries + 1
        last: SourceUnavailable | None = None
        delay = 0.0
        for attempt in range(attempts):
            if attempt:
                self._sleep(delay or self.policy.backoff * 2 ** (attempt - 1))
            delay = 0.0
            try:
                response = self.client.get(
                    url,
                    headers={
                        "Accept": "application/json",
                        "Accept-Encoding": "gzip, deflate",
                        **headers,
                    },
                )
            except httpx.TransportError as exc:
                last = SourceUnavailable(
                    f"{dataset.id}: could not reach {url}: {exc or type(exc).__name__}",
                    dataset_id=dataset.id,
                    url=url,
                    hint=_offline_hint(dataset),
                )
                if isinstance(exc, httpx.ConnectError) and attempt == attempts - 1:
                    self._unreachable.add(urlsplit(url).netloc)
                continue
            status = response.status_code
            if status in RETRY_STATUS:
                last = SourceUnavailable(
                    f"{dataset.id}: {url} answered HTTP {status}",
                    dataset_id=dataset.id,
                    url=url,
                    hint=_offline_hint(dataset),
                )
                after = response.headers.get("Retry-After", "")
                if after.isdigit():
                    delay = min(float(after), MAX_RETRY_AFTER)
                continue
            if status >= 400:
                raise HttpRefused(
                    f"{dataset.id}: {url} answered HTTP {status} "
                    f"{response.reason_phrase or ''}".rstrip(),
                    dataset_id=dataset.id,
                    url=url,
                    status=status,
                    hint="check the URL, or use the mirror (SOUTHSOUTH_MIRROR, --from mirror)",
                )
            try:
                return response.json()
            except ValueError as exc:
                raise SourceUnavailable(
                    f"{dataset.id}: {url} answered HTTP {status} but not JSON ({exc})",
                    dataset_id=dataset.id,
                    url=url,
                    hint="the service changed or is behind a captive portal; "
                    "use the mirror (SOUTHSOUTH_MIRROR, --from mirror)",
                ) from exc
        assert last is not None
        last.message += f" (after {attempts} attempts)"
        last.args = (last.message,)
        raise last

    @staticmethod
    def _part_url(part: Path) -> str | None:
        try:
            return part.with_name(part.name + ".url").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    @staticmethod
    def _remember_part(part: Path, url: str) -> None:
        atomic_write_text(part.with_name(part.name + ".url"), url)

    @staticmethod
    def _forget_part(part: Path) -> None:
        part.with_name(part.name + ".url").unlink(missing_ok=True)

    def _discard_part(self, part: Path) -> None:
        part.unlink(missing_ok=True)
        self._forget_part(part)


def _expected_length(response: httpx.Response, have: int) -> int | None:
    """Total size the finished file should have, from Content-Range or Content-Length."""
    content_range = response.headers.get("Content-Range", "")
    if response.status_code == 206 and "/" in content_range:
        total = content_range.rsplit("/", 1)[1]
        if total.isdigit():
            return int(total)
    length = response.headers.get("Content-Length")
    if length is not None and length.isdigit():
        return int(length) + (have if response.status_code == 206 else 0)
    return None


def _mirror_only(dataset: Dataset, res: Resource) -> SourceUnavailable:
    return SourceUnavailable(
        f"{dataset.id}: {res.name} is an extract reshaped from "
        f"{res.upstream or 'its publisher'} "
        "and is distributed only with the southsouth data mirror",
        dataset_id=dataset.id,
        url=None,
        hint="set SOUTHSOUTH_MIRROR to a directory or URL laid out like shared/data",
    )


def _offline_hint(dataset: Dataset) -> str:
    return (
        "check the network, or set SOUTHSOUTH_MIRROR to a directory or URL laid out like "
        f"shared/data that holds the {dataset.id} files (and sync with --from mirror)"
    )


class _ServiceCalls:
    """The network a publisher connector may use, on the fetcher's client and policy."""

    def __init__(self, fetcher: Fetcher, dataset: Dataset, res: Resource) -> None:
        self._fetcher = fetcher
        self._dataset = dataset
        self._res = res
        self.dataset_id = dataset.id
        self.max_pages = fetcher.policy.max_pages

    def base(self, api: str) -> str:
        """The base URL of service ``api``."""
        return self._fetcher.bases[api].rstrip("/")

    def secret(self, name: str) -> str | None:
        """A configured access token, or None."""
        return self._fetcher._secrets.get(name) or None

    def get_json(self, url: str, headers: Mapping[str, str] | None = None) -> object:
        """GET and decode JSON, with the fetcher's retries."""
        return self._fetcher.get_json(self._dataset, url, headers or {})

    def download(self, url: str, out: Path) -> None:
        """Stream a file, with the fetcher's retries and resume."""
        self._fetcher._download_with_retries(self._dataset, self._res, url, out)
