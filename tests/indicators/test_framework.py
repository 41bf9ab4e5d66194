"""The pillar framework file: complete, consistent, and clear errors when it is not."""

from __future__ import annotations

import pytest

from southsouth.indicators.derived import DERIVED
from southsouth.indicators.framework import PILLARS, FrameworkError, load_framework, parse_framework
from southsouth.sources import all_datasets

SHIPPED = load_framework()


def test_every_pillar_has_scored_indicators_with_goalposts_and_bases():
    assert [p.id for p in SHIPPED.pillars] == list(PILLARS)
    for pillar in PILLARS:
        scored = [i for i in SHIPPED.of_pillar(pillar) if i.scored]
        assert scored, f"{pillar} has no scored indicator"
        for item in scored:
            assert item.goalposts is not None and item.basis and item.denominator
            if item.green is not None:
                assert (item.green - item.red) * item.direction > 0


def test_every_source_is_a_published_or_derived_series():
    published = {spec.id for d in all_datasets() for spec in d.indicators}
    derived = {d.id for d in DERIVED}
    missing = [s for s in SHIPPED.sources if s not in published | derived]
    assert missing == []


def test_sdr_thresholds_are_the_published_ones():
    internet = next(i for i in SHIPPED.indicators if i.id == "internet_users")
    assert (internet.green, internet.red) == (80.0, 50.0)  # SDSN SDR 2025, sdg9_intuse
    assert (internet.goalposts.worst, internet.goalposts.best) == (2.2, 100.0)
    density = next(i for i in SHIPPED.indicators if i.id == "health_worker_density")
    assert density.green == 4.45


def base(extra: str = "", indicator: str = "") -> str:
    pillars = "\n".join(
        f'[[pillar]]\nid = "{p}"\nname = "{p}"\ndescription = "d"\n' for p in PILLARS
    )
    return f"""
[framework]
id = "t"
version = "1"
title = "t"
target_year = 2030
{extra}
{pillars}
[[indicator]]
id = "x"
pillar = "science"
name = "x"
source = "wdi_population"
unit = "people"
basis = "test"
{indicator}
"""


@pytest.mark.parametrize(
    ("indicator", "message"),
    [
        ("direction = 2\ngoalposts = { worst = 0, best = 1 }", "direction must be 1, -1 or 0"),
        ("direction = 1\ngoalposts = { worst = 5, best = 1 }", "goalposts run against direction"),
        ("direction = 1", "needs goalposts"),
        (
            "direction = -1\ngoalposts = { worst = 5, best = 1 }\ngreen = 4\nred = 2",
            "must be below the red one",
        ),
        ('direction = 1\ngoalposts = { worst = 0, best = 1 }\nwindow = "five"', "window"),
        ("direction = 1\ngoalposts = { worst = 0, best = 1 }\nweight = -1", "weight"),
    ],
)
def test_errors_name_the_indicator_and_field(indicator, message):
    with pytest.raises(FrameworkError, match=message) as caught:
        parse_framework(base(indicator=indicator), origin="my.toml")
    assert "my.toml: indicator #1 (x)" in caught.value.message


def test_syntax_errors_and_missing_pillars():
    with pytest.raises(FrameworkError, match="line"):
        parse_framework("[framework\nid=1", origin="bad.toml")
    with pytest.raises(FrameworkError, match="missing"):
        parse_framework(base().replace('id = "pharma"', 'id = "science"'), origin="dup.toml")
    with pytest.raises(FrameworkError, match="pillar_weights"):
        parse_framework(
            base(
                "pillar_weights = { nope = 2 }",
                "direction = 1\ngoalposts = { worst = 0, best = 1 }",
            )
        )


def test_user_framework_file(tmp_path):
    path = tmp_path / "fw.toml"
    path.write_text(
        base(
            "pillar_weights = { science = 2 }", "direction = 1\ngoalposts = { worst = 0, best = 1 }"
        ),
        encoding="utf-8",
    )
    framework = load_framework(path)
    assert framework.pillar_weights == (("science", 2.0),)
    with pytest.raises(FrameworkError, match="cannot read"):
        load_framework(tmp_path / "absent.toml")
