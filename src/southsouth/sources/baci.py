"""CEPII BACI: bilateral trade by HS 6-digit product.

Two kinds of dataset read the same raw layout (``t,i,j,k,v,q``, one file per year):

* ``baci-hs92-2021-afg-zaf``, the mirror's real extract (exporters Afghanistan and South
  Africa only, all partners, 2021), with the V202201 country dictionary;
* full CEPII releases, built on demand by :func:`baci_release_dataset` (the CLI's
  ``southsouth data sync baci --release HS92:V202501 --years 2019-2023``): the release zip
  is downloaded once, the requested years and the country dictionary are extracted next to
  it, and DuckDB reads the yearly CSVs (~11 million rows each) straight into the warehouse.

Values: BACI's ``v`` is in thousands of current US$ and is stored as ``value_usd = v × 1000``
(US$); ``q`` is in metric tons, ``NA`` (and, in V2023 files, space padding) → null.
Countries: BACI's numeric codes are CEPII's, not pure ISO numeric (USA 842, India 699,
France 251, Norway 579, Switzerland 757, Taiwan 490); they are mapped to ISO3 through the
release's own dictionary. Codes that are no country (e.g. "Europe EFTA, nes") or that
duplicate another code's ISO3 (former or aggregate territories such as 711, the Southern
African Customs Union) are dropped and reported with their row counts.
"""

from __future__ import annotations

import re
import shutil
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from southsouth.atomic import atomic_write_text, atomic_writer
from southsouth.errors import InputError, ParseError, YearOutOfRange
from southsouth.sources.dataset import Dataset, ParseInput, Resource
from southsouth.sources.licences import ETALAB_2, github_raw
from southsouth.sources.trade_codes import require_codes
from southsouth.tabular import read_csv
from southsouth.warehouse.scan import scan_file
from southsouth.warehouse.store import SqlInsert

CITATION = (
    "Gaulier, G. and Zignago, S. (2010), BACI: International Trade Database at the "
    "Product-Level. The 1994-2007 Version, CEPII Working Paper 2010-23"
)
HOMEPAGE = "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"
DOWNLOAD = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data"

#: HS revisions BACI is released in, and the first year each covers.
FIRST_YEAR = {
    "HS92": 1995,
    "HS96": 1996,
    "HS02": 2002,
    "HS07": 2007,
    "HS12": 2012,
    "HS17": 2017,
    "HS22": 2022,
}

#: CEPII codes whose dictionary entry is no ISO3 country although the territory is known.
CONVENTIONS: dict[int, tuple[str, str]] = {
    490: ("TWN", "'Other Asia, nes' is how UN Comtrade, and so BACI, records Taiwan"),
}

#: Country-dictionary layouts: (code, name, ISO3) columns, up to V2023xx and from V2024xx.
DICTIONARY_LAYOUTS = (
    ("country_code", "country_name_abbreviation", "iso_3digit_alpha"),
    ("country_code", "country_name", "country_iso3"),
)

TRADE_COLUMNS = ("t", "i", "j", "k", "v", "q")
_CSV = (
    "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
    "columns = {'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'VARCHAR', "
    "'v': 'DOUBLE', 'q': 'VARCHAR'}"
)


def _quantity(column: str) -> str:
    """SQL for BACI's quantity: trimmed (V2023 pads it), ``NA`` or empty → NULL."""
    return f"CAST(NULLIF(NULLIF(trim({column}), 'NA'), '') AS DOUBLE)"


