"""Religious-freedom initiatives: interfaith cooperation where restrictions are high.

The initiative follows the member-level need rule (``need.py``) on Pew's government
restrictions and social hostilities indices: it exists when either group aggregate is red or
orange, or when at least one in five members with data (and at least three) are red on
either; its participants are the members in red or orange on either. It is provisional:
Pew's indices in the open mirror end in 2014.
"""

from __future__ import annotations

from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.need import Need, need
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink
from southsouth.roadmap.wording import listing

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
    names = ev.names()
    participants = sorted({p for n in found for p in n.participants})
    kpis = (
        make_kpi(ev, "social_hostilities", countries=participants, caveat=PEW_CAVEAT),
        make_kpi(ev, "government_restrictions", countries=participants, caveat=PEW_CAVEAT),
    )
    readings = "; ".join(f"{n.spec.name}: {n.summary()}" for n in found)
    b.add(
        id="interfaith",
        pillar="religion",
        title=title,
        rationale=(
            f"{readings}. The initiative joins the {len(participants)} members in red or orange "
            f"on either index ({listing([names[p] for p in participants])}): interfaith "
            "councils, protection of places of worship and exchanges of religious leaders "
            f"address both. Provisional: {PEW_CAVEAT}."
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
