"""The whole index: screen → impute → treat → normalise → weight → aggregate → rank, plus
coherence, strengths and weaknesses, uncertainty and sensitivity analyses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.aggregate import aggregate, rank_descending
from southsouth.index.coherence import Coherence, coherence
from southsouth.index.coverage import Screening, screen
from southsouth.index.normalise import positive_scale
from southsouth.index.options import IndexOptions
from southsouth.index.prepare import prepare
from southsouth.index.sensitivity import (
    SobolResult,
    sobol_design,
    sobol_indices,
    sobol_problem,
)
from southsouth.index.spec import IndexSpec, validate_data
from southsouth.index.strengths import strengths_weaknesses
from southsouth.index.uncertainty import (
    Choices,
    UncertaintyResult,
    Variants,
    evaluate,
    mean_rank_shift,
    monte_carlo,
    prepare_variants,
)
from southsouth.index.weights import effective_weights, indicator_weights, pca_weights

MEAN_RANK_SHIFT = "mean_rank_shift"


@dataclass(frozen=True)
class IndexResult:
    """A built index. Tables are indexed by unit (rows kept after screening):

    - ``indicator_scores``: normalised scores (higher is better), units × indicators;
    - ``pillar_scores``: units × pillars; ``overall``: ``score``, ``rank``, ``share`` (part
      of the effective weight backed by data, imputed included) and ``observed_share``
      (observed data only);
    - ``ranks``: units × (pillars + ``overall``), 1 = best, ties share the best rank;
    - ``share``/``observed_share``: the same shares for every pillar and the overall;
    - ``imputed``: True where a value was imputed; ``treatment``: per-indicator outlier log;
    - ``coverage``: per-unit data coverage and whether it was kept; ``dropped``: every
      indicator and unit screened out and why;
    - ``weights``: within-pillar, pillar and effective weight per indicator;
    - ``strengths``: per unit its best/worst indicators relative to the median of all units;
    - ``coherence``; the screened ``spec``; the ``options``; ``notes`` on the data limits.

    Geometric aggregation runs on the positive scale of ``normalise.positive_scale``, so its
    pillar and overall scores are on that scale (1–100 for bounded normalisations).
    """

    indicator_scores: pd.DataFrame
    pillar_scores: pd.DataFrame
    overall: pd.DataFrame
    ranks: pd.DataFrame
    share: pd.DataFrame
    observed_share: pd.DataFrame
    imputed: pd.DataFrame
    treatment: pd.DataFrame
    coverage: pd.DataFrame
    dropped: pd.DataFrame
    weights: pd.DataFrame
    strengths: pd.DataFrame
    coherence: Coherence
    spec: IndexSpec
    options: IndexOptions
    notes: tuple[str, ...]


def screened(data: pd.DataFrame, spec: IndexSpec, options: IndexOptions) -> Screening:
    """Validated and screened input for ``options``."""
    return screen(
        validate_data(data, spec),
        spec,
        indicator_min=options.indicator_min_coverage,
        unit_min=options.unit_min_coverage,
        unit_min_pillar=options.unit_min_pillar_coverage,
        force_include=options.force_include,
        force_exclude=options.force_exclude,
    )


def build_index(
    data: pd.DataFrame,
    spec: IndexSpec,
    options: IndexOptions | None = None,
    *,
    groups: pd.Series | None = None,
) -> IndexResult:
    """Build the index of ``data`` (units × indicators, NaN = missing) under ``spec`` and
    ``options``; ``groups`` (unit → label) serves group imputation."""
    options = options or IndexOptions()
    screening = screened(data, spec, options)
    kept = screening.spec
    prepared = prepare(
        screening.data,
        kept,
        imputation=options.imputation,
        treat_outliers=options.treat_outliers,
        rule=options.outlier_rule,
        normalisation=options.normalisation,
        groups=groups,
    )
    scores = prepared.scores
    within = indicator_weights(options.weights, kept, scores)
    notes = _notes(screening, prepared.imputed, prepared.treatment)
    if options.weights == "pca":
        for row in pca_weights(scores, kept).pillars.itertuples():
            if row.note:
                notes.append(f"PCA weights, {row.pillar}: {row.note}")
    values = scores
    if options.aggregation == "geometric":
        positive, floored = positive_scale(scores.to_numpy(float), options.normalisation)
        values = pd.DataFrame(positive, index=scores.index, columns=scores.columns)
        if floored:
            notes.append(f"{floored} z-score(s) below −4.5 floored at 1 for geometric aggregation")
    observed = ~prepared.imputed & scores.notna()
    aggregated = aggregate(
        values,
        kept,
        within,
        options.aggregation,
        min_share=options.min_share,
        observed=observed,
    )
    pillar_scores = aggregated.pillar
    ranks = pd.DataFrame(
        rank_descending(pillar_scores.to_numpy(float)),
        index=pillar_scores.index,
        columns=pillar_scores.columns,
    )
    ranks["overall"] = rank_descending(aggregated.overall.to_numpy(float))
    overall = pd.DataFrame(
        {
            "score": aggregated.overall,
            "rank": ranks["overall"],
            "share": aggregated.share["overall"],
            "observed_share": aggregated.observed_share["overall"],
        }
    )
    unscored = int(overall["score"].isna().sum())
    if unscored:
        notes.append(f"{unscored} unit(s) without an overall score (share below min_share)")
    return IndexResult(
        indicator_scores=scores,
        pillar_scores=pillar_scores,
        overall=overall,
        ranks=ranks,
        share=aggregated.share,
        observed_share=aggregated.observed_share,
        imputed=prepared.imputed,
        treatment=prepared.treatment,
        coverage=screening.coverage,
        dropped=screening.dropped,
        weights=effective_weights(kept, within),
        strengths=strengths_weaknesses(scores, prepared.imputed, options.n_strengths),
        coherence=coherence(scores, pillar_scores, aggregated.overall, kept),
        spec=kept,
        options=options,
        notes=tuple(notes),
    )


def _notes(screening: Screening, imputed: pd.DataFrame, treatment: pd.DataFrame) -> list[str]:
    notes = []
    dropped = screening.dropped
    out = ~dropped["reason"].str.startswith("kept by request")
    for kind in ("indicator", "unit"):
        ids = dropped.loc[out & (dropped["kind"] == kind), "id"].tolist()
        if ids:
            notes.append(f"{len(ids)} {kind}(s) screened out: {', '.join(map(str, ids))}")
    missing = int(screening.data.isna().to_numpy().sum())
    n_imputed = int(imputed.to_numpy().sum())
    if missing:
        notes.append(
            f"{missing} missing value(s) among the units and indicators kept; {n_imputed} imputed"
        )
    for action in ("winsorised", "log"):
        ids = treatment.loc[treatment["action"] == action, "indicator"].tolist()
        if ids:
            notes.append(f"outliers {action}: {', '.join(ids)}")
    return notes


def _variants_and_nominal(
    data: pd.DataFrame,
    spec: IndexSpec,
    options: IndexOptions,
    choices: Choices,
    groups: pd.Series | None,
) -> tuple[IndexResult, Variants, list[str]]:
    nominal = build_index(data, spec, options, groups=groups)
    screening = screened(data, spec, options)
    variants = prepare_variants(screening.data, screening.spec, options, choices, groups)
    notes = [
        f"the nominal {name} is not among the alternatives sampled"
        for name in choices.absent_nominal(options)
    ]
    return nominal, variants, notes


def analyse_uncertainty(
    data: pd.DataFrame,
    spec: IndexSpec,
    options: IndexOptions | None = None,
    replications: int = 1000,
    seed: int = 0,
    *,
    choices: Choices | None = None,
    groups: pd.Series | None = None,
) -> UncertaintyResult:
    """Monte Carlo rank uncertainty over ``choices`` (see ``uncertainty``) around the
    nominal index of ``options``: per unit its nominal rank, median rank and 5–95 % band."""
    options = options or IndexOptions()
    choices = choices or Choices()
    nominal, variants, notes = _variants_and_nominal(data, spec, options, choices, groups)
    result = monte_carlo(variants, nominal.overall["rank"].to_numpy(float), replications, seed)
    return replace(result, notes=(*result.notes, *notes))


def analyse_sensitivity(
    data: pd.DataFrame,
    spec: IndexSpec,
    options: IndexOptions | None = None,
    base_samples: int = 256,
    seed: int = 0,
    *,
    choices: Choices | None = None,
    groups: pd.Series | None = None,
    targets: Sequence[str] = (MEAN_RANK_SHIFT,),
) -> SobolResult:
    """First-order and total Sobol indices of each target with respect to the varied
    choices. A target is ``"mean_rank_shift"`` (mean |rank − nominal rank| over units) or a
    unit id (that unit's rank)."""
    options = options or IndexOptions()
    choices = choices or Choices()
    nominal, variants, notes = _variants_and_nominal(data, spec, options, choices, groups)
    kept = nominal.spec
    units = list(nominal.overall.index)
    for target in targets:
        if target != MEAN_RANK_SHIFT and target not in units:
            raise InputError(
                f"sensitivity target {target!r} is neither {MEAN_RANK_SHIFT!r} nor a unit "
                "of the index",
                hint="pass a unit id (e.g. an ISO3 code) that survives screening",
            )
    problem = sobol_problem(choices, kept)
    runs = sobol_design(problem, choices, kept, base_samples, seed)
    ranks = rank_descending(evaluate(variants, runs))
    nominal_ranks = nominal.overall["rank"].to_numpy(float)
    outputs = np.column_stack(
        [
            mean_rank_shift(ranks, nominal_ranks)
            if target == MEAN_RANK_SHIFT
            else ranks[units.index(target)]
            for target in targets
        ]
    )
    indices, index_notes = sobol_indices(problem, outputs, list(targets), seed)
    not_varied = choices.not_varied()
    if not_varied:
        notes.append(f"held fixed (not varied): {', '.join(not_varied)}")
    return SobolResult(
        indices=indices,
        base_samples=base_samples,
        runs=runs.size,
        seed=seed,
        not_varied=not_varied,
        notes=tuple([*notes, *index_notes]),
    )
