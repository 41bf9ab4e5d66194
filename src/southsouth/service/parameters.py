"""The parameter types of declared reads, with their bounds stated once.

Group and country texts follow the request grammar of :mod:`southsouth.group_grammar`
(codes, names, group ids and comma lists, capped in length and in entries); years are held to
the ranges of :mod:`southsouth.periods`. Nothing a parameter holds names a file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from southsouth.group_grammar import GROUP_TEXT_PATTERN, MAX_GROUP_TEXT, MAX_LIST_ITEMS
from southsouth.periods import DATA_YEARS, MEMBERSHIP_YEARS, TARGET_YEARS, YearRange, check_year

#: Most groups a repeatable group parameter takes.
MAX_GROUPS = 12
#: Longest country code or name.
MAX_NAME = 80

GROUP_HELP = (
    "A Global South definition (g77, m49-developing, wb-lmic, all), a bloc id (AU, BRICS, …) "
    f"or ISO3 codes or names separated by commas (at most {MAX_LIST_ITEMS})"
)


def few_entries(text: str) -> str:
    """``text`` unchanged when it lists at most :data:`MAX_LIST_ITEMS` entries."""
    if text.count(",") >= MAX_LIST_ITEMS:
        raise ValueError(f"at most {MAX_LIST_ITEMS} comma-separated countries")
    return text


def _in(years: YearRange, option: str) -> AfterValidator:
    return AfterValidator(lambda value: check_year(value, years, option=option))


#: A group text: a definition id, a bloc id or name, or a comma list of countries.
GroupText = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=MAX_GROUP_TEXT, pattern=GROUP_TEXT_PATTERN
    ),
    AfterValidator(few_entries),
]
#: Some group texts (a repeatable parameter).
GroupTexts = Annotated[tuple[GroupText, ...], Field(max_length=MAX_GROUPS)]
#: An ISO3 code or a country name.
CountryText = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=MAX_NAME, pattern=GROUP_TEXT_PATTERN
    ),
]
#: Memberships on 31 December of a year (default: today).
MembershipYear = Annotated[int | None, _in(MEMBERSHIP_YEARS, "year")]
#: A reference year of observed data (default: the latest).
DataYear = Annotated[int | None, _in(DATA_YEARS, "year")]
#: A year of a projection or target.
TargetYear = Annotated[int, _in(TARGET_YEARS, "year")]
