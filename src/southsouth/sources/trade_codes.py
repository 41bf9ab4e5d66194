"""The codes in trade files: product codes, HS sections and the two countries of a flow.

Checks shared by the trade connectors (BACI, OEC, Atlas, OTS, intra-African trade, the
gravity panel). A malformed code raises ParseError naming the file and line (files with one
header line). This module defines no dataset itself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import ParseInput
from southsouth.tabular import check_numeric


def require_codes(codes: pd.Series, pattern: str, path: Path, what: str, label: str = "") -> None:
    """Raise ParseError ``<label>'<code>' is not <what>`` at the first code not fully matching."""
    bad = ~codes.str.fullmatch(pattern)
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ParseError(str(path), f"{label}{codes.iloc[first]!r} is not {what}", line=first + 2)


def hs_sections(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """HS section numbers 1–21 in ``column`` as codes ``01``…``21``; others raise ParseError."""
    numbers = check_numeric(frame, column, path)
    bad = ~numbers.between(1, 21) | (numbers % 1 != 0)
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ParseError(
            str(path), f"section {frame[column].iloc[first]!r} is not 1–21", line=first + 2
        )
    return numbers.astype(int).map(lambda n: f"{n:02d}")


def between_countries(
    inp: ParseInput, exporter: pd.Series, importer: pd.Series, *, what: str
) -> np.ndarray:
    """Mask of the flows whose exporter and importer are both countries (others reported)."""
    known = inp.countries_only(pd.concat([exporter, importer]), what=what)
    return known.iloc[: len(exporter)].to_numpy() & known.iloc[len(exporter) :].to_numpy()