#: HS 6-digit codes, written as integers (leading zero dropped) or as CEPII's legacy
#: non-WCO codes such as 9999AA.
_PRODUCT_OK = "regexp_full_match(trim(k), '[0-9]{1,6}|[0-9]{4}[A-Z]{2}')"
_CHECK_SQL = f"""
SELECT i, j,
       count(*) AS n_rows,
       count(*) FILTER (WHERE t IS DISTINCT FROM $year) AS wrong_year,
       any_value(t) FILTER (WHERE t IS DISTINCT FROM $year) AS wrong_year_example,
       count(*) FILTER (WHERE k IS NULL OR NOT {_PRODUCT_OK}) AS bad_product,
       any_value(k) FILTER (WHERE k IS NULL OR NOT {_PRODUCT_OK}) AS bad_product_example,
       count(*) FILTER (WHERE v IS NULL OR v < 0) AS bad_value,
       sum(v) AS value_thousand_usd,
       count({_quantity("q")}) AS quantity_rows
FROM read_csv($path, {_CSV})
GROUP BY i, j
"""
#: Lookup table (CEPII code → ISO3) registered while the insert runs.
CODES_VIEW = "_baci_country_iso3"
_INSERT_SQL = f"""
SELECT f.t AS year,
       e.iso3 AS exporter_iso3,
       m.iso3 AS importer_iso3,
       ? AS classification,
       lpad(trim(f.k), 6, '0') AS product,
       f.v * 1000 AS value_usd,
       {_quantity("f.q")} AS quantity_t,
       1 AS period_years,
       'annual' AS aggregation,
       ? AS source_id
FROM read_csv(?, {_CSV}) AS f
JOIN {CODES_VIEW} AS e ON f.i = e.code
JOIN {CODES_VIEW} AS m ON f.j = m.code
"""


# -- country codes --------------------------------------------------------------------


@dataclass(frozen=True)
class CountryCodes:
    """CEPII country codes resolved to ISO3, and those that were not, with the reason."""

    iso3: Mapping[int, str]
    unmapped: Mapping[int, str]
    conventions: Mapping[int, str]

    def frame(self) -> pd.DataFrame:
        """The code → ISO3 lookup the insert joins."""
        return pd.DataFrame(
            {
                "code": pd.Series(list(self.iso3), dtype="int32"),
                "iso3": pd.Series(list(self.iso3.values()), dtype=object),
            }
        )


