"""The country table: codes, names (CLDR short names made plain: ``Congo (Kinshasa)``), UN M49
regions, groups, capitals and borders.

Assembled from published code lists; each column's source is stated in
``sources/countries.py``. Pure functions over parsed inputs: no I/O here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from southsouth.language.names import plain
from southsouth.registry.crosswalk import CODE_COLUMNS, Crosswalk, normalise_name

#: Kosovo has no ISO 3166 code; XKX is the user-assigned code the EU, IMF and CIVICUS use.
KOSOVO = "XKX"

NSF_INCOME = {
    "Low": "Low income",
    "Lower-middle": "Lower middle income",
    "Upper-middle": "Upper middle income",
    "High": "High income",
}
GAPMINDER_INCOME = {
    "low_income": "Low income",
    "lower_middle_income": "Lower middle income",
    "upper_middle_income": "Upper middle income",
    "high_income": "High income",
}


@dataclass(frozen=True)
class CountryInputs:
    """Parsed inputs of the country table."""

    datahub: pd.DataFrame
    datahub_2020: pd.DataFrame
    mledoze: Sequence[dict]
    capitals: pd.DataFrame
    codelist: pd.DataFrame
    nsf_income: pd.DataFrame
    gapminder: pd.DataFrame


@dataclass(frozen=True)
class CountryTables:
    """The registry tables built from :class:`CountryInputs`."""

    country: pd.DataFrame
    codes: pd.DataFrame
    borders: pd.DataFrame
    income_fallback: tuple[str, ...]
    one_sided_borders: tuple[str, ...]


def _flag(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() == "x"


def _mledoze_iso3(record: dict) -> str:
    return KOSOVO if record["cca3"] == "UNK" else record["cca3"]


def build_country_tables(inputs: CountryInputs, crosswalk: Crosswalk) -> CountryTables:
    """Join the code lists into one row per country or territory."""
    mled = {_mledoze_iso3(r): r for r in inputs.mledoze}
    developing = {
        row["ISO3166-1-Alpha-3"]: row["Developed / Developing Countries"]
        for _, row in inputs.datahub_2020.iterrows()
        if row["ISO3166-1-Alpha-3"]
    }
    income = _income_groups(inputs, crosswalk)
    capitals = _capitals(inputs, crosswalk)

    rows = []
    for _, row in inputs.datahub.iterrows():
        iso3 = row["ISO3166-1-Alpha-3"].strip()
        if not iso3:
            continue
        rec = mled.get(iso3, {})
        name = plain(row["CLDR display name"] or rec.get("name", {}).get("common") or iso3)
        dev = developing.get(iso3, "")
        cap = capitals.get(iso3, {})
        latlng = rec.get("latlng") or [None, None]
        rows.append(
            {
                "iso3": iso3,
                "iso2": row["ISO3166-1-Alpha-2"] or None,
                "m49": int(row["M49"]) if row["M49"].isdigit() else None,
                "name": name,
                "official_name": row["official_name_en"] or rec.get("name", {}).get("official"),
                "region": row["Region Name"] or None,
                "subregion": row["Sub-region Name"] or None,
                "intermediate_region": row["Intermediate Region Name"] or None,
                "income_group": income.get(iso3, (None, False))[0],
                "ldc": _flag(row["Least Developed Countries (LDC)"]),
                "lldc": _flag(row["Land Locked Developing Countries (LLDC)"]),
                "sids": _flag(row["Small Island Developing States (SIDS)"]),
                "m49_developing": {"Developing": True, "Developed": False}.get(dev),
                "independent": row["is_independent"] == "Yes",
                "un_member": bool(rec.get("unMember", False)),
                "capital": cap.get("name") or (row["Capital"] or None),
                "capital_lat": cap.get("lat"),
                "capital_lon": cap.get("lon"),
                "lat": latlng[0],
                "lon": latlng[1],
                "area_km2": rec.get("area"),
                "landlocked": rec.get("landlocked"),
            }
        )
    if KOSOVO in mled:
        rec = mled[KOSOVO]
        cap = capitals.get(KOSOVO, {})
        rows.append(
            {
                "iso3": KOSOVO,
                "iso2": "XK",
                "m49": None,
                "name": "Kosovo",
                "official_name": rec["name"]["official"],
                "region": "Europe",
                "subregion": "Southern Europe",
                "intermediate_region": None,
                "income_group": income.get(KOSOVO, (None, False))[0],
                "ldc": False,
                "lldc": False,
                "sids": False,
                "m49_developing": None,
                "independent": True,
                "un_member": False,
                "capital": cap.get("name"),
                "capital_lat": cap.get("lat"),
                "capital_lon": cap.get("lon"),
                "lat": rec["latlng"][0],
                "lon": rec["latlng"][1],
                "area_km2": rec.get("area"),
                "landlocked": rec.get("landlocked"),
            }
        )
    country = pd.DataFrame(rows)
    known = set(country["iso3"])

    borders = pd.DataFrame(
        [
            {"iso3": iso3, "neighbour_iso3": KOSOVO if b == "UNK" else b}
            for iso3, rec in mled.items()
            if iso3 in known
            for b in rec.get("borders", [])
        ],
        columns=["iso3", "neighbour_iso3"],
    )
    borders = borders[borders["neighbour_iso3"].isin(known)].drop_duplicates()
    pairs = set(zip(borders["iso3"], borders["neighbour_iso3"], strict=True))
    one_sided = tuple(sorted(f"{a}-{b}" for a, b in pairs if (b, a) not in pairs))
    borders = borders[
        [(b, a) in pairs for a, b in zip(borders["iso3"], borders["neighbour_iso3"], strict=True)]
    ]

    codes = []
    for (scheme, code), iso3 in crosswalk.codes.items():
        if scheme in CODE_COLUMNS and iso3 in known:
            codes.append({"iso3": iso3, "scheme": scheme, "code": code})
    code_frame = pd.DataFrame(codes, columns=["iso3", "scheme", "code"]).drop_duplicates()
    fallback = tuple(sorted(k for k, (_, fb) in income.items() if fb and k in known))
    return CountryTables(country, code_frame, borders, fallback, one_sided)


def _income_groups(inputs: CountryInputs, crosswalk: Crosswalk) -> dict[str, tuple[str, bool]]:
    """ISO3 → (World Bank income group, taken from the older fallback?)."""
    out: dict[str, tuple[str, bool]] = {}
    for _, row in inputs.gapminder.iterrows():
        iso3 = row["iso3166_1_alpha3"] or (KOSOVO if row["country"] == "kos" else "")
        group = GAPMINDER_INCOME.get(row["income_groups"])
        if iso3 and group:
            out[iso3] = (group, True)
    nsf = inputs.nsf_income.drop_duplicates("entity")
    nsf = nsf[nsf["hierarchy_depth"].astype(int) >= 2]
    for _, row in nsf.iterrows():
        group = NSF_INCOME.get(row["income_group_fy2023"])
        iso3 = crosswalk.from_name(row["entity"])
        if iso3 and group:
            out[iso3] = (group, False)
        elif iso3 and row["income_group_fy2023"] == "Not classified":
            out.pop(iso3, None)
    return out


def _capitals(inputs: CountryInputs, crosswalk: Crosswalk) -> dict[str, dict]:
    """ISO3 → capital {name, lat, lon}, preferring the city DataHub names as capital."""
    named = {
        row["ISO3166-1-Alpha-3"]: normalise_name(row["Capital"])
        for _, row in inputs.datahub.iterrows()
        if row["ISO3166-1-Alpha-3"] and row["Capital"]
    }
    frame = inputs.capitals.copy()
    frame["iso3"] = [
        KOSOVO
        if a3 == "KOS"
        else crosswalk.from_code("iso2", iso2)
        if iso2 not in ("", "-99")
        else crosswalk.from_name(n)
        for a3, iso2, n in zip(frame["adm0_a3"], frame["iso_a2"], frame["adm0name"], strict=True)
    ]
    out: dict[str, dict] = {}
    for iso3, group in frame.groupby("iso3"):
        primary = group[group["featurecla"] == "Admin-0 capital"]
        want = named.get(iso3)
        match = (
            group[[normalise_name(n) == want for n in group["nameascii"]]]
            if want
            else group.iloc[0:0]
        )
        if match.empty and want:
            match = group[[normalise_name(n) == want for n in group["name"]]]
        chosen = (match if not match.empty else primary if not primary.empty else group).iloc[0]
        out[str(iso3)] = {
            "name": chosen["name"],
            "lat": float(chosen["latitude"]),
            "lon": float(chosen["longitude"]),
        }
    return out
