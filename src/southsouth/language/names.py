"""Country and territory names in each language, from CLDR (through Babel), never hand lists."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache


@cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale  # CLDR data, loaded when a name is first asked for

    return dict(Locale.parse(lang).territories)


def plain(name: str) -> str:
    """A CLDR name made plain for running text: ``Congo - Kinshasa`` → ``Congo (Kinshasa)``."""
    head, sep, tail = name.partition(" - ")
    return f"{head} ({tail})" if sep else name


def country_name(iso2: object, lang: str, fallback: str) -> str:
    """The CLDR short name of the territory ``iso2`` in ``lang``; ``fallback`` (the registry's
    English name) when CLDR has none (Kosovo's user-assigned code, a missing ISO2: None or
    a table's NaN)."""
    if not isinstance(iso2, str) or not iso2:
        return plain(fallback)
    found = _territories(lang).get(iso2.upper())
    return plain(found) if found else plain(fallback)


def names_in(rows: Iterable[tuple[object, object, object]], lang: str) -> dict[str, str]:
    """ISO3 → name in ``lang`` for ``(iso3, iso2, English name)`` rows (a country table's)."""
    return {str(iso3): country_name(iso2, lang, str(name)) for iso3, iso2, name in rows}