def read_country_codes(path: Path) -> pd.DataFrame:
    """A BACI country dictionary (either layout, UTF-8 or ISO-8859-1) as code, name, iso3."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "latin-1"  # CEPII shipped dictionaries up to V2023xx in ISO-8859-1
    frame = read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    for code, name, iso3 in DICTIONARY_LAYOUTS:
        if {code, name, iso3} <= set(frame.columns):
            break
    else:
        raise ParseError(
            str(path),
            f"not a BACI country dictionary: columns {list(frame.columns)}",
            hint="expected country_code with iso_3digit_alpha (to V2023) or country_iso3",
        )
    codes = frame[code].str.strip()
    require_codes(codes, r"\d+", path, "a number", label="country_code ")
    out = pd.DataFrame(
        {
            "code": codes.astype(int),
            "name": frame[name].str.strip(),
            "iso3": frame[iso3].str.strip().str.upper(),
        }
    )
    repeated = out["code"][out["code"].duplicated()]
    if not repeated.empty:
        raise ParseError(str(path), f"country_code {int(repeated.iloc[0])} is listed twice")
    return out


def map_country_codes(
    dictionary: pd.DataFrame,
    countries: set[str],
    iso_numeric: Callable[[int], str | None],
    supplement: Mapping[int, tuple[str, str]] | None = None,
) -> CountryCodes:
    """Resolve CEPII codes (``dictionary``: code, name, iso3) to ISO3 country codes.

    ``countries`` are the ISO3 codes the registry knows; ``iso_numeric`` maps an ISO 3166
    numeric code to ISO3. ``supplement`` adds codes (code → (ISO3, name)) a dictionary
    lacks; they are listed with the conventions, so parsers report their use. A code is
    kept when its ISO3 is a country; when several codes share an ISO3 (e.g. 710 South
    Africa and 711 SACU), only the one equal to the ISO numeric code is kept.
    """
    rows = [(int(r.code), str(r.name), str(r.iso3)) for r in dictionary.itertuples()]
    known = {code for code, _, _ in rows}
    conventions: dict[int, str] = {}
    for code, (iso3, name) in (supplement or {}).items():
        if code not in known:
            rows.append((code, name, iso3))
            conventions[code] = f"{code} {name} → {iso3} (added by southsouth)"
    candidates: dict[str, list[tuple[int, str]]] = {}
    unmapped: dict[int, str] = {}
    for code, name, iso3 in rows:
        if iso3 not in countries and code in CONVENTIONS:
            iso3, why = CONVENTIONS[code]
            conventions[code] = f"{code} {name} → {iso3} ({why})"
        if iso3 not in countries:
            unmapped[code] = f"{code} {name} ({iso3 or 'no ISO3'}: not a country)"
            continue
        candidates.setdefault(iso3, []).append((code, name))
    mapped: dict[int, str] = {}
    for iso3, group in candidates.items():
        if len(group) == 1:
            mapped[group[0][0]] = iso3
            continue
        own = [code for code, _ in group if iso_numeric(code) == iso3]
        for code, name in group:
            if len(own) == 1 and code == own[0]:
                mapped[code] = iso3
            elif len(own) == 1:
                unmapped[code] = f"{code} {name} (shares {iso3} with code {own[0]})"
            else:
                unmapped[code] = f"{code} {name} (one of several codes for {iso3})"
    return CountryCodes(mapped, unmapped, conventions)


def _codes_for(
    inp: ParseInput, dictionary: Path, supplement: Mapping[int, tuple[str, str]] | None = None
) -> CountryCodes:
    walk = inp.crosswalk
    return map_country_codes(
        read_country_codes(dictionary),
        walk.iso3,
        lambda code: walk.from_code("iso3n", code),
        supplement,
    )


# -- yearly trade files ---------------------------------------------------------------


def check_trade_file(path: Path, year: int) -> pd.DataFrame:
    """Read every row of a BACI yearly file; return row counts and values per (i, j).

    Raises ParseError naming the file for a wrong header, a malformed row, a row of another
    year, an invalid product code or an empty or negative value.
    """
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8", "replace").strip().lstrip("\ufeff")
    names = [part.strip().strip('"') for part in header.split(",")]
    if tuple(names) != TRADE_COLUMNS:
        raise ParseError(
            str(path),
            f"header {header[:80]!r} is not BACI's t,i,j,k,v,q",
            line=1,
            hint="this is not a BACI yearly trade file",
        )
    summary = scan_file(path, _CHECK_SQL, {"path": str(path), "year": year})
    if summary[["i", "j"]].isna().to_numpy().any():
        rows = int(summary.loc[summary[["i", "j"]].isna().any(axis=1), "n_rows"].sum())
        raise ParseError(str(path), f"{rows} rows lack an exporter or importer code")
    problems = (
        ("wrong_year", "wrong_year_example", f"rows of year {{}} in the file for {year}"),
        ("bad_product", "bad_product_example", "product code {!r} is not an HS 6-digit code"),
    )
    for count, example, message in problems:
        bad = summary[summary[count] > 0]
        if not bad.empty:
            total = int(bad[count].sum())
            raise ParseError(str(path), f"{total} " + message.format(bad[example].iloc[0]))
    if summary["bad_value"].sum() > 0:
        raise ParseError(
            str(path), f"{int(summary['bad_value'].sum())} rows have an empty or negative value"
        )
    return summary


def _report_codes(inp: ParseInput, summary: pd.DataFrame, codes: CountryCodes) -> None:
    """Report rows dropped for unmapped codes and rows mapped by convention."""
    exporter_ok = summary["i"].isin(list(codes.iso3))
    importer_ok = summary["j"].isin(list(codes.iso3))
    dropped = summary[~(exporter_ok & importer_ok)]
    if not dropped.empty:
        used = sorted(set(dropped["i"][~exporter_ok]) | set(dropped["j"][~importer_ok]))
        described = [
            codes.unmapped.get(int(c), f"{int(c)} (not in the country dictionary)") for c in used
        ]
        inp.report(
            "unmapped-code",
            "BACI country codes without an ISO3 country, rows dropped: " + "; ".join(described),
            int(dropped["n_rows"].sum()),
        )
    for code, note in codes.conventions.items():
        rows = int(summary.loc[(summary["i"] == code) | (summary["j"] == code), "n_rows"].sum())
        if rows:
            inp.report("mapped-by-convention", note, rows)


def _trade_insert(
    inp: ParseInput, files: Mapping[int, Path], codes: CountryCodes, classification: str
) -> dict[str, SqlInsert]:
    summaries = [check_trade_file(path, year) for year, path in sorted(files.items())]
    summary = pd.concat(summaries, ignore_index=True)
    _report_codes(inp, summary, codes)
    paths = [str(path) for _, path in sorted(files.items())]
    return {
        "trade_flow": SqlInsert(
            _INSERT_SQL,
            (classification, inp.dataset.id, paths),
            {CODES_VIEW: codes.frame()},
        )
    }


# -- the mirror's extract --------------------------------------------------------------

REPO = "WoutersResearchGroup/R-IO-PS"
#: Commit at which the mirror copied inst/extdata/ (byte for byte).
COMMIT = "b92251089a10ea890a5807da9939b6d40702a48a"
EXTRACT_FILE = "baci_hs92_y2021_exporters_afg_zaf.csv"
EXTRACT_DICTIONARY = "country_codes_V202201.csv"
#: The extract is from release V202301, the mirror's dictionary from V202201. V202301 codes
#: Italy 380 (its ISO numeric code); V202201 still listed Italy as 381, so 380 is missing.
EXTRACT_SUPPLEMENT = {380: ("ITA", "Italy (V202301 code, absent from the V202201 dictionary)")}


def _parse_extract(inp: ParseInput) -> Mapping[str, SqlInsert]:
    codes = _codes_for(inp, inp.path(EXTRACT_DICTIONARY), EXTRACT_SUPPLEMENT)
    return _trade_insert(inp, {2021: inp.path(EXTRACT_FILE)}, codes, "HS92")


BACI_EXTRACT = Dataset(
    id="baci-hs92-2021-afg-zaf",
    title="CEPII BACI HS92, 2021: exports of Afghanistan and South Africa only "
    "(extract; all partners, HS 6-digit)",
    publisher="CEPII (extract republished by WoutersResearchGroup/R-IO-PS)",
    licence=ETALAB_2,
    citation=CITATION + "; BACI HS92 V202301, year 2021, rows of exporters 4 (AFG) and "
    "710 (ZAF), via the R-IO-PS package (Stellenbosch Industrial Policy Research Group)",
    vintage="BACI V202301, year 2021; country dictionary V202201",
    format="csv",
    domain="trade",
    homepage=HOMEPAGE,
    tables=("trade_flow",),
    caveats=(
        "Covers exporters Afghanistan and South Africa only (to 211 partners): not world trade.",
        "Values converted from BACI's thousands of US$ to US$ (v × 1000); quantities in "
        "metric tons, missing (NA) on 2,306 rows.",
        "BACI reconciles exporter and importer reports: South Africa's total is below its "
        "national statistics (gold and platinum-group metals treatment).",
        "Country dictionary V202201 is older than the data (V202301): Italy's new code 380 "
        "is added by hand; 490 'Other Asia, nes' is read as Taiwan.",
    ),
    resources=(
        Resource(
            EXTRACT_FILE,
            f"trade/bilateral_product/{EXTRACT_FILE}",
            github_raw(REPO, COMMIT, "inst/extdata/ExampleTradeData.csv"),
            "bd52f6d44f35a4eb45fd6cecb1f3644754390fe9b959c5efc100527cd9872b5f",
        ),
        Resource(
            EXTRACT_DICTIONARY,
            "trade/classifications/baci_country_codes_V202201.csv",
            github_raw(REPO, COMMIT, "inst/extdata/country_codes_V202201.csv"),
            "9d819aff8755b462ad6b070381cba84440e96f560264dc354d25115dedff5f9b",
        ),
    ),
    parse=_parse_extract,
)


# -- full releases ----------------------------------------------------------------------

_VERSION = re.compile(r"V?(\d{6}[a-z]?)", re.IGNORECASE)
_YEARS = re.compile(r"(\d{4})(?:\s*-\s*(\d{4}))?")


@dataclass(frozen=True)
class BaciRelease:
    """One CEPII BACI release: an HS revision and a version (``HS92``, ``202501``)."""

    classification: str
    version: str

    @property
    def dataset_id(self) -> str:
        """Stable dataset id, e.g. ``baci-hs92-v202501``."""
        return f"baci-{self.classification.lower()}-v{self.version.lower()}"

    @property
    def zip_name(self) -> str:
        """CEPII's file name, e.g. ``BACI_HS92_V202501.zip``."""
        return f"BACI_{self.classification}_V{self.version}.zip"

    def year_file(self, year: int) -> str:
        """Name of one year's trade file inside the zip."""
        return f"BACI_{self.classification}_Y{year}_V{self.version}.csv"

    @property
    def dictionary_file(self) -> str:
        """Name of the country dictionary inside the zip."""
        return f"country_codes_V{self.version}.csv"


