"""Trade engine: complexity, South–South substitution potential and trade links.

The names below are loaded from their modules on first use (PEP 562), so importing one part
(the trade links a roadmap reads) does not load the others (the Spark and Ibis engines).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    "ComplexityOptions": "southsouth.trade.complexity",
    "ComplexityResult": "southsouth.trade.complexity",
    "CountryProductTable": "southsouth.trade.country_product",
    "ENGINES": "southsouth.trade.engine",
    "EciPci": "southsouth.trade.complexity",
    "InputReport": "southsouth.trade.screening",
    "Issue": "southsouth.trade.screening",
    "LEVELS": "southsouth.trade.classification",
    "LinksResult": "southsouth.trade.links",
    "PRODUCT_SETS": "southsouth.trade.products",
    "PreparedFlows": "southsouth.trade.links",
    "ProductSet": "southsouth.trade.products",
    "SCENARIOS": "southsouth.trade.substitution",
    "SouthShareResult": "southsouth.trade.south_share",
    "SubstitutionOptions": "southsouth.trade.substitution",
    "SubstitutionResult": "southsouth.trade.substitution",
    "aggregate_products": "southsouth.trade.classification",
    "allocate_capacity": "southsouth.trade.substitution",
    "calibration_from_warehouse": "southsouth.trade.synthetic",
    "clean_flows": "southsouth.trade.screening",
    "complementarity": "southsouth.trade.links",
    "complexity": "southsouth.trade.complexity",
    "complexity_from_matrix": "southsouth.trade.complexity",
    "connect": "southsouth.trade.engine",
    "country_product_table": "southsouth.trade.country_product",
    "density": "southsouth.trade.proximity",
    "distance": "southsouth.trade.proximity",
    "diversity": "southsouth.trade.rca",
    "eci_pci": "southsouth.trade.complexity",
    "generate_flows": "southsouth.trade.synthetic",
    "hs_chapter_sections": "southsouth.trade.classification",
    "knn_mask": "southsouth.trade.proximity",
    "local_spark_session": "southsouth.trade.engine",
    "options_for": "southsouth.trade.substitution",
    "population_table": "southsouth.trade.country_product",
    "prepare_flows": "southsouth.trade.links",
    "presence": "southsouth.trade.rca",
    "product_set": "southsouth.trade.products",
    "proximity": "southsouth.trade.proximity",
    "rca": "southsouth.trade.rca",
    "resolve_products": "southsouth.trade.products",
    "rpop": "southsouth.trade.rca",
    "sets_table": "southsouth.trade.products",
    "south_south_share": "southsouth.trade.south_share",
    "south_south_share_for": "southsouth.trade.south_share",
    "substitution_for": "southsouth.trade.substitution",
    "substitution_potential": "southsouth.trade.substitution",
    "trade_flow_sources": "southsouth.trade.links",
    "trade_links": "southsouth.trade.links",
    "trade_links_for": "southsouth.trade.links",
    "ubiquity": "southsouth.trade.rca",
    "warehouse_complexity": "southsouth.trade.country_product",
    "warehouse_flows": "southsouth.trade.links",
    "write_parquet": "southsouth.trade.synthetic",
}
__all__ = sorted(_EXPORTS)

# Names that are also submodules' names are bound now: importing the submodule later (as
# any caller may) would otherwise leave the module, not the function, under the name.
from southsouth.trade.complexity import complexity as complexity  # noqa: E402
from southsouth.trade.proximity import proximity as proximity  # noqa: E402
from southsouth.trade.rca import rca as rca  # noqa: E402


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
