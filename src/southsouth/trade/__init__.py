"""Trade engine: complexity, South–South substitution potential and trade links."""

# Economic complexity (methods §6). Other parts: extend __all__ with `__all__ += [...]`.
from southsouth.trade.classification import LEVELS, aggregate_products, hs_chapter_sections
from southsouth.trade.complexity import (
    ComplexityOptions,
    ComplexityResult,
    EciPci,
    complexity,
    complexity_from_matrix,
    eci_pci,
)
from southsouth.trade.country_product import (
    CountryProductTable,
    country_product_table,
    population_table,
    warehouse_complexity,
)
from southsouth.trade.links import (
    LinksResult,
    PreparedFlows,
    complementarity,
    prepare_flows,
    trade_flow_sources,
    trade_links,
    trade_links_for,
    warehouse_flows,
)
from southsouth.trade.proximity import density, distance, knn_mask, proximity
from southsouth.trade.rca import diversity, presence, rca, rpop, ubiquity
from southsouth.trade.screening import InputReport, Issue, clean_flows
from southsouth.trade.south_share import SouthShareResult, south_south_share, south_south_share_for

__all__ = [
    "LEVELS",
    "ComplexityOptions",
    "ComplexityResult",
    "CountryProductTable",
    "EciPci",
    "InputReport",
    "Issue",
    "aggregate_products",
    "clean_flows",
    "complexity",
    "complexity_from_matrix",
    "country_product_table",
    "density",
    "distance",
    "diversity",
    "eci_pci",
    "hs_chapter_sections",
    "knn_mask",
    "population_table",
    "presence",
    "proximity",
    "rca",
    "rpop",
    "ubiquity",
    "warehouse_complexity",
]

# Trade links and South–South shares (methods §7, missing-link detector).
__all__ += [
    "LinksResult",
    "PreparedFlows",
    "SouthShareResult",
    "complementarity",
    "prepare_flows",
    "south_south_share",
    "south_south_share_for",
    "trade_flow_sources",
    "trade_links",
    "trade_links_for",
    "warehouse_flows",
]

# South–South substitution potential (methods §7), engines, product sets, SYNTHETIC flows.
from southsouth.trade.engine import ENGINES, connect, local_spark_session  # noqa: E402
from southsouth.trade.products import (  # noqa: E402
    PRODUCT_SETS,
    ProductSet,
    product_set,
    resolve_products,
    sets_table,
)
from southsouth.trade.substitution import (  # noqa: E402
    SCENARIOS,
    SubstitutionOptions,
    SubstitutionResult,
    allocate_capacity,
    options_for,
    substitution_for,
    substitution_potential,
)
from southsouth.trade.synthetic import (  # noqa: E402
    calibration_from_warehouse,
    generate_flows,
    write_parquet,
)

__all__ += [
    "ENGINES",
    "PRODUCT_SETS",
    "SCENARIOS",
    "ProductSet",
    "SubstitutionOptions",
    "SubstitutionResult",
    "allocate_capacity",
    "calibration_from_warehouse",
    "connect",
    "generate_flows",
    "local_spark_session",
    "options_for",
    "product_set",
    "resolve_products",
    "sets_table",
    "substitution_for",
    "substitution_potential",
    "write_parquet",
]
