"""Lists in the roadmap's English sentences (head-counts and figures: language.numbers)."""

from __future__ import annotations

from collections.abc import Sequence


def listing(names: Sequence[str], limit: int = 6) -> str:
    """``A, B, C and 4 more``."""
    shown = list(names[:limit])
    rest = len(names) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return "".join(shown)
