"""CEPII BACI: the mirror's real extract (exporters AFG, ZAF, 2021) and the release connector."""

from __future__ import annotations

import csv
import http.server
import shutil
import threading
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from direct_parse import parse
from southsouth.errors import InputError, ParseError, YearOutOfRange
from southsouth.sources import get_dataset
from southsouth.sources.baci import (
    BACI_EXTRACT,
    EXTRACT_FILE,
    baci_release_dataset,
    check_trade_file,
    map_country_codes,
    parse_release,
    parse_years,
    read_country_codes,
)
from southsouth.sources.dataset import ParseInput
from southsouth.sources.fetch import Fetcher, FetchPolicy
from southsouth.sync import sync_datasets
from southsouth.warehouse.store import Warehouse

EXTRACT = "trade/bilateral_product/baci_hs92_y2021_exporters_afg_zaf.csv"
DICTIONARY = "trade/classifications/baci_country_codes_V202201.csv"


@pytest.fixture(scope="module")
def extract_wh(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Iterator[Warehouse]:
    """The extract (and the country registry) synced once for this module's read-only tests."""
    home = tmp_path_factory.mktemp("baci")
    warehouse = Warehouse(home / "wh.duckdb")
    with Fetcher(home / "cache", mirror=str(mirror), policy=FetchPolicy(retries=0)) as fetcher:
        results = sync_datasets(
            [get_dataset("countries"), BACI_EXTRACT], fetcher=fetcher, warehouse=warehouse
        )
    assert [r.outcome for r in results] == ["loaded", "loaded"], [str(r.error) for r in results]
    yield warehouse
    warehouse.close()


def raw_totals(path: Path) -> dict[str, float]:
    """Exporter code → sum of v × 1000 (US$), read with the csv module, independently."""
    totals: dict[str, float] = defaultdict(float)
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            totals[row["i"]] += float(row["v"]) * 1000
    return dict(totals)


# -- the extract ---------------------------------------------------------------------------


@pytest.mark.golden
def test_extract_totals_match_the_raw_file_and_sources_md(extract_wh, mirror):
    wh = extract_wh
    totals = wh.query(
        "SELECT exporter_iso3, sum(value_usd) AS usd, count(*) AS n FROM trade_flow "
        "WHERE source_id = 'baci-hs92-2021-afg-zaf' GROUP BY 1"
    ).set_index("exporter_iso3")
    raw = raw_totals(mirror / EXTRACT)
    assert totals.loc["ZAF", "usd"] == pytest.approx(raw["710"], rel=1e-12)
    assert totals.loc["AFG", "usd"] == pytest.approx(raw["4"], rel=1e-12)
    # SOURCES.md: ZAF = US$68.7 bn, AFG = US$0.68 bn; ZAF 68,122 rows, AFG 3,070 rows.
    assert round(totals.loc["ZAF", "usd"] / 1e9, 1) == 68.7
    assert round(totals.loc["AFG", "usd"] / 1e9, 2) == 0.68
    assert totals.loc["ZAF", "n"] == 68_122 and totals.loc["AFG", "n"] == 3_070


@pytest.mark.golden
def test_extract_top_products_and_partners_of_south_africa(extract_wh):
    wh = extract_wh
    products = wh.query(
        "SELECT substr(product, 1, 4) AS hs4, sum(value_usd) AS usd FROM trade_flow "
        "WHERE exporter_iso3 = 'ZAF' GROUP BY 1 ORDER BY usd DESC LIMIT 5"
    )
    assert products["hs4"].tolist() == ["7108", "7110", "2601", "7202", "2701"]
    assert products["usd"].iloc[0] == pytest.approx(11_028_891_931.0, rel=1e-9)  # gold
    partners = wh.query(
        "SELECT importer_iso3 AS iso3, sum(value_usd) AS usd FROM trade_flow "
        "WHERE exporter_iso3 = 'ZAF' GROUP BY 1 ORDER BY usd DESC LIMIT 6"
    )
    # CEPII codes 156, 699, 276, 826, 842, 757 in the raw file.
    assert partners["iso3"].tolist() == ["CHN", "IND", "DEU", "GBR", "USA", "CHE"]


def test_extract_codes_quantities_and_coverage(extract_wh):
    wh = extract_wh
    first = wh.query(
        "SELECT * FROM trade_flow WHERE exporter_iso3 = 'AFG' AND importer_iso3 = 'AGO' "
        "AND product = '382390'"
    ).iloc[0]
    assert first["value_usd"] == pytest.approx(52_051.0)  # v = 52.051 thousand US$
    assert first["quantity_t"] == pytest.approx(13.235)  # q = "       13.235"
    assert first["classification"] == "HS92" and first["year"] == 2021
    assert first["period_years"] == 1 and first["aggregation"] == "annual"
    stats = wh.query(
        "SELECT count(DISTINCT importer_iso3) AS partners, count(DISTINCT product) AS hs6, "
        "count(*) - count(quantity_t) AS no_quantity, min(length(product)) AS shortest, "
        "count(*) FILTER (WHERE product = '010111') AS horses FROM trade_flow"
    ).iloc[0]
    assert stats["partners"] == 211 and stats["hs6"] == 4_422
    assert stats["no_quantity"] == 2_306 and stats["shortest"] == 6 and stats["horses"] >= 1
    importers = set(wh.query("SELECT DISTINCT importer_iso3 FROM trade_flow")["importer_iso3"])
    # CEPII 842, 699, 251, 579, 757, 490, 380 are not (all) ISO numeric codes.
    assert {"USA", "IND", "FRA", "NOR", "CHE", "TWN", "ITA"} <= importers
    issues = wh.query(
        "SELECT issues FROM dataset_status WHERE dataset_id = 'baci-hs92-2021-afg-zaf'"
    )["issues"].iloc[0]
    assert "490 Other Asia, nes → TWN" in issues and "380 Italy" in issues


def test_dictionary_is_latin1_and_aggregates_do_not_map(mirror, crosswalk):
    dictionary = read_country_codes(mirror / DICTIONARY)
    assert len(dictionary) == 238
    assert dictionary.set_index("code").loc[384, "name"] == "Côte d'Ivoire"
    codes = map_country_codes(dictionary, crosswalk.iso3, lambda c: crosswalk.from_code("iso3n", c))
    assert {codes.iso3[c] for c in (842, 699, 251, 579, 757, 490, 710, 56, 276)} == {
        "USA",
        "IND",
        "FRA",
        "NOR",
        "CHE",
        "TWN",
        "ZAF",
        "BEL",
        "DEU",
    }
    assert "shares ZAF with code 710" in codes.unmapped[711]
    assert "shares BEL with code 56" in codes.unmapped[58]
    assert "not a country" in codes.unmapped[697]  # Europe EFTA, nes
    assert 381 in codes.iso3 and 380 not in codes.iso3  # V202201 still codes Italy 381


def test_dictionary_in_the_2024_layout(tmp_path, mirror):
    old = read_country_codes(mirror / DICTIONARY)
    source = pd.read_csv(mirror / DICTIONARY, dtype=str, keep_default_na=False, encoding="latin-1")
    renamed = source.rename(
        columns={
            "country_name_abbreviation": "country_name",
            "iso_2digit_alpha": "country_iso2",
            "iso_3digit_alpha": "country_iso3",
        }
    ).drop(columns=["country_name_full"])
    path = tmp_path / "country_codes_V202401.csv"
    renamed.to_csv(path, index=False, encoding="utf-8")
    pd.testing.assert_frame_equal(read_country_codes(path), old)


def _damaged_copy(mirror: Path, tmp_path: Path, extra: str) -> Path:
    path = tmp_path / EXTRACT_FILE
    shutil.copyfile(mirror / EXTRACT, path)
    with path.open("a", newline="") as handle:
        handle.write(extra)
    return path


def test_malformed_row_is_a_parse_error_naming_file_and_line(tmp_path, mirror, crosswalk):
    path = _damaged_copy(mirror, tmp_path, "2021,4,36,382390\r\n")
    with pytest.raises(ParseError) as err:
        parse(BACI_EXTRACT, mirror, crosswalk, **{EXTRACT_FILE: path})
    assert err.value.path == str(path) and err.value.line == 71_194
    assert "Expected Number of Columns: 6 Found: 4" in err.value.message


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ('2021,4,36,ABCDEF,1.0,"  NA"\r\n', "'ABCDEF' is not an HS 6-digit code"),
        ('2021,4,36,382390,lots,"  NA"\r\n', 'converting column "v"'),
        ('2020,4,36,382390,1.0,"  NA"\r\n', "rows of year 2020 in the file for 2021"),
        ('2021,4,36,382390,1.0,"twelve"\r\n', "Conversion Error"),
        ("2021,4,36,382390,,1.0\r\n", "empty or negative value"),
    ],
)
def test_bad_cells_are_parse_errors(tmp_path, mirror, row, reason):
    path = _damaged_copy(mirror, tmp_path, row)
    with pytest.raises(ParseError, match="cannot parse") as err:
        check_trade_file(path, 2021)
    assert err.value.path == str(path) and reason in err.value.message


