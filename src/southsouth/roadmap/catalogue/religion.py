"""Religious-freedom initiatives: interfaith cooperation where restrictions are high.

The initiative follows the member-level need rule (``need.py``) on Pew's government
restrictions and social hostilities indices: it exists when either group aggregate is red or
orange, or when at least one in five members with data (and at least three) are red on
either; its participants are the members in red or orange on either. It is provisional:
Pew's indices in the open mirror end in 2014.
"""

from __future__ import annotations

from southsouth.language import content as words
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.need import Need, need
from southsouth.roadmap.catalogue.sentences import (
    countries,
    indicator,
    part,
    provisional,
    say,
)
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink

PEW_CAVEAT = "Pew's indices end in 2014; newer editions are not in the open mirror"
INDICES = ("government_restrictions", "social_hostilities")


def interfaith(b: Builder) -> None:
    """Interfaith councils and exchanges with the members in red or orange (need rule)."""
    ev, title = b.ev, "Interfaith dialogue and religious-freedom initiative"
    found: list[Need] = [n for n in (need(ev, i) for i in INDICES) if n is not None]
    if not found:
        b.skip("interfaith", "religion", title, "no Pew restrictions or hostilities data")
        return
    if not any(n.exists for n in found):
        b.skip("interfaith", "religion", title, "; ".join(n.reason_not() for n in found))
        return
    participants = sorted({p for n in found for p in n.participants})
    kpis = (
        make_kpi(ev, "social_hostilities", countries=participants, caveat=PEW_CAVEAT),
        make_kpi(ev, "government_restrictions", countries=participants, caveat=PEW_CAVEAT),
    )
    readings = words.joined(
        [
            part("reading", indicator=indicator(ev, n.spec.id), summary=n.summary_words())
            for n in found
        ]
    )
    b.add(
        id="interfaith",
        pillar="religion",
        title=title,
        wording=(
            say("interfaith.1", readings=readings),
            say("interfaith.2", n=len(participants), members=countries(ev, participants)),
            provisional(part("caveat.pew")),
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
                f"{len(participants)} members in red or orange on Pew's restrictions or "
                "hostilities index",
                "religion",
                ev.source_list("pew-religious-restrictions"),
            ),
        ),
        participants_note=f"the {len(participants)} members in red or orange on either index",
        provisional=PEW_CAVEAT,
    )
