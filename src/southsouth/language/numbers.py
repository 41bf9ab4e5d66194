"""Numbers in each language: the report's significant-figure rule with the language's separators.

:func:`format_number` keeps ``digits`` significant figures before the decimal point runs out
(1,350 · 55.0 · 0.645), as the English report does, and writes them with CLDR's grouping and
decimal signs (``1 350,0`` in French, ``1.350,0`` in Spanish). :func:`format_figure` writes
a figure for sentences, millions and billions in words (``7,8 millions``); :func:`people`
and :func:`figure` are the English forms the analyses write (``3.9 million``).
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import cache

MISSING = "—"


def _decimals(x: float, digits: int) -> int:
    return max(0, digits - 1 - math.floor(math.log10(abs(x))))


def format_number(value: float | int | None, lang: str, digits: int = 3) -> str:
    """``value`` with ``digits`` significant figures (never fewer than its integer digits) in
    the number format of ``lang``; ``—`` when missing."""
    from babel.numbers import format_decimal  # CLDR data, read when first needed

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    x = float(value)
    if x == 0:
        return "0"
    decimals = _decimals(x, digits)
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(Decimal(f"{x:.{decimals}f}"), format=pattern, locale=lang)


@cache
def _signs(lang: str) -> tuple[str, str]:
    """The decimal and group signs of ``lang`` with Latin digits (CLDR, through Babel)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return (
        get_decimal_symbol(lang, numbering_system="latn"),
        get_group_symbol(lang, numbering_system="latn"),
    )


def in_language(text: str, lang: str) -> str:
    """A number written the English way (``1,234.5``) with ``lang``'s signs (``1 234,5``)."""
    if lang == "en":
        return text
    decimal, group = _signs(lang)
    return text.translate({ord("."): decimal, ord(","): group})


def format_figure(value: float, lang: str) -> str:
    """A figure for sentences in ``lang``: three significant figures, millions and billions
    in words; smaller figures of a thousand or more as whole numbers."""
    from babel.numbers import format_compact_decimal, format_decimal

    rounded = float(f"{value:.3g}")
    if abs(rounded) >= 1e6:
        return format_compact_decimal(rounded, format_type="long", locale=lang, fraction_digits=2)
    if abs(rounded) >= 1000:
        return format_decimal(round(value), format="#,##0", locale=lang)
    return format_decimal(Decimal(repr(rounded)), format="#,##0.######", locale=lang)


def people(n: float) -> str:
    """A head-count in English words: 1.2 billion, 3.9 million, 120,000."""
    if abs(n) >= 1e9:
        return f"{n / 1e9:.1f} billion"
    if abs(n) >= 1e6:
        return f"{n / 1e6:.1f} million"
    return f"{n:,.0f}"


def figure(value: float) -> str:
    """A figure for English sentences: 3 significant digits, millions and billions in words."""
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:,.3g} billion"
    if size >= 1e6:
        return f"{value / 1e6:,.3g} million"
    if size >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"
