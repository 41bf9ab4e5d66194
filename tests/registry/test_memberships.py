"""Time-valid bloc memberships: the issue's acceptance cases and the merge rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer

from southsouth.cli.country_lists import expand
from southsouth.errors import InputError, UnknownBloc, UnknownCountry, UnknownGroup, YearOutOfRange
from southsouth.registry import bloc_members, group_countries

TODAY = date(2026, 11, 28)


@pytest.fixture
def wh(loaded):
    return loaded("blocs")


def iso3s(frame) -> list[str]:
    return sorted(frame["iso3"])


def test_brics_grows_in_2024_and_2025(wh):
    assert iso3s(bloc_members(wh, "BRICS", year=2023, today=TODAY)) == [
        "BRA",
        "CHN",
        "IND",
        "RUS",
        "ZAF",
    ]
    assert iso3s(bloc_members(wh, "BRICS", year=2024, today=TODAY)) == [
        "ARE",
        "BRA",
        "CHN",
        "EGY",
        "ETH",
        "IND",
        "IRN",
        "RUS",
        "ZAF",
    ]
    y2025 = iso3s(bloc_members(wh, "BRICS", year=2025, today=TODAY))
    assert y2025 == sorted(["ARE", "BRA", "CHN", "EGY", "ETH", "IND", "IRN", "RUS", "ZAF", "IDN"])
    assert iso3s(bloc_members(wh, "BRICS", year=2010, today=TODAY)) == [
        "BRA",
        "CHN",
        "IND",
        "RUS",
        "ZAF",
    ]
    assert iso3s(bloc_members(wh, "BRICS", on=date(2010, 12, 1), today=TODAY)) == [
        "BRA",
        "CHN",
        "IND",
        "RUS",
    ]


def test_brics_partners_and_saudi_arabia_unconfirmed(wh):
    everyone = bloc_members(wh, "brics", year=2025, all_statuses=True, today=TODAY)
    status = dict(zip(everyone["iso3"], everyone["status"], strict=True))
    assert status["SAU"] == "invited"
    note = everyone.loc[everyone["iso3"] == "SAU", "note"].iloc[0]
    assert "UNCONFIRMED" in note
    partners = sorted(k for k, v in status.items() if v == "partner")
    assert partners == ["BLR", "BOL", "CUB", "KAZ", "MYS", "NGA", "THA", "UGA", "UZB", "VNM"]
    assert "ARG" not in status  # declined in December 2023
    assert all(everyone["source"].str.len() > 10)


def test_ecowas_sahel_exit_in_january_2025(wh):
    y2025 = iso3s(bloc_members(wh, "ECOWAS", year=2025, today=TODAY))
    y2023 = iso3s(bloc_members(wh, "ECOWAS", year=2023, today=TODAY))
    assert {"MLI", "BFA", "NER"} <= set(y2023)
    assert not {"MLI", "BFA", "NER"} & set(y2025)
    assert len(y2023) == 15 and len(y2025) == 12
    assert iso3s(bloc_members(wh, "ECOWAS", on=date(2025, 1, 28), today=TODAY)).count("MLI") == 1
    assert "MLI" not in iso3s(bloc_members(wh, "ECOWAS", on=date(2025, 1, 29), today=TODAY))
    guinea = bloc_members(wh, "ECOWAS", year=2025, today=TODAY).set_index("iso3").loc["GIN"]
    assert guinea["status"] == "suspended"


def test_hague_group_founders(wh):
    members = bloc_members(wh, "HAGUE", year=2025, today=TODAY)
    assert iso3s(members) == ["BLZ", "BOL", "COL", "CUB", "HND", "MYS", "NAM", "SEN", "ZAF"]
    with pytest.raises(YearOutOfRange, match="founded on 2025-01-31"):
        bloc_members(wh, "HAGUE", year=2024, today=TODAY)


def test_g77_count_pinned_to_published_list(wh):
    """g77.org lists 134 members plus China as of 2024 (135 with China; Azerbaijan joined 2020).

    Built from the CIA Factbook's 132 (which includes China) plus curated Palestine, Kiribati
    and Azerbaijan, each row citing https://www.g77.org/doc/members.html.
    """
    g77 = group_countries(wh, "g77", today=TODAY)
    assert len(g77) == 135
    assert {"CHN", "PSE", "KIR", "AZE", "BRA", "IND", "ZAF", "NGA", "IDN"} <= set(g77["iso3"])
    assert not {"USA", "DEU", "JPN", "KOR", "MEX", "RUS", "TUR"} & set(g77["iso3"])


def test_other_global_south_definitions(wh):
    m49 = group_countries(wh, "m49-developing", today=TODAY)
    assert len(m49) == 182  # the 2020 M49 list: Developing 182, Developed 66, blank 2
    lmic = group_countries(wh, "wb-lmic", today=TODAY)
    assert {"IND", "NGA", "BRA", "CHN"} <= set(lmic["iso3"])
    assert not {"USA", "SAU", "PAN", "CHL"} & set(lmic["iso3"])
    custom = group_countries(wh, "BRA, India,zaf", today=TODAY)
    assert iso3s(custom) == ["BRA", "IND", "ZAF"]
    afro = group_countries(wh, "WHO-AFRO", today=TODAY)
    assert len(afro) == 47 and "EGY" not in set(afro["iso3"])


def test_custom_group_from_file_is_read_by_the_command_line_only(wh, tmp_path):
    listing = tmp_path / "coalition.txt"
    listing.write_text("# pharma hub\nKEN\nGhana\nRWA  # Kigali\n", encoding="utf-8")
    expanded = expand(f"@{listing}")
    assert expanded == "KEN,Ghana,RWA"
    assert iso3s(group_countries(wh, expanded, today=TODAY)) == ["GHA", "KEN", "RWA"]
    with pytest.raises(InputError, match="read by the command line only"):
        group_countries(wh, f"@{listing}", today=TODAY)
    for bad, message in (
        (tmp_path, "is not a file"),
        (Path("/dev/zero"), "is not a file"),
        (tmp_path / "missing.txt", "is not a file"),
    ):
        with pytest.raises(typer.BadParameter, match=message):
            expand(f"@{bad}")
    big = tmp_path / "big.txt"
    big.write_bytes(b"KEN\n" * 20_000)
    with pytest.raises(typer.BadParameter, match="over 64 KB"):
        expand(f"@{big}")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00KEN")
    with pytest.raises(typer.BadParameter, match="not UTF-8"):
        expand(f"@{binary}")
    assert expand("BRA,IND") == "BRA,IND" and expand(None) is None


def test_unknown_names_list_close_matches(wh):
    with pytest.raises(UnknownBloc) as caught:
        bloc_members(wh, "ECOWA", today=TODAY)
    assert "ECOWAS" in caught.value.suggestions
    with pytest.raises(UnknownGroup) as group_error:
        group_countries(wh, "g7", today=TODAY)
    assert "g77" in [s.lower() for s in group_error.value.suggestions]
    with pytest.raises(UnknownCountry):
        group_countries(wh, "BRA,XYZ", today=TODAY)
    with pytest.raises(YearOutOfRange):
        bloc_members(wh, "AU", year=2031, today=TODAY)


def test_cow_and_factbook_merge_rules(wh):
    sco = bloc_members(wh, "SCO", year=2016, today=TODAY)
    assert iso3s(sco) == ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert iso3s(bloc_members(wh, "SCO", year=2024, today=TODAY)) == [
        "BLR",
        "CHN",
        "IND",
        "IRN",
        "KAZ",
        "KGZ",
        "PAK",
        "RUS",
        "TJK",
        "UZB",
    ]
    au = bloc_members(wh, "AU", year=2026, today=TODAY)
    assert len(au) == 55
    suspended = sorted(au.loc[au["status"] == "suspended", "iso3"])
    assert suspended == ["BFA", "GAB", "GIN", "MLI", "NER", "SDN"]
    assert "MAR" not in iso3s(bloc_members(wh, "AU", year=2016, today=TODAY))
    celac = bloc_members(wh, "CELAC", year=2012, today=TODAY)
    assert len(celac) == 33
    eac = iso3s(bloc_members(wh, "EAC", year=2023, today=TODAY))
    assert eac == ["BDI", "COD", "KEN", "RWA", "SSD", "TZA", "UGA"]


def test_names_are_plain_and_the_cldr_spelling_still_resolves(wh):
    names = dict(
        wh.query("SELECT iso3, name FROM country WHERE iso3 IN ('COD', 'COG', 'ATG')").values
    )
    # CLDR's short names with the dash made plain, as the documents print them.
    assert names == {
        "COD": "Congo (Kinshasa)",
        "COG": "Congo (Brazzaville)",
        "ATG": "Antigua & Barbuda",
    }
    assert iso3s(group_countries(wh, "Congo - Kinshasa,Congo (Brazzaville)", today=TODAY)) == [
        "COD",
        "COG",
    ]
