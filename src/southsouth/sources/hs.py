"""The Harmonized System 2022 (chapters, headings, subheadings) and its 21 sections.

Two classifications go to the ``product`` table:

* ``HS-section``: the 21 HS sections, coded ``01``–``21`` (the WCO numbers them I–XXI; the
  arabic, zero-padded form is what trade tables by section use);
* ``HS22``: 97 chapters (``2digit``), 1,229 headings (``4digit``) and 5,613 subheadings
  (``6digit``), zero-padded. A chapter's parent is its section's ``HS-section`` code; a
  heading's parent its chapter; a subheading's its heading. Chapter 99 (commodities not
  specified according to kind, with 9999 and 999999) belongs to no section.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from southsouth.errors import ParseError
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import PDDL, github_raw
from southsouth.tabular import read_csv

REPO = "datasets/harmonized-system"
COMMIT = "905e5a0fa29f5700d62cb3cc1265f21bc8a92329"
LEVELS = {"2": "2digit", "4": "4digit", "6": "6digit"}
#: Section of chapter 99 ("commodities not specified according to kind"), which has none.
NO_SECTION = "TOTAL"
_NUMERALS = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(number: int) -> str:
    """1 → 'I', 21 → 'XXI' (enough for the 21 HS sections)."""
    out = ""
    for letters, value in _NUMERALS:
        while number >= value:
            out += letters
            number -= value
    return out


#: WCO section numeral → the zero-padded code used in ``HS-section``.
SECTION_CODES = {roman(n): f"{n:02d}" for n in range(1, 22)}


def _section_code(numeral: str, path: str, line: int) -> str:
    try:
        return SECTION_CODES[numeral.strip().upper()]
    except KeyError:
        raise ParseError(path, f"{numeral!r} is not an HS section (I–XXI)", line=line) from None


def _parse(inp: ParseInput) -> Mapping[str, pd.DataFrame]:
    sections_path = inp.path("sections.csv")
    sections = read_csv(
        sections_path,
        columns=["section", "name"],
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    section_rows = pd.DataFrame(
        {
            "classification": "HS-section",
            "code": [
                _section_code(s, str(sections_path), i + 2)
                for i, s in enumerate(sections["section"])
            ],
            "level": "section",
            "name": sections["name"].str.strip(),
            "parent": None,
        }
    )
    if len(section_rows) != 21:
        raise ParseError(str(sections_path), f"{len(section_rows)} sections, expected 21")

    hs_path = inp.path("harmonized-system.csv")
    hs = read_csv(
        hs_path,
        columns=["section", "hscode", "description", "parent", "level"],
        dtype=str,
        keep_default_na=False,
    )
    total = hs["hscode"] == "TOTAL"
    if total.any():
        inp.report("aggregate-dropped", "row TOTAL (all HS2022 commodities)", int(total.sum()))
    hs = hs[~total]
    level = hs["level"].map(LEVELS)
    well_formed = (
        level.notna()
        & hs["hscode"].str.fullmatch(r"\d+")
        & (hs["hscode"].str.len() == pd.to_numeric(hs["level"], errors="coerce"))
    )
    if not well_formed.all():
        first = int((~well_formed).to_numpy().nonzero()[0][0])
        row = hs.iloc[first]
        raise ParseError(
            str(hs_path),
            f"code {row['hscode']!r} does not fit level {row['level']!r}",
            line=int(hs.index[first]) + 2,
        )
    chapter = level == "2digit"
    parent = hs["parent"].where(~chapter, None)
    sectioned = chapter & (hs["section"] != NO_SECTION)
    parent[sectioned] = [
        _section_code(s, str(hs_path), int(i) + 2) for i, s in hs.loc[sectioned, "section"].items()
    ]
    inside = [code.startswith(up) for code, up in zip(hs["hscode"], hs["parent"], strict=True)]
    nested = ~chapter & ~pd.Series(inside, index=hs.index)
    if nested.any():
        row = hs[nested].iloc[0]
        raise ParseError(str(hs_path), f"{row['hscode']} is not inside its parent {row['parent']}")
    codes = pd.DataFrame(
        {
            "classification": "HS22",
            "code": hs["hscode"],
            "level": level,
            "name": hs["description"].str.strip(),
            "parent": parent,
        }
    )
    return {"product": pd.concat([section_rows, codes], ignore_index=True)}


HS2022 = Dataset(
    id="hs2022",
    title="Harmonized System 2022: sections, chapters, headings and subheadings",
    publisher="World Customs Organization (HS 2022) via UN Comtrade; datasets/harmonized-system",
    licence=PDDL,
    citation="World Customs Organization, Harmonized Commodity Description and Coding System "
    "2022, as published by UN Comtrade; DataHub datasets/harmonized-system",
    vintage="HS 2022 (in force since 1 January 2022)",
    data_year=2022,
    format="csv",
    domain="trade",
    homepage="https://github.com/datasets/harmonized-system",
    tables=("product",),
    requires_crosswalk=False,
    caveats=(
        "HS 2022 codes; BACI and Atlas data use HS 1992 (HS92), whose codes differ in places.",
        "Sections are coded 01–21 (WCO numerals I–XXI).",
    ),
    resources=(
        Resource(
            "harmonized-system.csv",
            "trade/classifications/hs2022_harmonized_system.csv",
            github_raw(REPO, COMMIT, "data/harmonized-system.csv"),
            "e77ee9e1cfd15a42d1fadeb2c0618d10f6b9ed9aec0e5d66826dc7ef9d3126a5",
        ),
        Resource(
            "sections.csv",
            "trade/classifications/hs2022_sections.csv",
            github_raw(REPO, COMMIT, "data/sections.csv"),
            "96313884a3c7ef5182d20f25ce73a34c2763c1d26ac5992d66460a3c32bae782",
        ),
    ),
    parse=_parse,
)

DATASETS = (HS2022,)
