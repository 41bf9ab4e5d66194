"""The founding text's four bottlenecks, measured for one group, and how the plan meets them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from southsouth.gaps.military import MilitaryShares
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import Plan
from southsouth.roadmap.wording import listing
from southsouth.roadmap.workforce_facts import workforce_facts


@dataclass(frozen=True)
class Bottleneck:
    """One bottleneck: what the data shows, how the plan mitigates it, with which initiatives."""

    id: str
    name: str
    findings: tuple[str, ...]
    mitigation: str
    initiatives: tuple[str, ...]
    sources: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "id": self.id,
            "name": self.name,
            "findings": list(self.findings),
            "mitigation": self.mitigation,
            "initiatives": list(self.initiatives),
            "sources": list(self.sources),
        }


def _present(plan: Plan, *ids: str) -> tuple[str, ...]:
    scheduled = plan.by_id()
    return tuple(i for i in ids if i in scheduled)


def mistrust(ev: GroupEvidence, plan: Plan) -> Bottleneck:
    """Historical mistrust: high-tension pairs among the members."""
    names = ev.names()
    pairs = ev.tensions
    if pairs.empty:
        findings: tuple[str, ...] = (
            "No pair of members reaches the high-tension threshold (ongoing rivalry, recent "
            "armed conflict or current high-level friction)."
            if "tensions" not in ev.absent
            else f"Not measured: {ev.absent['tensions']}",
        )
    else:
        top = [
            f"{names.get(r.a, r.a)}–{names.get(r.b, r.b)} ({r.drivers})"
            for r in pairs.head(8).itertuples()
        ]
        findings = (
            f"{len(pairs)} pairs of members are in high tension; the highest: {listing(top, 8)}.",
        )
    return Bottleneck(
        "mistrust",
        "Historical mistrust",
        findings,
        "Plurilateral initiatives are formed by the coalition finder, which admits no "
        "high-tension pair; security cooperation starts in non-sensitive areas and deep "
        "integration waits for the protocols, including a mechanism for territorial claims.",
        _present(
            plan,
            "standby-capacity",
            "transnational-crime",
            "territorial-claims-mechanism",
            "integrated-security-framework",
        ),
        ev.source_list("tss-rivalries", "gml-mid", "ucdp-acd"),
    )


def dependency(ev: GroupEvidence, plan: Plan) -> Bottleneck:
    """Outside powers' leverage through debt and finance."""
    findings = []
    service = ev.baseline_row("debt_service")
    if service is not None and service["value"] is not None:
        findings.append(
            f"Debt service takes {service['value']:.1f} % of export earnings across {ev.name} "
            f"({service['light']}; {service['note']})."
        )
    exposure = ev.baseline_row("chinese_finance_exposure")
    if exposure is not None and exposure["value"] is not None:
        findings.append(
            f"Chinese development finance committed 2000–2021 equals {exposure['value']:.1f} % "
            "of 2021 GDP (commitments, not debt outstanding)."
        )
    return Bottleneck(
        "dependency",
        "Outside powers' manoeuvring and debt dependency",
        tuple(findings) or ("No debt or finance aggregate meets the coverage rules.",),
        "Debt transparency and a Southern finance window; sourcing and value chains that "
        "keep demand inside the South; decisions taken in the group's own forums.",
        _present(plan, "debt-transparency", "regional-economic-plan", "southern-sourcing"),
        ev.source_list("gapminder-debt-service", "aiddata-gcdf3-country-totals"),
    )


def civic(ev: GroupEvidence, plan: Plan) -> Bottleneck:
    """Closed civic space limits scrutiny and participation."""
    findings = []
    if ev.civic is not None:
        closed = ev.civic.listed(ev.group, "Closed")
        repressed = ev.civic.listed(ev.group, "Repressed")
        findings.append(
            f"CIVICUS rates civic space closed in {len(closed)} members"
            + (f" ({listing(closed, 8)})" if closed else "")
            + f" and repressed in {len(repressed)} (snapshot {ev.civic.snapshot})."
        )
    else:
        findings.append(f"Not measured: {ev.absent.get('civic', 'no data')}")
    return Bottleneck(
        "civic-space",
        "Closed civic space",
        tuple(findings),
        "Every commitment is tracked in a public record with evidence grades and a right of "
        "reply; KPIs come from published data that citizens can check.",
        (),
        ev.source_list("civicus-monitor-2021"),
    )


