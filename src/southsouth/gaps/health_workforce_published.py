"""Published health-workforce estimates, set beside the threshold model's numbers.

The founding text's figure is WHO AFRO's: a needs-based shortage of 6.1 million health
workers in the 47 countries of the WHO African Region by 2030 (Asamani et al. 2024). Its
model and ours differ in cadres, in how need is defined and in how supply is projected;
:func:`compare_with_published` states each difference with the numbers behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

ASAMANI_2024 = (
    "Asamani JA et al. Projected health workforce requirements and shortage for addressing "
    "the disease burden in the WHO Africa Region, 2022-2030: a needs-based modelling study. "
    "BMJ Global Health 2024 (Suppl 1):e015972, doi:10.1136/bmjgh-2024-015972"
)
ASAMANI_DECADE_2024 = (
    "Asamani JA et al. State of the health workforce in the WHO African Region: decade "
    "review of progress and opportunities for policy reforms and investments. BMJ Global "
    "Health 2024 (Suppl 1):e015952, doi:10.1136/bmjgh-2024-015952"
)
BONIOL_2022 = (
    "Boniol M et al. The global health workforce stock and distribution in 2020 and 2030: a "
    "threat to equity and 'universal' health coverage? BMJ Global Health 2022;7:e009316, "
    "Table 1 (African Region 2020: 0.33 M doctors, 1.19 M nurses, 0.25 M midwives)"
)
WHO_2016_THRESHOLD = (
    "WHO. Health workforce requirements for universal health coverage and the Sustainable "
    "Development Goals (Human Resources for Health Observer 17, background paper 1 to the "
    "Global Strategy on Human Resources for Health: Workforce 2030), 2016"
)


@dataclass(frozen=True)
class PublishedEstimate:
    """A published needs-based estimate for a group of countries in one year."""

    group: str
    year: int
    need: float
    shortage: float
    coverage: float
    base_year: int
    base_need: float
    base_coverage: float
    base_stock: float
    base_stock_sdg_occupations: float
    three_cadre_stock: float
    three_cadre_stock_year: int
    cadres: str
    method: str
    citation: str
    stock_citation: str
    three_cadre_stock_citation: str


#: WHO AFRO (Asamani et al. 2024): 9.75 M needed in 2022, 11.8 M in 2030; available workers
#: cover 43 % (2022) and 49 % (2030) of need; shortage 6.1 M in 2030. Stock in 2022:
#: 5.1 M health workers, 2.6 M of them doctors, nurses, midwives, dentists and pharmacists.
#: WHO's count of doctors, nurses and midwives in the region in 2020: 1.77 M (Boniol 2022).
AFRO_2030 = PublishedEstimate(
    group="WHO-AFRO",
    year=2030,
    need=11.8e6,
    shortage=6.1e6,
    coverage=0.49,
    base_year=2022,
    base_need=9.75e6,
    base_coverage=0.43,
    base_stock=5.1e6,
    base_stock_sdg_occupations=2.6e6,
    three_cadre_stock=0.33e6 + 1.19e6 + 0.25e6,
    three_cadre_stock_year=2020,
    cadres="all health-worker cadres (doctors, nurses, midwives, pharmacists, dentists, "
    "laboratory and other allied staff, community health workers, …)",
    method="needs-based: cadre-specific requirements from modelled service delivery for the "
    "region's disease burden; supply from a stock-and-flow model of the 2022 stock (age "
    "structure, graduation, migration)",
    citation=ASAMANI_2024,
    stock_citation=ASAMANI_DECADE_2024,
    three_cadre_stock_citation=BONIOL_2022,
)

PUBLISHED: tuple[PublishedEstimate, ...] = (AFRO_2030,)


@dataclass(frozen=True)
class PublishedComparison:
    """A published estimate beside the threshold model's result, and why they differ."""

    published: PublishedEstimate
    population: float
    need: float
    supply: float
    shortage: float
    coverage: float
    need_met_share: float
    countries_with_data: int
    countries_without_data: int
    published_supply: float
    published_need_per_1000: float
    mirror_stock: float
    mirror_stock_years: tuple[int, int]
    threshold_per_1000: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain mapping for JSON output."""
        return asdict(self)


def _m(value: float) -> str:
    return f"{value / 1e6:.2f} million"


def compare_with_published(
    estimate: PublishedEstimate,
    *,
    population: float,
    need: float,
    supply: float,
    shortage: float,
    countries_with_data: int,
    countries_without_data: int,
    mirror_stock: float,
    mirror_stock_years: tuple[int, int],
    threshold_per_1000: float,
    base_years: Mapping[str, tuple[int, int]],
) -> PublishedComparison:
    """Set ``estimate`` beside computed figures for the same group and year, with reasons.

    ``base_years`` maps each density series' label to the range of latest years used.
    """
    series_labels = tuple(base_years)
    base_years_text = "; ".join(f"{k} {a}–{b}" for k, (a, b) in base_years.items())
    published_supply = estimate.coverage * estimate.need
    published_density = estimate.need / population * 1000
    coverage = supply / need
    sdg_share = estimate.base_stock_sdg_occupations / estimate.base_stock
    first, last = mirror_stock_years
    reasons = (
        f"Cadres: the mirror has {' and '.join(series_labels)} only. WHO AFRO counts every "
        f"cadre: of the region's {_m(estimate.base_stock)} health workers in "
        f"{estimate.base_year}, only {_m(estimate.base_stock_sdg_occupations)} "
        f"({sdg_share:.0%}) were doctors, nurses, midwives, dentists and pharmacists; "
        "community health workers, laboratory, allied and other staff make up the rest. The "
        f"mirror's own headcount of doctors and nurses & midwives (latest densities × "
        f"population, {first}–{last}) is {_m(mirror_stock)}, against WHO's "
        f"{_m(estimate.three_cadre_stock)} for {estimate.three_cadre_stock_year} (Boniol et "
        "al. 2022): on these cadres the data are close; the cadres counted are not.",
        f"Need: here need is {threshold_per_1000:g} per 1,000 × population = {_m(need)} in "
        f"{estimate.year}. The published {_m(estimate.need)} equals "
        f"{published_density:.2f} workers per 1,000 of the UN WPP 2024 population used here "
        f"({published_density / threshold_per_1000:.2f} × the threshold), because it sums "
        "cadre-specific requirements derived from the services the disease burden calls for, "
        "not one density.",
        f"Threshold: {threshold_per_1000:g} doctors, nurses and midwives per 1,000 is WHO's "
        "2016 SDG index threshold, the density associated with attaining a composite index "
        "of 12 UHC tracer indicators (WHO 2016). It is one aggregate density tied to a "
        "service-coverage index and says nothing about the mix of cadres a health system "
        "needs.",
        f"Supply: here each country's latest density ({base_years_text}) is extrapolated by its "
        "own compound trend (its WHO region's median when its data is thin, capped); WHO "
        f"AFRO projects its {estimate.base_year} stock with a stock-and-flow model "
        f"(age structure, graduation, migration). Published supply in {estimate.year} is "
        f"{estimate.coverage:.0%} × {_m(estimate.need)} = {_m(published_supply)} across all "
        f"cadres; computed supply is {_m(supply)} of doctors and nurses & midwives.",
        f"Result: computed shortage {_m(shortage)} and coverage {coverage:.0%} "
        f"(supply/need; share of need met country by country "
        f"{1 - shortage / need:.0%}) against the published {_m(estimate.shortage)} and "
        f"{estimate.coverage:.0%}. The computed shortage is a sum of country shortages, "
        "never offset by another country's surplus; "
        f"{countries_with_data} of {countries_with_data + countries_without_data} countries "
        "have density data here.",
    )
    return PublishedComparison(
        published=estimate,
        population=population,
        need=need,
        supply=supply,
        shortage=shortage,
        coverage=coverage,
        need_met_share=1 - shortage / need,
        countries_with_data=countries_with_data,
        countries_without_data=countries_without_data,
        published_supply=published_supply,
        published_need_per_1000=published_density,
        mirror_stock=mirror_stock,
        mirror_stock_years=mirror_stock_years,
        threshold_per_1000=threshold_per_1000,
        reasons=reasons,
    )
