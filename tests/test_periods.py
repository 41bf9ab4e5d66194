"""The valid years, stated once: bounds, messages, spans and agreement with the features."""

from __future__ import annotations

from datetime import date

import pytest

from southsouth.errors import InputError, YearOutOfRange
from southsouth.periods import (
    DATA_YEARS,
    HORIZONS,
    MEMBERSHIP_YEARS,
    PLANNING_YEARS,
    TARGET_YEARS,
    check_date,
    check_year,
    check_year_span,
    parse_year_list,
)

DAY = date(2031, 6, 1)


def test_open_ranges_end_in_the_year_of_today():
    assert MEMBERSHIP_YEARS.bounds(DAY) == (1945, 2031)
    assert DATA_YEARS.bounds(DAY) == (1800, 2031)
    assert MEMBERSHIP_YEARS.last == date.today().year
    assert str(MEMBERSHIP_YEARS) == "1945 to the current year"


def test_fixed_ranges():
    assert (TARGET_YEARS.first, TARGET_YEARS.last) == (2025, 2100)
    assert (HORIZONS.first, HORIZONS.last) == (2030, 2055)
    assert (PLANNING_YEARS.first, PLANNING_YEARS.last) == (2025, 2055)
    assert str(HORIZONS) == "2030–2055"


def test_ranges_agree_with_the_features_that_apply_them():
    from southsouth.gaps.health_workforce import DEFAULT_AS_OF
    from southsouth.registry.membership import EARLIEST_YEAR
    from southsouth.roadmap.model import PHASES
    from southsouth.roadmap.planner import DEFAULT_HORIZON, MIN_HORIZON

    assert MEMBERSHIP_YEARS.first == EARLIEST_YEAR
    assert (HORIZONS.first, HORIZONS.last) == (MIN_HORIZON, PHASES[-1].end)
    assert HORIZONS.contains(DEFAULT_HORIZON)
    assert TARGET_YEARS.first == DEFAULT_AS_OF


@pytest.mark.parametrize("year", [1945, 2000, 2031])
def test_years_inside_pass_unchanged(year):
    assert check_year(year, MEMBERSHIP_YEARS, option="--year", today=DAY) == year


def test_none_passes():
    assert check_year(None, HORIZONS, option="--horizon") is None
    assert check_date(None, PLANNING_YEARS, option="--as-of") is None


@pytest.mark.parametrize("year", [0, -1, 1944, 2032, 3000])
def test_years_outside_name_option_value_and_range(year):
    with pytest.raises(YearOutOfRange) as caught:
        check_year(year, MEMBERSHIP_YEARS, option="--year", today=DAY)
    error = caught.value
    assert error.code == "year-out-of-range" and error.exit_code == 2
    assert error.message.startswith(f"--year {year} is out of range: valid years are 1945–2031;")
    assert error.hint == "give --year a membership year from 1945 to 2031"


def test_a_date_is_checked_by_its_year():
    assert check_date(date(2055, 12, 31), PLANNING_YEARS, option="--as-of") == date(2055, 12, 31)
    with pytest.raises(YearOutOfRange, match=r"--as-of 2056-01-01 is out of range.*2025–2055"):
        check_date(date(2056, 1, 1), PLANNING_YEARS, option="--as-of")


def test_a_span_must_be_inside_and_in_order():
    assert check_year_span(1995, 2023, DATA_YEARS, option="--years", today=DAY) == (1995, 2023)
    with pytest.raises(YearOutOfRange, match="ends before it starts") as caught:
        check_year_span(2023, 1999, DATA_YEARS, option="--years", today=DAY)
    assert caught.value.hint == "write the range earliest first, e.g. --years 1999-2023"
    with pytest.raises(YearOutOfRange, match="--years 2099 is out of range"):
        check_year_span(2020, 2099, DATA_YEARS, option="--years", today=DAY)


def test_year_lists_are_parsed_sorted_and_distinct():
    parsed = parse_year_list("2021, 2015,2019 - 2021", DATA_YEARS, option="--years", today=DAY)
    assert parsed == (2015, 2019, 2020, 2021)


@pytest.mark.parametrize("text", ["0-999999999", "1800-999999999", "2020,999999999"])
def test_huge_ranges_are_refused_before_they_are_expanded(text):
    with pytest.raises(YearOutOfRange, match="valid years are 1800–2031"):
        parse_year_list(text, DATA_YEARS, option="--years", today=DAY)


@pytest.mark.parametrize("text", ["", "twenty", "2020-", "-2020", "1e3", "2019..2023"])
def test_malformed_year_lists_are_input_errors(text):
    with pytest.raises(InputError, match="is not a year or a range") as caught:
        parse_year_list(text, DATA_YEARS, option="--years", today=DAY)
    assert caught.value.code == "invalid-input" and "2019-2023" in caught.value.hint