def test_a_file_that_is_not_baci_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("year,exporter,importer,value\n2021,4,36,1\n")
    with pytest.raises(ParseError, match="is not BACI's t,i,j,k,v,q"):
        check_trade_file(path, 2021)


# -- release strings ---------------------------------------------------------------------


def test_release_and_years_strings():
    release = parse_release("HS92:V202501")
    assert (release.classification, release.version) == ("HS92", "202501")
    assert release.dataset_id == "baci-hs92-v202501"
    assert parse_release("hs17:202401b").zip_name == "BACI_HS17_V202401b.zip"
    assert parse_years("2019-2023") == (2019, 2020, 2021, 2022, 2023)
    assert parse_years("2015, 2019-2020,2015") == (2015, 2019, 2020)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("HS93:V202501", "unknown BACI classification 'HS93'; BACI is released in HS92, HS96"),
        ("HS92", "write CLASSIFICATION:VERSION"),
        ("HS92:2025", "invalid BACI version '2025'"),
    ],
)
def test_bad_release_strings(text, message):
    with pytest.raises(InputError, match=message):
        parse_release(text)


@pytest.mark.parametrize(
    ("text", "message"), [("2019-", "not a year or a range"), ("2023-2019", "ends before")]
)
def test_bad_years_strings(text, message):
    with pytest.raises(InputError, match=message):
        parse_years(text)


