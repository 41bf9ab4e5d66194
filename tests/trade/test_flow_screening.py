"""The bilateral-flow rule shared by trade links and the substitution potential."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.trade import screening
from southsouth.trade.engine import quiet

ROWS = [
    (2021, "A", "B", "p", 5.0),  # usable
    (2021, "A", "B", "q", np.inf),  # infinite
    (2021, "A", "", "p", 1.0),  # empty code: missing
    (2021, "A", "C", "p", np.nan),  # NaN: missing
    (2021, "B", "A", "p", -1.0),  # negative
    (2021, "B", "B", "p", 2.0),  # domestic
    (2021, "A", "ZZZ", "p", 3.0),  # unknown country
    (2021, "B", "C", "x", 3.0),  # unknown product
    (2021, "C", "A", "p", 0.0),  # zero
    (2021, "C", "B", "p", 4.0),  # duplicated key, one row negative
    (2021, "C", "B", "p", -4.0),
]


def test_rule_orders_of_the_two_callers() -> None:
    links = screening.flow_rules(infinite_missing=True, duplicates_first=True)
    substitution = screening.flow_rules(infinite_missing=False, duplicates_first=False)
    assert list(links) == list(screening.FLOW_RULES)
    assert list(substitution) == [k for k in screening.FLOW_RULES if k != "duplicate-key"] + [
        "duplicate-key"
    ]
    assert links["missing-value"].endswith("NaN or infinite")
    assert substitution["missing-value"].endswith("empty or NaN")


@pytest.mark.parametrize("infinite", [True, False])
def test_flow_rule_on_duckdb(infinite: bool) -> None:
    with quiet():
        t = ibis.memtable(
            pd.DataFrame(ROWS, columns=["year", "exporter", "importer", "product", "value"])
        )
        dups = screening.repeated_keys(t.filter(~screening.flow_missing(t, infinite=True)))
        t = t.left_join(
            dups.select(*screening.FLOW_KEY, dup=True), list(screening.FLOW_KEY)
        ).select(*screening.FLOW_COLUMNS, dup=lambda r: r.dup.fill_null(False))
        rule = screening.flow_rule(
            t,
            infinite_missing=infinite,
            duplicate=t.dup if infinite else None,
            known_countries=t.exporter.isin(["A", "B", "C"]) & t.importer.isin(["A", "B", "C"]),
            known_product=t["product"].isin(["p", "q"]),
        )
        got = t.mutate(rule=rule).order_by(["exporter", "importer", "product", "value"]).execute()
    keys = got[["exporter", "importer", "product", "value"]].itertuples(index=False, name=None)
    found = {k: None if pd.isna(v) else v for k, v in zip(keys, got.rule, strict=True)}
    assert found[("A", "B", "p", 5.0)] is None
    assert found[("A", "", "p", 1.0)] == "missing-value"
    assert found[("B", "B", "p", 2.0)] == "domestic-flow"
    assert found[("A", "ZZZ", "p", 3.0)] == "unknown-country"
    assert found[("B", "C", "x", 3.0)] == "unknown-product"
    assert found[("C", "A", "p", 0.0)] == "zero-value"
    # Trade links: ±∞ is missing and duplicates come second (both rows of the key go).
    # Substitution: ±∞ passes this rule and duplicates are looked for later, among usable rows.
    assert found[("A", "B", "q", np.inf)] == ("missing-value" if infinite else None)
    assert found[("C", "B", "p", -4.0)] == ("duplicate-key" if infinite else "negative-value")
    assert found[("C", "B", "p", 4.0)] == ("duplicate-key" if infinite else None)


def test_issue_examples_and_refusal() -> None:
    sample = pd.DataFrame(ROWS[:2], columns=["year", "exporter", "importer", "product", "value"])
    issue = screening.flow_issue("missing-value", screening.FLOW_RULES["missing-value"], 2, sample)
    assert issue.examples == ("2021 A→B p = 5.0", "2021 A→B q = inf")
    assert issue.action == "excluded"
    zero = screening.flow_issue("zero-value", screening.FLOW_RULES["zero-value"], 7)
    assert (zero.action, zero.examples) == ("dropped", ())
    screening.refuse_bad_flows([zero], "raise")  # zero values alone are no error
    screening.refuse_bad_flows([issue], "exclude")
    with pytest.raises(InputError, match=r"^2 bad flow rows, e\.g\. missing-value: 2021 A→B p"):
        screening.refuse_bad_flows([zero, issue], "raise")
