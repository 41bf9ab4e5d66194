"""Text cells that a spreadsheet must not run as formulas (CSV / formula injection).

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``), and some strip a leading
tab or carriage return first. Following OWASP's rule, every exported *text* cell that
starts with one of those six characters gets a leading single quote, which spreadsheets
show as text and do not display; numbers written as numbers (``-0.5``) are left alone.

So that a file read back gives the same text, a cell that starts with quotes followed by a
trigger (``'=x``, ``''=x``) also gets one more quote, and :func:`restore_formula_text`
removes exactly one quote from such a cell and nothing else: ``'=1+1`` reads back as
``=1+1``, ``''=1+1`` as ``'=1+1``, and ``'hello`` stays ``'hello``.
"""

from __future__ import annotations

#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _looks_like_formula(cell: str) -> bool:
    """True when ``cell``, after any leading quotes, starts with a formula trigger."""
    return cell.lstrip(QUOTE).startswith(FORMULA_TRIGGERS)


def neutralise_formula(cell: str) -> str:
    """``cell`` as a text cell no spreadsheet runs: quoted when it could be a formula."""
    return QUOTE + cell if _looks_like_formula(cell) else cell


def restore_formula_text(cell: str) -> str:
    """The text that :func:`neutralise_formula` turned into ``cell`` (its inverse)."""
    if cell.startswith(QUOTE) and _looks_like_formula(cell):
        return cell[1:]
    return cell
