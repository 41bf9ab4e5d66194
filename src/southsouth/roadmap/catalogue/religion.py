"""Religious-freedom initiatives: interfaith cooperation where restrictions are high."""

from __future__ import annotations

from southsouth.roadmap.catalogue.base import Builder, listing
from southsouth.roadmap.kpis import make_kpi, spec_of
from southsouth.roadmap.model import EvidenceLink

PEW_CAVEAT = "Pew's indices end in 2014; newer editions are not in the open mirror."


def interfaith(b: Builder) -> None:
    """Interfaith councils and exchanges with members whose restrictions are high."""
    ev, title = b.ev, "Interfaith dialogue and religious-freedom initiative"
    flagged: set[str] = set()
    for indicator in ("government_restrictions", "social_hostilities"):
        spec = spec_of(ev, indicator)
        values = ev.column(indicator).dropna()
        if spec.red is not None:
            flagged |= set(values[values >= spec.red].index)
    if not flagged:
        b.skip("interfaith", "religion", title, "no member at or beyond the red thresholds")
        return
    names = ev.names()
    participants = sorted(flagged)
    kpis = (
        make_kpi(ev, "social_hostilities", countries=participants),
        make_kpi(ev, "government_restrictions", countries=participants),
    )
    b.add(
        id="interfaith",
        pillar="religion",
        title=title,
        rationale=(
            f"{len(participants)} members are at or beyond the red threshold of Pew's government "
            "restrictions or social hostilities index "
            f"({listing([names[p] for p in participants])}). "
            "Interfaith councils, protection of places of worship and exchanges of religious "
            f"leaders address both. {PEW_CAVEAT}"
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="religion",
        participants=participants,
        kpis=kpis,
        duration_years=5,
        evidence=(
            EvidenceLink(
                f"{len(participants)} members with high restrictions or hostilities",
                "religion",
                ev.source_list("pew-religious-restrictions"),
            ),
        ),
    )
