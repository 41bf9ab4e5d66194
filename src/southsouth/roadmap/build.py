"""From the warehouse to a roadmap: evidence, catalogue, the user's file, plan, scenarios."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from southsouth.errors import UnknownDataset
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.indicators.framework import Framework
from southsouth.jsonable import records
from southsouth.roadmap.agendas import Alignment, alignment, with_agenda_goals
from southsouth.roadmap.bottlenecks import Bottleneck, assess
from southsouth.roadmap.calendar import Forum, load_forums
from southsouth.roadmap.calibration import Calibrator, calibrate_plan
from southsouth.roadmap.catalogue import Catalogue, build_catalogue
from southsouth.roadmap.checks import Check
from southsouth.roadmap.evidence import GroupEvidence, gather
from southsouth.roadmap.initiatives_file import apply_initiatives_file
from southsouth.roadmap.model import Plan
from southsouth.roadmap.plan_checks import Context, run_checks
from southsouth.roadmap.planner import DEFAULT_HORIZON, phases_until, plan
from southsouth.roadmap.references import References
from southsouth.roadmap.scenarios import Scenarios, compare_scenarios
from southsouth.roadmap.status_quo import StatusQuoBook
from southsouth.sources import get_dataset
from southsouth.version import __version__
from southsouth.warehouse.store import Warehouse

Step = Callable[[str], None]


@dataclass(frozen=True)
class Roadmap:
    """A planned roadmap for one group, with the evidence and assumptions behind it."""

    evidence: GroupEvidence
    catalogue: Catalogue
    plan: Plan
    scenarios: Scenarios
    bottlenecks: tuple[Bottleneck, ...]
    forums: dict[str, Forum]
    initiatives_file: str | None
    checks: tuple[Check, ...] = ()
    #: Which initiative serves which adopted agenda goal, and the goals none serves.
    alignment: Alignment | None = None

    @property
    def title(self) -> str:
        """Report title."""
        years = f"{self.plan.as_of.year}–{self.plan.horizon}"
        return f"South–South cooperation roadmap {years}: {self.evidence.name}"

    def data_notes(self) -> list[dict[str, Any]]:
        """Every dataset the roadmap read: publisher, vintage, licence, citation, caveats,
        data years and their age on the roadmap's as-of day (stale: see southsouth.provenance)."""
        from southsouth.provenance import age_of

        out = []
        for dataset_id, ref in sorted(self.evidence.sources.items()):
            try:
                caveats = "; ".join(get_dataset(dataset_id).caveats)
            except UnknownDataset:
                caveats = ""
            out.append(
                {
                    "dataset_id": dataset_id,
                    "publisher": ref.publisher,
                    "vintage": ref.vintage,
                    "licence": ref.licence,
                    "citation": ref.citation,
                    "caveats": caveats,
                    **age_of(ref.first_data_year, ref.data_year, self.evidence.as_of).fields(),
                }
            )
        return out

    def limits(self) -> list[str]:
        """Analyses that could not run, and why; planning assumptions."""
        notes = [f"{key}: {why}" for key, why in sorted(self.evidence.absent.items())]
        return [*notes, *self.plan.notes, *self.scenarios.notes]

    def as_dict(self) -> dict[str, Any]:
        """The whole roadmap as JSON-ready data."""
        ev = self.evidence
        return {
            "southsouth_version": __version__,
            "title": self.title,
            "group": {"id": ev.group, "name": ev.name, "kind": ev.kind, "members": ev.iso3},
            "as_of": ev.as_of.isoformat(),
            "initiatives_file": self.initiatives_file,
            "plan": self.plan.as_dict(),
            "not_proposed": [
                {"id": s.id, "pillar": s.pillar, "title": s.title, "reason": s.reason}
                for s in self.catalogue.skipped
            ],
            "baseline": records(ev.baseline),
            "scenarios": self.scenarios.as_dict(),
            "bottlenecks": [b.as_dict() for b in self.bottlenecks],
            "forums": [
                {
                    "forum_id": f.forum_id,
                    "name": f.name,
                    "pathway": f.pathway,
                    "bloc_id": f.bloc_id,
                    "recurrence": f.recurrence,
                    "status": f.status,
                    "mandate": list(f.mandate),
                    "source": f.source,
                    "source_url": f.source_url,
                }
                for f in self.forums.values()
            ],
            "checks": [c.as_dict() for c in self.checks],
            "alignment": None if self.alignment is None else self.alignment.as_dict(),
            "limits": self.limits(),
            "sources": self.data_notes(),
        }


def build_roadmap(
    wh: Warehouse,
    group: str = DEFAULT_GROUP,
    *,
    horizon: int = DEFAULT_HORIZON,
    as_of: date | None = None,
    initiatives_file: Path | None = None,
    framework: Framework | None = None,
    step: Step | None = None,
) -> Roadmap:
    """Gather evidence for ``group``, propose, apply the user's file, plan and compare.

    ``step`` is called with the name of each stage (for progress display).
    """
    say = step or (lambda _name: None)
    as_of = as_of or date.today()
    phases_until(horizon)  # a bad horizon fails before any work
    forums = load_forums()
    say("evidence")
    ev = gather(wh, group, as_of=as_of, framework=framework)
    say("catalogue")
    catalogue = build_catalogue(ev, forums, horizon=horizon)
    items, sessions = catalogue.initiatives, ()
    if initiatives_file is not None:
        items, sessions = apply_initiatives_file(initiatives_file, catalogue, ev, forums)
    items = with_agenda_goals(ev, items)
    say("plan")
    planned = plan(items, forums, as_of=as_of, horizon=horizon, confirmed=sessions)
    calibrator = Calibrator(ev, References(wh), StatusQuoBook(wh, ev, horizon), as_of)
    planned, calibrated = calibrate_plan(planned, calibrator)
    say("scenarios")
    scenarios = compare_scenarios(ev, planned, calibrator.book)
    checks = run_checks(Context(ev, planned, scenarios, calibrator.book, forums))
    return Roadmap(
        evidence=ev,
        catalogue=catalogue,
        plan=planned,
        scenarios=scenarios,
        bottlenecks=assess(ev, planned),
        forums=forums,
        initiatives_file=str(initiatives_file) if initiatives_file else None,
        checks=(*calibrated, *checks),
        alignment=alignment(ev, [s.initiative for s in planned.scheduled]),
    )