def test_release_dataset_checks_classification_and_first_year():
    dataset = baci_release_dataset("HS92", "V202501", [2023, 2019, 2020])
    assert dataset.id == "baci-hs92-v202501"
    resource = dataset.resources[0]
    assert resource.url == "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS92_V202501.zip"
    assert resource.mirror_path == "trade/baci/BACI_HS92_V202501.zip"
    assert dataset.licence.name == "Etalab Open Licence 2.0"
    assert "2010-23" in dataset.citation and "2019–2020, 2023" in dataset.vintage
    with pytest.raises(InputError, match="unknown BACI classification 'HS2022'"):
        baci_release_dataset("HS2022", "V202501", [2023])
    with pytest.raises(YearOutOfRange, match="BACI HS17 starts in 2017"):
        baci_release_dataset("HS17", "V202501", [2016, 2017])


# -- a release, end to end, from a loopback HTTP server ------------------------------------


def build_release(root: Path, mirror: Path) -> Path:
    """A mirror laid out like shared/data whose trade/baci holds a release-shaped zip.

    The zip is real data repacked, not a real release: its one yearly file is the mirror's
    BACI extract (V202301, exporters AFG and ZAF) and its dictionary is the mirror's
    V202201 dictionary. It exercises the connector only.
    """
    for entry in mirror.iterdir():
        if entry.is_dir() and entry.name != "trade":
            (root / entry.name).symlink_to(entry)
    (root / "README.md").symlink_to(mirror / "README.md")
    (root / "trade" / "baci").mkdir(parents=True)
    for entry in (mirror / "trade").iterdir():
        (root / "trade" / entry.name).symlink_to(entry)
    archive = root / "trade" / "baci" / "BACI_HS92_V202301.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.write(mirror / EXTRACT, "BACI_HS92_Y2021_V202301.csv")
        out.write(mirror / DICTIONARY, "country_codes_V202301.csv")
    return archive


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served_release(tmp_path, mirror) -> Iterator[str]:
    root = tmp_path / "served"
    root.mkdir()
    build_release(root, mirror)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_release_synced_over_http_matches_the_extract(tmp_path, served_release):
    wanted = parse_release("HS92:V202301")
    release = baci_release_dataset(wanted.classification, wanted.version, parse_years("2021"))
    cache = tmp_path / "cache"
    with (
        Fetcher(cache, mirror=served_release, policy=FetchPolicy(retries=0)) as fetcher,
        Warehouse(tmp_path / "wh.duckdb") as wh,
    ):
        results = sync_datasets(
            [get_dataset("countries"), BACI_EXTRACT, release], fetcher=fetcher, warehouse=wh
        )
        assert [r.outcome for r in results] == ["loaded", "loaded", "loaded"], [
            str(r.error) for r in results
        ]
        totals = wh.query(
            "SELECT source_id, exporter_iso3, count(*) AS n, sum(value_usd) AS usd, "
            "count(quantity_t) AS q FROM trade_flow WHERE importer_iso3 <> 'ITA' "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        origin = wh.query("SELECT url, via FROM dataset_origin WHERE dataset_id = ?", [release.id])
        year_file = cache / release.id / "BACI_HS92_Y2021_V202301.csv"
        extracted_at = year_file.stat().st_mtime_ns
        (again,) = sync_datasets([release], fetcher=fetcher, warehouse=wh, force=True)
        assert again.outcome == "loaded" and again.rows == 71_192 - 661
        assert year_file.stat().st_mtime_ns == extracted_at  # the intact copy is reused
    by_source = {
        sid: frame.set_index("exporter_iso3") for sid, frame in totals.groupby("source_id")
    }
    extract, full = by_source["baci-hs92-2021-afg-zaf"], by_source["baci-hs92-v202301"]
    pd.testing.assert_frame_equal(
        full[["n", "usd", "q"]], extract[["n", "usd", "q"]], check_exact=False, rtol=1e-12
    )
    assert round(full.loc["ZAF", "usd"] / 1e9, 1) == 67.1  # 68.7 bn less 1.55 bn to Italy
    # The release reads only its own dictionary, which here (V202201) lacks Italy's V202301
    # code 380: those 661 rows are dropped and reported, not guessed.
    issues = results[2].issues
    assert issues[0]["kind"] == "unmapped-code" and issues[0]["rows"] == 661
    assert "380 (not in the country dictionary)" in issues[0]["detail"]
    assert origin["via"].tolist() == ["mirror-http"]
    assert origin["url"].iloc[0].endswith("/trade/baci/BACI_HS92_V202301.zip")
    extracted = sorted(p.name for p in (cache / release.id).iterdir())
    assert "BACI_HS92_Y2021_V202301.csv" in extracted and "country_codes_V202301.csv" in extracted
    assert not [name for name in extracted if name.endswith(".tmp")]


def test_release_year_not_in_the_zip_lists_the_years_it_holds(tmp_path, served_release):
    release = baci_release_dataset("HS92", "V202301", [2021, 2022])
    with (
        Fetcher(tmp_path / "cache", mirror=served_release, policy=FetchPolicy(retries=0)) as f,
        Warehouse(tmp_path / "wh.duckdb") as wh,
    ):
        (result,) = sync_datasets([release], fetcher=f, warehouse=wh)
        assert not wh.loaded(release.id)
    assert result.outcome == "failed" and isinstance(result.error, YearOutOfRange)
    assert str(result.error) == "BACI HS92 V202301 has no 2022; the release holds 2021"


def test_damaged_release_zip_is_a_parse_error(tmp_path, mirror, crosswalk):
    release = baci_release_dataset("HS92", "V202301", [2021])
    archive = build_release(tmp_path, mirror)
    data = archive.read_bytes()
    broken = tmp_path / "broken" / archive.name
    broken.parent.mkdir()
    broken.write_bytes(data[: len(data) // 2])
    inp = ParseInput(
        dataset=release, files={archive.name: broken}, crosswalk_factory=lambda: crosswalk
    )
    with pytest.raises(ParseError, match="damaged zip") as err:
        release.parse(inp)
    assert err.value.path == str(broken)
