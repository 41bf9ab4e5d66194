"""Strategic product sets as named lists of HS codes, each with its definition and source.

A set is a tuple of HS prefixes (chapters, headings or subheadings); a product code belongs to
the set when it starts with one of them, so the same set selects HS2, HS4 or HS6 codes of any
HS vintage (HS92 … HS2022: the chapters and headings used here kept their codes since HS92).
Chapter and heading titles are those of the WCO's Harmonized System 2022 (the warehouse's
``hs2022`` dataset). Which headings form "food staples" or "pharmaceutical inputs" is a choice
southsouth makes and writes down here; pass explicit codes to use another list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from southsouth.errors import InputError

HS2022 = "World Customs Organization, Harmonized System 2022 nomenclature (hs2022 dataset)"


@dataclass(frozen=True)
class ProductSet:
    """A named set of products: HS prefixes, what they cover and where the definition comes from."""

    id: str
    name: str
    prefixes: tuple[str, ...]
    definition: str
    source: str

    def contains(self, code: str) -> bool:
        """Whether an HS code (2, 4 or 6 digits) belongs to the set."""
        return code.startswith(self.prefixes)

    def as_dict(self) -> dict[str, object]:
        """The set as a plain mapping."""
        return {
            "id": self.id,
            "name": self.name,
            "prefixes": list(self.prefixes),
            "definition": self.definition,
            "source": self.source,
        }


_VEGETABLE_OILS = tuple(f"15{n:02d}" for n in range(7, 16))

PRODUCT_SETS: dict[str, ProductSet] = {
    s.id: s
    for s in (
        ProductSet(
            "pharma",
            "Pharmaceutical products",
            ("30",),
            "HS chapter 30 'Pharmaceutical products', headings 3001–3006: includes 3002 "
            "(blood fractions, immunological products, vaccines) and 3004 (medicaments in "
            "measured doses or packed for retail sale).",
            HS2022,
        ),
        ProductSet(
            "vaccines",
            "Vaccines, blood fractions and immunological products",
            ("3002",),
            "HS heading 3002 (human and animal blood for therapeutic uses, antisera, "
            "immunological products, vaccines, toxins, cultures of micro-organisms).",
            HS2022,
        ),
        ProductSet(
            "medicaments",
            "Medicaments",
            ("3003", "3004"),
            "HS headings 3003 (medicaments not in measured doses) and 3004 (medicaments in "
            "measured doses or packed for retail sale).",
            HS2022,
        ),
        ProductSet(
            "pharma-inputs",
            "Pharmaceutical inputs (active ingredients)",
            ("2936", "2937", "2939", "2941"),
            "HS chapter 29 headings whose goods are mostly active pharmaceutical ingredients: "
            "2936 provitamins and vitamins, 2937 hormones, 2939 alkaloids, 2941 antibiotics. "
            "southsouth's working list; other chapter-29 headings also hold APIs but mix them "
            "with industrial chemicals.",
            HS2022 + "; list chosen by southsouth",
        ),
        ProductSet(
            "fertiliser",
            "Fertilisers",
            ("31",),
            "HS chapter 31 'Fertilisers' (3101–3105: animal or vegetable, nitrogenous, "
            "phosphatic, potassic and mixed fertilisers). Ammonia (2814) is not included.",
            HS2022,
        ),
        ProductSet(
            "cereals",
            "Cereals",
            ("10",),
            "HS chapter 10 'Cereals' (wheat 1001, rye, barley, oats, maize 1005, rice 1006, "
            "sorghum, millet, …).",
            HS2022,
        ),
        ProductSet(
            "food-staples",
            "Food staples",
            (
                "10",
                "1101",
                "1102",
                "0713",
                "0701",
                "0714",
                *_VEGETABLE_OILS,
                "1701",
                "0401",
                "0402",
            ),
            "Cereals (chapter 10) and cereal flours (1101 wheat, 1102 other cereals); dried "
            "pulses (0713); potatoes (0701) and cassava, sweet potatoes and other starchy roots "
            "(0714); vegetable oils (1507–1515); cane or beet sugar (1701); milk and cream "
            "(0401, 0402). The groups follow the FAO Food Price Index commodity groups "
            "(cereals, vegetable oils, dairy, sugar; meat left out) plus the starchy roots and "
            "pulses of FAO food balance sheets; the heading list is southsouth's choice.",
            HS2022 + "; groups after FAO (Food Price Index, food balance sheets)",
        ),
        ProductSet(
            "energy",
            "Energy (mineral fuels)",
            ("27",),
            "HS chapter 27 'Mineral fuels, mineral oils and products of their distillation; "
            "bituminous substances; mineral waxes' (coal 2701, crude oil 2709, refined oil "
            "2710, natural gas 2711, electrical energy 2716, …).",
            HS2022,
        ),
        ProductSet(
            "semiconductors",
            "Semiconductors",
            ("8541", "8542"),
            "HS headings 8541 (semiconductor devices, photovoltaic cells, LEDs) and 8542 "
            "(electronic integrated circuits).",
            HS2022,
        ),
    )
}


def product_set(name: str) -> ProductSet:
    """The named set (``pharma``, ``fertiliser``, ``food-staples``, ``energy``, …)."""
    key = name.strip().lower()
    if key not in PRODUCT_SETS:
        raise InputError(
            f"unknown product set {name!r}",
            hint=f"use one of {', '.join(PRODUCT_SETS)} or a comma list of HS codes",
        )
    return PRODUCT_SETS[key]


def resolve_products(spec: str | Iterable[str] | ProductSet | None) -> tuple[str, ...] | None:
    """HS prefixes for a product filter; ``None`` means every product.

    ``spec`` is a set id, a comma list mixing set ids and HS codes (``"pharma,3105"``), an
    iterable of such items, or a :class:`ProductSet`.
    """
    if spec is None:
        return None
    if isinstance(spec, ProductSet):
        return spec.prefixes
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    prefixes: list[str] = []
    for raw in items:
        item = str(raw).strip()
        if not item:
            continue
        if item.isdigit() or item[:2].isdigit():
            prefixes.append(item)
        else:
            prefixes.extend(product_set(item).prefixes)
    if not prefixes:
        raise InputError("empty product filter", hint="name a product set or HS codes")
    return tuple(dict.fromkeys(prefixes))


def in_products(codes: pd.Series, prefixes: Sequence[str] | None) -> pd.Series:
    """Boolean mask: which ``codes`` start with one of ``prefixes`` (all when ``None``)."""
    if prefixes is None:
        return pd.Series(True, index=codes.index)
    return codes.astype(str).str.startswith(tuple(prefixes))


def prefix_filter(column: ir.StringColumn, prefixes: Sequence[str] | None) -> ir.BooleanValue:
    """:func:`in_products` as an Ibis expression over a column of codes."""
    if prefixes is None:
        return ibis.literal(True)
    out = column.startswith(prefixes[0])
    for prefix in prefixes[1:]:
        out = out | column.startswith(prefix)
    return out


def sets_table() -> pd.DataFrame:
    """Every named set: id, name, prefixes, definition, source."""
    rows = [s.as_dict() for s in PRODUCT_SETS.values()]
    for row in rows:
        row["prefixes"] = ",".join(row["prefixes"])  # type: ignore[arg-type]
    return pd.DataFrame(rows)