#: Rows of the military-spending shares the founding text quotes, and how the line names them.
MILITARY_ROWS = (
    ("Africa", "Africa"),
    ("South America", "South America"),
    ("South East Asia", "South-East Asia"),
    ("top-5", "the top five spenders"),
)


def military_line(shares: MilitaryShares, group: str, name: str) -> str:
    """Shares of world military spending for the quoted regions, the top five and ``group``.

    When every share has the same denominator (SIPRI's world total in US$ of the year) the
    line says so once, with its value; otherwise each set of shares names its denominator.
    """
    rows = shares.rows.set_index("entity")
    shown = [(k, label) for k, label in (*MILITARY_ROWS, (group, name)) if k in rows.index]
    if not shown:
        return f"No military-spending share of the quoted regions or of {name} for {shares.year}."
    coverage = f" ({name}: {rows.loc[group, 'coverage']})" if group in rows.index else ""
    by_denominator: dict[tuple[str, float], list[str]] = {}
    for key, label in shown:
        row = rows.loc[key]
        basis = str(row["basis"])
        denominator = float(row["denominator_usd_bn"])
        text = f"{label} {float(row['share_pct']):.1f} %"
        match = next(
            (d for d in by_denominator if math.isclose(d[1], denominator, rel_tol=1e-9)), None
        )
        by_denominator.setdefault(match or (basis, denominator), []).append(text)
    regions = [k for k, _ in shown if rows.loc[k, "kind"] == "region"]
    if len(by_denominator) == 1 and regions:
        ((_, denominator), texts), *_ = by_denominator.items()
        price = str(rows.loc[regions[0], "basis"]).split(";")[0]
        return (
            f"Shares of world military spending in {shares.year}, all over SIPRI's world total "
            f"of US${denominator:,.0f} bn ({price}, including SIPRI's estimates for countries "
            f"without data): {', '.join(texts)}. Regions are SIPRI's regional "
            f"totals; {name} and the top five are sums of country values, which leave out "
            f"countries without data{coverage}."
        )
    parts = [
        f"{', '.join(texts)} over US${denominator:,.0f} bn ({basis})"
        for (basis, denominator), texts in by_denominator.items()
    ]
    return (
        f"Shares of world military spending in {shares.year}, with different denominators: "
        f"{'; '.join(parts)}{coverage}."
    )


def capacity(ev: GroupEvidence, plan: Plan) -> Bottleneck:
    """Capacity gaps: health workforce, military spending shares, cyber scores."""
    findings: list[str] = []
    citations: tuple[str, ...] = ()
    facts = workforce_facts(ev)
    if facts is not None:
        findings.extend(facts.lines())
        citations = facts.citations()
    if ev.military is not None:
        findings.append(military_line(ev.military, ev.group, ev.name))
    if ev.cyber is not None:
        gap = ev.cyber.gap
        mine = gap[gap["group"] == ev.group] if len(gap) else gap
        if len(mine) and int(mine.iloc[0]["scored"]):
            r = mine.iloc[0]
            against = (
                f", {float(r['gap_to_rest']):+.1f} against the rest of the world"
                if not math.isnan(float(r["gap_to_rest"]))
                else ""
            )
            findings.append(
                f"Cybersecurity: members' mean ITU GCI 2024 score is {float(r['mean_score']):.1f} "
                f"of 100 ({int(r['scored'])} scored){against}."
            )
    return Bottleneck(
        "capacity",
        "Capacity gaps",
        tuple(findings) or ("No capacity-gap model could run on the loaded data.",),
        "Compacts sized to the measured gaps: health-workforce training, cyber mentoring from "
        "the strongest members, pooled standby capacity instead of arms races.",
        _present(plan, "health-workforce-compact", "cyber-capacity", "standby-capacity"),
        (
            *ev.source_list("sipri-milex-2024", "sipri-milex-2024-regions", "itu-gci-2024"),
            *citations,
        ),
    )


def assess(ev: GroupEvidence, plan: Plan) -> tuple[Bottleneck, ...]:
    """All four bottlenecks."""
    return (mistrust(ev, plan), dependency(ev, plan), civic(ev, plan), capacity(ev, plan))
