"""Download dataset files into the cache, with retries, resume, checksums and provenance.

A file is fetched from, in order of preference: the cache (when its sidecar still matches
its bytes), the mirror (``SOUTHSOUTH_MIRROR``: a directory or an http(s) base URL laid out
like ``shared/data``), or the publisher's URL. Every download lands in ``<name>.part`` and
is renamed into place only when complete and verified, then its ``.origin.json`` sidecar is
written. An interrupted download resumes from the ``.part`` file when the server honours
ranges.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from southsouth.atomic import atomic_write_text, fsync_path
from southsouth.errors import ChecksumMismatch, DownloadIncomplete, SourceUnavailable
from southsouth.provenance import Origin, sha256_file, verified_origin, write_sidecar
from southsouth.sources.dataset import Dataset, Resource

if TYPE_CHECKING:
    import httpx

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
USER_AGENT = "southsouth (+open evidence engine for South-South cooperation)"


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


class _Retryable(Exception):
    """A failure worth another try; carries the error to raise if tries run out."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class Fetcher:
    """Brings dataset files into ``cache_dir`` and records where they came from."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        mirror: str | None = None,
        policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cache_dir = cache_dir
        self.mirror = mirror
        self.policy = policy or FetchPolicy()
        self.progress: Progress = progress or _Silent()
        self._sleep = sleep
        self._transport = transport
        self._client: httpx.Client | None = None

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
            if origin is None or (res.sha256 and origin.sha256 != res.sha256):
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
        if not refresh:
            origin = verified_origin(target)
            if origin is not None and (res.sha256 is None or origin.sha256 == res.sha256):
                return target
        target.parent.mkdir(parents=True, exist_ok=True)
        location, via = self._locate(dataset, res)
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
                vintage=dataset.vintage,
                url=location,
                via=via,
                retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
                sha256=digest,
                bytes=size,
                notes=dataset.caveats,
            ),
        )
        return target

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
                    "or unset it to download from the publisher",
                )
            return str(path), "mirror-directory"
        if res.url is None:
            raise SourceUnavailable(
                f"{dataset.id}: {res.name} is an extract reshaped from "
                f"{res.upstream or 'its publisher'} "
                "and is distributed only with the southsouth data mirror",
                dataset_id=dataset.id,
                url=None,
                hint="set SOUTHSOUTH_MIRROR to a directory or URL laid out like shared/data",
            )
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


def _offline_hint(dataset: Dataset) -> str:
    return (
        "check the network, or set SOUTHSOUTH_MIRROR to a directory or URL laid out like "
        f"shared/data that holds the {dataset.id} files"
    )