def _classification(text: str) -> str:
    name = text.strip().upper()
    if name not in FIRST_YEAR:
        raise InputError(
            f"unknown BACI classification {text!r}; BACI is released in " + ", ".join(FIRST_YEAR),
            hint="write the release as e.g. HS92:V202501",
        )
    return name


def _version(text: str) -> str:
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise InputError(
            f"invalid BACI version {text!r}; versions look like V202501 (year and month)",
            hint="see https://www.cepii.fr/DATA_DOWNLOAD/baci/ for the current version",
        )
    return match.group(1).lower()


def parse_release(text: str) -> BaciRelease:
    """``"HS92:V202501"`` → BaciRelease("HS92", "202501"); InputError when malformed."""
    parts = text.split(":")
    if len(parts) != 2:
        raise InputError(
            f"invalid BACI release {text!r}; write CLASSIFICATION:VERSION, e.g. HS92:V202501",
            hint="classifications: " + ", ".join(FIRST_YEAR),
        )
    return BaciRelease(_classification(parts[0]), _version(parts[1]))


def parse_years(text: str) -> tuple[int, ...]:
    """``"2019-2023"``, ``"2021"`` or ``"2015,2019-2021"`` → sorted distinct years."""
    years: set[int] = set()
    for part in text.split(","):
        match = _YEARS.fullmatch(part.strip())
        if match is None:
            raise InputError(
                f"invalid years {text!r}: {part.strip()!r} is not a year or a range",
                hint="write years as 2021, 2019-2023 or 2015,2019-2023",
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise InputError(f"invalid year range {part.strip()!r}: it ends before it starts")
        years.update(range(first, last + 1))
    return tuple(sorted(years))


def _span(years: Sequence[int]) -> str:
    """1995, 1996, 1997, 2001 → '1995–1997, 2001'."""
    parts: list[str] = []
    ordered = sorted(years)
    start = prev = ordered[0] if ordered else 0
    for year in [*ordered[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts) if ordered else "no years"


def baci_release_dataset(classification: str, version: str, years: Sequence[int]) -> Dataset:
    """The Dataset for ``years`` of a CEPII BACI release, e.g. ("HS92", "V202501", [2021]).

    Raises InputError for an unknown classification or malformed version, and
    YearOutOfRange for years before the classification exists. Years the release does not
    hold are reported when it has been downloaded (the zip lists them).
    """
    release = BaciRelease(_classification(classification), _version(version))
    chosen = tuple(sorted(set(years)))
    if not chosen:
        raise InputError("no years chosen for the BACI release", hint="e.g. --years 2019-2023")
    first = FIRST_YEAR[release.classification]
    early = [y for y in chosen if y < first]
    if early:
        raise YearOutOfRange(
            f"BACI {release.classification} starts in {first}; "
            f"{', '.join(map(str, early))} is earlier",
            hint=f"choose years from {first}, or an older HS revision (HS92 starts in 1995)",
        )
    span = _span(chosen)
    return Dataset(
        id=release.dataset_id,
        title=f"CEPII BACI {release.classification} (V{release.version}): bilateral trade "
        f"by HS 6-digit product, {span}",
        publisher="CEPII",
        licence=ETALAB_2,
        citation=f"{CITATION}; BACI {release.classification} version {release.version}",
        vintage=f"BACI V{release.version}; years {span}",
        format="zip of csv",
        domain="trade",
        homepage=HOMEPAGE,
        tables=("trade_flow",),
        caveats=(
            "Values converted from BACI's thousands of US$ to US$ (v × 1000); quantities in "
            "metric tons, missing where BACI has none.",
            "BACI reconciles exporter and importer reports (CIF/FOB, mirror flows): totals "
            "differ from national statistics. Zero flows are absent.",
            "CEPII country codes mapped to ISO3 through the release's dictionary; aggregates "
            "and former territories are dropped (reported); 490 'Other Asia, nes' is Taiwan.",
        ),
        resources=(
            Resource(
                release.zip_name,
                f"trade/baci/{release.zip_name}",
                f"{DOWNLOAD}/{release.zip_name}",
            ),
        ),
        parse=partial(_parse_release, release, chosen),
    )


def _extract_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, directory: Path) -> Path:
    """Copy one zip member next to the zip (temp file + rename); reuse an intact copy."""
    target = directory / Path(info.filename).name
    stamp = target.with_name(target.name + ".zipentry")
    expected = f"crc32={info.CRC:08x} size={info.file_size}"
    if (
        target.is_file()
        and target.stat().st_size == info.file_size
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8") == expected
    ):
        return target
    stamp.unlink(missing_ok=True)
    with archive.open(info) as source, atomic_writer(target) as out:
        shutil.copyfileobj(source, out, 1 << 20)
    atomic_write_text(stamp, expected)
    return target


def _parse_release(
    release: BaciRelease, years: Sequence[int], inp: ParseInput
) -> Mapping[str, SqlInsert]:
    zip_path = inp.path(release.zip_name)
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = {Path(i.filename).name: i for i in archive.infolist() if not i.is_dir()}
            pattern = re.compile(
                rf"BACI_{release.classification}_Y(\d{{4}})_V{re.escape(release.version)}\.csv"
            )
            held = {int(m.group(1)): name for name in members if (m := pattern.fullmatch(name))}
            missing = [y for y in years if y not in held]
            if missing:
                raise YearOutOfRange(
                    f"BACI {release.classification} V{release.version} has no "
                    f"{', '.join(map(str, missing))}; the release holds {_span(list(held))}",
                    hint=f"choose --years within {_span(list(held))}",
                )
            if release.dictionary_file not in members:
                raise ParseError(
                    str(zip_path),
                    f"no {release.dictionary_file} in the release "
                    f"(it holds {', '.join(sorted(members)[:6])}…)",
                )
            directory = zip_path.parent
            dictionary = _extract_member(archive, members[release.dictionary_file], directory)
            files = {y: _extract_member(archive, members[held[y]], directory) for y in years}
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ParseError(
            str(zip_path),
            f"damaged zip: {exc}",
            hint="delete it from the cache and sync again to download it afresh",
        ) from exc
    codes = _codes_for(inp, dictionary)
    return _trade_insert(inp, files, codes, release.classification)


DATASETS = (BACI_EXTRACT,)
