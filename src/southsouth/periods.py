"""The years every surface accepts, stated once: memberships, data, targets, horizons, plans.

Each range is inclusive; a range that ends in "the current year" reads the clock when it is
asked (never at import). ``check_year`` and friends raise ``YearOutOfRange`` (exit code 2 on
the command line, 422 in the API) with a message naming the option, the value and the range.

::

    MEMBERSHIP_YEARS  1945–this year   memberships on 31 December of a year
    DATA_YEARS        1800–this year   observed data (reference and data years)
    TARGET_YEARS      2025–2100        projections and targets
    HORIZONS          2030–2055        the last year of a roadmap
    PLANNING_YEARS    2025–2055        the year of a roadmap's planning date (--as-of)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from southsouth.errors import InputError, YearOutOfRange

__all__ = [
    "DATA_YEARS",
    "HORIZONS",
    "MEMBERSHIP_YEARS",
    "PLANNING_YEARS",
    "TARGET_YEARS",
    "YearRange",
    "check_date",
    "check_year",
    "check_year_span",
    "parse_year_list",
]


@dataclass(frozen=True)
class YearRange:
    """An inclusive range of valid years; ``until=None`` means it ends in the current year."""

    name: str
    first: int
    until: int | None
    description: str

    def bounds(self, today: date | None = None) -> tuple[int, int]:
        """(first, last) on ``today`` (default: the clock's today)."""
        last = self.until if self.until is not None else (today or date.today()).year
        return self.first, last

    @property
    def last(self) -> int:
        """The last valid year (today's year for open ranges)."""
        return self.bounds()[1]

    def contains(self, year: int, today: date | None = None) -> bool:
        """Whether ``year`` is valid."""
        first, last = self.bounds(today)
        return first <= year <= last

    def __str__(self) -> str:
        """``2030–2055``, or ``1945 to the current year`` for open ranges (no clock read)."""
        return f"{self.first}–{self.until}" if self.until else f"{self.first} to the current year"

    def label(self, today: date | None = None) -> str:
        """``first–last``, e.g. ``1945–2026``."""
        first, last = self.bounds(today)
        return f"{first}–{last}"


MEMBERSHIP_YEARS = YearRange(
    "membership year",
    1945,
    None,
    "memberships are recorded from 1945, the year of the UN Charter, to the current year and "
    "are not forecast",
)
DATA_YEARS = YearRange(
    "data year",
    1800,
    None,
    "observed data runs from 1800, where Gapminder's historical series start, to the current year",
)
TARGET_YEARS = YearRange(
    "target year",
    2025,
    2100,
    "projections run from their 2025 base year to 2100, the last year of UN WPP 2024",
)
HORIZONS = YearRange(
    "horizon",
    2030,
    2055,
    "a roadmap ends no earlier than its first phase does, 2030, and no later than its last, 2055",
)
PLANNING_YEARS = YearRange(
    "planning year",
    2025,
    2055,
    "a roadmap is planned on a day from 2025, its projections' base year, to 2055, its end",
)


def _refuse(value: object, years: YearRange, option: str, today: date | None) -> YearOutOfRange:
    first, last = years.bounds(today)
    return YearOutOfRange(
        f"{option} {value} is out of range: valid years are {years.label(today)}; "
        f"{years.description}",
        hint=f"give {option} a {years.name} from {first} to {last}",
    )


def check_year(
    value: int | None, years: YearRange, *, option: str, today: date | None = None
) -> int | None:
    """``value`` unchanged if it is None or in ``years``; otherwise ``YearOutOfRange``."""
    if value is not None and not years.contains(value, today):
        raise _refuse(value, years, option, today)
    return value


def check_date(
    value: date | None, years: YearRange, *, option: str, today: date | None = None
) -> date | None:
    """``value`` unchanged if it is None or its year is in ``years``; else ``YearOutOfRange``."""
    if value is not None and not years.contains(value.year, today):
        raise _refuse(value.isoformat(), years, option, today)
    return value


def check_year_span(
    first: int, last: int, years: YearRange, *, option: str, today: date | None = None
) -> tuple[int, int]:
    """``(first, last)`` if both ends are in ``years`` and ``first <= last``; else an error."""
    for value in (first, last):
        check_year(value, years, option=option, today=today)
    if last < first:
        raise YearOutOfRange(
            f"{option} {first}-{last} ends before it starts: valid years are "
            f"{years.label(today)}, earliest first",
            hint=f"write the range earliest first, e.g. {option} {last}-{first}",
        )
    return first, last


_PART = re.compile(r"(\d{1,9})(?:\s*-\s*(\d{1,9}))?")


def parse_year_list(
    text: str, years: YearRange, *, option: str, today: date | None = None
) -> tuple[int, ...]:
    """``"2021"``, ``"2019-2023"`` or ``"2015,2019-2023"`` → sorted distinct years in ``years``.

    Every end is checked before a range is expanded, so no input makes a long list.
    """
    chosen: set[int] = set()
    for part in text.split(","):
        match = _PART.fullmatch(part.strip())
        if match is None:
            raise InputError(
                f"{option} {text!r}: {part.strip()!r} is not a year or a range",
                hint=f"write years as 2021, 2019-2023 or 2015,2019-2023 ({years.label(today)})",
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        check_year_span(first, last, years, option=option, today=today)
        chosen.update(range(first, last + 1))
    return tuple(sorted(chosen))
