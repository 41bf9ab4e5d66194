"""Downloads over HTTP from a loopback server: retries, resume, clear errors, checksums."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mirror_server import Faults, serve_mirror
from southsouth.errors import ChecksumMismatch, DownloadIncomplete, SourceUnavailable
from southsouth.provenance import read_sidecar, sha256_file, sidecar_path
from southsouth.sources import get_dataset
from southsouth.sources.fetch import Fetcher, FetchPolicy

CODES = "countries/datahub_country-codes.csv"


def fetcher(tmp_path: Path, mirror: str, retries: int = 3) -> Fetcher:
    sleeps: list[float] = []
    f = Fetcher(
        tmp_path / "cache",
        mirror=mirror,
        policy=FetchPolicy(timeout=10, retries=retries, backoff=0.5),
        sleep=sleeps.append,
    )
    f.sleeps = sleeps  # type: ignore[attr-defined]
    return f


def test_http_mirror_download_records_provenance(tmp_path, mirror):
    dataset = get_dataset("countries")
    with serve_mirror(mirror) as server, fetcher(tmp_path, server.url) as f:
        paths = f.fetch(dataset)
    path = paths["country-codes.csv"]
    assert path.read_bytes() == (mirror / CODES).read_bytes()
    origin = read_sidecar(path)
    assert origin is not None
    assert origin.via == "mirror-http"
    assert origin.url == f"{server.url}/{CODES}"
    assert origin.sha256 == sha256_file(mirror / CODES)
    assert origin.bytes == (mirror / CODES).stat().st_size
    assert origin.licence.name == "ODC-PDDL 1.0"
    assert origin.publisher.startswith("DataHub")


def test_server_failing_twice_is_retried_with_backoff(tmp_path, mirror):
    dataset = get_dataset("countries")
    faults = Faults(fail_first={CODES: 2})
    with serve_mirror(mirror, faults) as server, fetcher(tmp_path, server.url) as f:
        path = f.fetch_resource(dataset, dataset.resources[0])
        assert server.hits[CODES] == 3
        assert f.sleeps == [0.5, 1.0]  # type: ignore[attr-defined]
    assert sha256_file(path) == sha256_file(mirror / CODES)


def test_retries_exhausted_names_dataset_url_and_mirror_remedy(tmp_path, mirror):
    dataset = get_dataset("countries")
    faults = Faults(fail_first={CODES: 10})
    with serve_mirror(mirror, faults) as server, fetcher(tmp_path, server.url, retries=2) as f:
        with pytest.raises(SourceUnavailable) as caught:
            f.fetch_resource(dataset, dataset.resources[0])
        assert server.hits[CODES] == 3
    error = caught.value
    assert "countries" in error.message and "503" in error.message and "3 attempts" in error.message
    assert error.url is not None and error.url.endswith(CODES)
    assert "SOUTHSOUTH_MIRROR" in error.hint


def test_404_is_a_clear_error_without_retries(tmp_path, mirror):
    dataset = get_dataset("countries")
    with serve_mirror(mirror, Faults(missing={CODES})) as server:
        with fetcher(tmp_path, server.url) as f, pytest.raises(SourceUnavailable) as caught:
            f.fetch_resource(dataset, dataset.resources[0])
        assert server.hits[CODES] == 1
    assert "HTTP 404" in caught.value.message
    assert caught.value.url == f"{server.url}/{CODES}"
    assert not (tmp_path / "cache" / "countries" / "country-codes.csv").exists()


def test_body_cut_short_is_detected_and_never_cached(tmp_path, mirror):
    dataset = get_dataset("countries")
    faults = Faults(cut_short={CODES: 1000}, ranges=False)
    with (
        serve_mirror(mirror, faults) as server,
        fetcher(tmp_path, server.url, retries=1) as f,
        pytest.raises(DownloadIncomplete) as caught,
    ):
        f.fetch_resource(dataset, dataset.resources[0])
    size = (mirror / CODES).stat().st_size
    assert f"of {size} bytes" in caught.value.message
    target = tmp_path / "cache" / "countries" / "country-codes.csv"
    assert not target.exists() and not sidecar_path(target).exists()


def test_interrupted_download_resumes_with_a_range_request(tmp_path, mirror):
    dataset = get_dataset("countries")
    faults = Faults(cut_short={CODES: 5000})
    with serve_mirror(mirror, faults) as server, fetcher(tmp_path, server.url, retries=0) as f:
        with pytest.raises(DownloadIncomplete):
            f.fetch_resource(dataset, dataset.resources[0])
        part = tmp_path / "cache" / "countries" / "country-codes.csv.part"
        assert part.stat().st_size == 5000
        faults.cut_short.clear()
        path = f.fetch_resource(dataset, dataset.resources[0])
        assert server.ranged[CODES] == 1
    assert sha256_file(path) == sha256_file(mirror / CODES)
    assert not part.exists()


def test_corrupt_mirror_file_fails_its_checksum(tmp_path, mirror):
    bad_mirror = tmp_path / "mirror"
    shutil.copytree(mirror / "countries", bad_mirror / "countries")
    target = bad_mirror / CODES
    target.write_bytes(target.read_bytes().replace(b"Afghanistan", b"Afghanistam", 1))
    dataset = get_dataset("countries")
    with fetcher(tmp_path, str(bad_mirror)) as f, pytest.raises(ChecksumMismatch) as caught:
        f.fetch_resource(dataset, dataset.resources[0])
    assert "country-codes.csv" in caught.value.message
    assert not (tmp_path / "cache" / "countries" / "country-codes.csv").exists()


def test_tampered_cache_file_is_fetched_again(tmp_path, mirror):
    dataset = get_dataset("countries")
    with fetcher(tmp_path, str(mirror)) as f:
        path = f.fetch_resource(dataset, dataset.resources[0])
        path.write_bytes(path.read_bytes()[:-100])
        assert f.cached(dataset) is None
        again = f.fetch_resource(dataset, dataset.resources[0])
    assert sha256_file(again) == sha256_file(mirror / CODES)


def test_missing_file_in_directory_mirror_names_it(tmp_path):
    dataset = get_dataset("countries")
    with (
        fetcher(tmp_path, str(tmp_path / "empty")) as f,
        pytest.raises(SourceUnavailable) as caught,
    ):
        f.fetch_resource(dataset, dataset.resources[0])
    assert CODES in caught.value.message
    assert "SOUTHSOUTH_MIRROR" in caught.value.hint


def test_derived_extract_without_mirror_says_it_needs_one(tmp_path):
    dataset = get_dataset("countries")
    derived = next(r for r in dataset.resources if r.url is None)
    with fetcher(tmp_path, None) as f, pytest.raises(SourceUnavailable) as caught:  # type: ignore[arg-type]
        f.fetch_resource(dataset, derived)
    assert "only with the southsouth data mirror" in caught.value.message
    assert "SOUTHSOUTH_MIRROR" in caught.value.hint
