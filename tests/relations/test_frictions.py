"""The curated frictions table: every row sourced, validated, and in effect by date."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from southsouth.errors import ParseError
from southsouth.relations.frictions import in_effect, load_frictions, parse_frictions

HEADER = "country_a,country_b,level,since,until,summary,publisher,title,date,url\n"
ROW = "BGD,IND,2,2024-08-05,,strain,The Publisher,A title,2025-01-02,https://example.org/a\n"


def test_shipped_table_loads_with_a_source_for_every_row():
    frictions = load_frictions()
    assert len(frictions) == 13
    for column in ("publisher", "title", "url", "summary"):
        assert (frictions[column].str.len() > 0).all(), column
    assert frictions["url"].str.startswith("https://").all()
    assert frictions["date"].map(lambda d: isinstance(d, date)).all()
    assert (frictions["country_a"] < frictions["country_b"]).all()
    assert set(frictions["level"]) <= {1, 2, 3}


def test_shipped_table_has_india_bangladesh_since_august_2024():
    frictions = load_frictions()
    a, b = frictions["country_a"], frictions["country_b"]
    india_bangladesh = frictions[(a == "BGD") & (b == "IND")]
    assert len(india_bangladesh) == 3
    assert india_bangladesh["since"].min() == date(2024, 8, 5)
    assert india_bangladesh["until"].isna().all()
    assert set(india_bangladesh["level"]) == {2}
    india_pakistan = frictions[(a == "IND") & (b == "PAK")]
    assert india_pakistan.iloc[0]["level"] == 3
    assert india_pakistan.iloc[0]["until"] == date(2025, 5, 10)


def test_month_precision_dates_start_on_the_first():
    frame = parse_frictions(HEADER + ROW.replace("2024-08-05", "2025-01"))
    assert frame.iloc[0]["since"] == date(2025, 1, 1)
    assert frame.iloc[0]["line"] == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW.replace("The Publisher", ""), "empty publisher"),
        (ROW.replace(",2,", ",4,"), "level '4'"),
        (ROW.replace("BGD,IND", "IND,BGD"), "alphabetical"),
        (ROW.replace("BGD,IND", "BGD,INDIA"), "alphabetical"),
        (ROW.replace("https://", "http://"), "https"),
        (ROW.replace(",,strain", ",2024-01-01,strain"), "before since"),
        (ROW.replace("2025-01-02", "2025-13-02"), "bad date"),
    ],
)
def test_bad_rows_name_the_line(row, message):
    text = "# a comment line\n" + HEADER + ROW + row
    with pytest.raises(ParseError) as caught:
        parse_frictions(text, origin="mine.csv")
    assert message in caught.value.message
    assert caught.value.line == 4


def test_missing_column_is_reported():
    with pytest.raises(ParseError, match="missing columns"):
        parse_frictions("country_a,country_b,level\nBGD,IND,2\n")


def test_in_effect_keeps_ongoing_and_recently_ended_rows():
    frame = pd.DataFrame(
        {
            "since": [date(2020, 1, 1), date(2020, 1, 1), date(2020, 1, 1), date(2027, 1, 1)],
            "until": [None, date(2024, 1, 1), date(2022, 12, 31), None],
            "level": [1, 2, 3, 3],
        }
    )
    kept = in_effect(frame, date(2026, 1, 1), years=3)
    # ended 2024-01-01 is within three years; ended 2022-12-31 is not; 2027 has not begun
    assert list(kept["level"]) == [1, 2]
    assert list(in_effect(frame, date(2026, 1, 1), years=4)["level"]) == [1, 2, 3]
