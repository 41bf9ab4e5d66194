"""WHO GHO OData API → the GHED and NHWA export layouts the ``who`` parsers read."""

from __future__ import annotations

import pandas as pd

from publisher_checks import local, mirror_files, parse_files, publisher_fetcher, rows
from publisher_server import Reply, fixture, serve_publishers
from southsouth.provenance import read_sidecar
from southsouth.sources.who import CHE_PER_CAPITA, NURSING_MIDWIFERY

CHE = "/gho/GHED_CHE_pc_US_SHA2011"
PLACES = ["BRA", "IND", "NGA", "CUB"]
AGGREGATES = ["AFR", "WB_LI", "GLOBAL"]


def test_paged_ghed_indicator_after_a_500_parses_like_the_export(tmp_path, mirror, crosswalk):
    dataset = local(CHE_PER_CAPITA)
    routes = {
        CHE: Reply(fixture("gho_GHED_CHE_pc_US_SHA2011_page1.json"), fail_first=1, fail_status=500),
        CHE + "?$skiptoken=10": Reply(fixture("gho_GHED_CHE_pc_US_SHA2011_page2.json")),
        "/gho/DIMENSION/COUNTRY/DimensionValues": Reply(fixture("gho_DIMENSION_COUNTRY.json")),
    }
    with serve_publishers(routes) as server, publisher_fetcher(tmp_path, server.bases) as f:
        files = f.fetch(dataset)
        assert server.hits[CHE] == 2 and server.hits[CHE + "?$skiptoken=10"] == 1
    origin = read_sidecar(files["data.csv"])
    assert origin is not None and origin.via == "who-gho-odata-api"
    assert origin.url == server.url + CHE
    assert origin.vintage == (
        "WHO GHO OData API, GHED_CHE_pc_US_SHA2011, values dated up to 2025-04-04"
    )
    codes = files["who-country-codes.csv"].read_text(encoding="utf-8").splitlines()
    assert codes[0] == "Dimension,Code,Title,ParentDimension,ParentCode,ParentTitle"
    assert codes[1] == "COUNTRY,BRA,Brazil,REGION,AMR,Americas"

    got = parse_files(dataset, files, crosswalk)
    want = parse_files(dataset, mirror_files(dataset, mirror), crosswalk)
    years = [2020, 2021, 2022]
    obs = want["observation"]
    obs = obs[obs["country_iso3"].isin(PLACES) & obs["year"].isin(years)]
    keys = ["country_iso3", "year"]
    pd.testing.assert_frame_equal(rows(got["observation"], keys), rows(obs, keys))
    region = want["region_observation"]
    region = region[
        region["note"].str.split().str[-1].isin(AGGREGATES) & region["year"].isin(years)
    ]
    pd.testing.assert_frame_equal(
        rows(got["region_observation"], ["region", "year"]), rows(region, ["region", "year"])
    )
    # GHED_CHE_pc_US_SHA2011: COUNTRY,IND,…,2022,…,79.52,79.5151; Cuba 2021–2022 are blank
    assert got["observation"].set_index(keys).loc[("IND", 2022), "value"] == 79.5151
    cuba = got["observation"][got["observation"]["country_iso3"] == "CUB"]
    assert cuba["year"].tolist() == [2020]  # 2021 and 2022 have no NumericValue
    assert len(got["observation"]) == 10 and len(got["region_observation"]) == 9


def test_nhwa_four_indicators_one_paged_parse_like_the_export(tmp_path, mirror, crosswalk):
    dataset = local(NURSING_MIDWIFERY)
    routes = {
        f"/gho/{code}": Reply(fixture(f"gho_{code}_page1.json"))
        for code in ("HWF_0006", "HWF_0007", "HWF_0008", "HWF_0009")
    }
    routes["/gho/HWF_0007?$skiptoken=4"] = Reply(fixture("gho_HWF_0007_page2.json"), fail_first=2)
    with serve_publishers(routes) as server, publisher_fetcher(tmp_path, server.bases) as f:
        path = f.fetch(dataset)["data.csv"]
        assert server.hits["/gho/HWF_0007?$skiptoken=4"] == 3
    origin = read_sidecar(path)
    assert origin is not None
    assert [u for u in origin.notes[-1].split(": ", 1)[1].split(", ")] == [
        f"{server.url}/gho/HWF_0006",
        f"{server.url}/gho/HWF_0007",
        f"{server.url}/gho/HWF_0007?$skiptoken=4",
        f"{server.url}/gho/HWF_0008",
        f"{server.url}/gho/HWF_0009",
    ]
    got = parse_files(dataset, {"data.csv": path}, crosswalk)["observation"]
    want = parse_files(dataset, mirror_files(dataset, mirror), crosswalk)["observation"]
    want = want[
        want["country_iso3"].isin(["BRA", "IND", "NGA", "ZAF"])
        & want["year"].isin([2017, 2018, 2019, 2020])
    ]
    keys = ["indicator", "country_iso3", "year"]
    pd.testing.assert_frame_equal(rows(got, keys), rows(want, keys))
    # NHWA: HWF_0006 India 2020 = 17.48 per 10,000; HWF_0007 South Africa 2018 = 287458
    indexed = got.set_index(keys)["value"]
    assert indexed[("who_nhwa_nursing_midwifery_per_10k", "IND", 2020)] == 17.48
    assert indexed[("who_nhwa_nursing_midwifery_count", "ZAF", 2018)] == 287_458
    assert set(got["indicator"]) == {spec.id for spec in dataset.indicators}
