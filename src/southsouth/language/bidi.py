"""Bidirectional text: numbers, units and ranges kept in reading order inside Arabic text.

An Arabic sentence reorders neutral characters around it: "2026–2030" may read "2030–2026"
and "% of GDP" may lose its place. Each such run is wrapped in Unicode isolates (FSI … PDI),
which every browser and Pango honour, so it is laid out as one left-to-right unit.
"""

from __future__ import annotations

FIRST_STRONG_ISOLATE = "\u2068"
LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(text: object, *, ltr: bool = True) -> str:
    """``text`` as one isolated run: left-to-right (numbers, codes, ranges) by default, else
    in the direction of its first strong character."""
    opener = LEFT_TO_RIGHT_ISOLATE if ltr else FIRST_STRONG_ISOLATE
    return f"{opener}{text}{POP_DIRECTIONAL_ISOLATE}"


def year_range(start: int | str, end: int | str) -> str:
    """``start–end`` isolated, so it reads left to right in any paragraph direction."""
    return isolate(f"{start}–{end}")
