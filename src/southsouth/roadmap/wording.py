"""Numbers and lists in the roadmap's sentences: head-counts and figures in words, listings."""

from __future__ import annotations

from collections.abc import Sequence


def people(n: float) -> str:
    """A head-count in words: 1.2 billion, 3.9 million, 120,000."""
    if abs(n) >= 1e9:
        return f"{n / 1e9:.1f} billion"
    if abs(n) >= 1e6:
        return f"{n / 1e6:.1f} million"
    return f"{n:,.0f}"


def figure(value: float) -> str:
    """A figure for sentences: 3 significant digits, millions and billions in words."""
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:,.3g} billion"
    if size >= 1e6:
        return f"{value / 1e6:,.3g} million"
    if size >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def listing(names: Sequence[str], limit: int = 6) -> str:
    """``A, B, C and 4 more``."""
    shown = list(names[:limit])
    rest = len(names) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return "".join(shown)
