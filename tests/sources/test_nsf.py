"""NSF SEI 2024 S&E articles (fractional counts): tidy file checked against the raw table."""

from __future__ import annotations

import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.nsf import SE_ARTICLES

INDICATOR = "nsf_se_articles_fractional"


@pytest.mark.golden
def test_published_2022_counts(loaded):
    wh = loaded("nsf-sei2024-se-articles")
    rows = wh.query(
        f"SELECT country_iso3, value FROM observation WHERE indicator = '{INDICATOR}' "
        "AND year = 2022 AND country_iso3 IN ('CHN', 'USA', 'IND')"
    ).set_index("country_iso3")["value"]
    assert rows.round().to_dict() == {"CHN": 898_949, "USA": 457_335, "IND": 207_390}
    world = wh.query(
        "SELECT value, note FROM region_observation "
        f"WHERE region = 'World' AND indicator = '{INDICATOR}' AND year = 2022"
    ).iloc[0]
    assert round(world["value"]) == 3_344_037 and world["note"] == "NSF hierarchy: World"
    assert wh.query(
        f"SELECT * FROM observation WHERE indicator = '{INDICATOR}' AND country_iso3 = 'WLD'"
    ).empty


def test_groupings_stay_out_of_the_country_table(loaded):
    wh = loaded("nsf-sei2024-se-articles")
    regions = set(wh.query("SELECT DISTINCT region FROM region_observation")["region"])
    assert {"World", "Asia", "EU-27", "EU-27 and United Kingdom", "Unassigned"} <= regions
    assert "Australia and Oceania" in regions  # a pattern match would have made it AUS
    countries = wh.query(
        f"SELECT country_iso3, count(*) AS n FROM observation WHERE indicator = '{INDICATOR}' "
        "GROUP BY 1"
    ).set_index("country_iso3")["n"]
    assert (countries == 20).all()  # 2003–2022, one row per country and year
    assert {"STP", "CIV", "TWN", "XKX", "GBR", "AUS"} <= set(countries.index)
    declared = set(wh.query("SELECT indicator FROM indicator")["indicator"])
    assert declared == {INDICATOR}


def test_palestine_is_gaza_plus_west_bank(mirror, crosswalk):
    tables, inp = parse(SE_ARTICLES, mirror, crosswalk)
    obs = tables["observation"].set_index(["country_iso3", "year"])
    pse = obs.loc[("PSE", 2022)]
    # tidy lines 1981 and 2241: Gaza Strip 2022 = 151.64, West Bank 2022 = 562.94
    assert pse["value"] == pytest.approx(151.64 + 562.94)
    assert pse["flag"] == "sum of NSF Gaza Strip + West Bank"
    kinds = {i.kind: i for i in inp.issues}
    assert kinds["combined"].count == 40
    assert kinds["unmapped-name"].detail == "NSF names: Serbia and Montenegro"


def test_tidy_file_that_disagrees_with_the_raw_table_is_refused(mirror, crosswalk, tmp_path):
    source = mirror / SE_ARTICLES.resources[0].mirror_path
    text = source.read_text(encoding="utf-8")
    assert "World -> Asia -> China,China,2,Upper-middle,2022,898949.09," in text
    shifted = tmp_path / "tidy.csv"
    shifted.write_text(
        text.replace(
            "World -> Asia -> China,China,2,Upper-middle,2022,898949.09,",
            "World -> Asia -> China,China,2,Upper-middle,2022,898950.09,",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match=r"China 2022: tidy 898950\.09 but raw 898949\.09") as err:
        parse(SE_ARTICLES, mirror, crosswalk, **{"tidy.csv": shifted})
    assert err.value.path == str(shifted)


def test_truncated_raw_table_raises_parse_error_naming_it(mirror, crosswalk, tmp_path):
    source = mirror / SE_ARTICLES.resources[1].mirror_path
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "raw.csv"
    cut.write_text("".join(lines[:-5]), encoding="utf-8")
    with pytest.raises(ParseError, match="not a whole number of 21-row blocks") as err:
        parse(SE_ARTICLES, mirror, crosswalk, **{"raw.csv": cut})
    assert err.value.path == str(cut)
