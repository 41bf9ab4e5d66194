"""The report as one self-contained HTML page (and the same page as PDF).

Figures and tables are numbered in reading order and cited by number; datasets are cited by
their number in the data appendix; pillars, indicators, countries, forums and the plan's
categories are named in words. The report is written in one of the five languages: its
fixed phrases are the catalogue area ``report`` (``report.*``), the content words come from
:mod:`southsouth.language.content`, country names from CLDR, numbers and dates in the
language's notation. Text the analysis wrote in English is quoted as written, marked
``lang="en"``; in Arabic every number, unit, year range and date is isolated (Unicode
isolates) so it keeps its reading order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import pandas as pd
from jinja2 import Environment
from markupsafe import Markup, escape

from southsouth.jsonable import records
from southsouth.language import content
from southsouth.language.bidi import isolate, year_range
from southsouth.language.catalogue import Translator, language
from southsouth.language.names import names_in
from southsouth.language.numbers import format_number, in_language, people
from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.report.citations import Citations, refs
from southsouth.report.figures import Figure
from southsouth.report.templating import templates
from southsouth.report.withheld import Withheld
from southsouth.roadmap.agendas import GLOBAL, goals_by_key
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.checks import STATUSES, Check, counts
from southsouth.roadmap.decisions import draft_decisions, recommendations
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import PILLARS, Initiative, Kpi, Scheduled
from southsouth.roadmap.wording import listing
from southsouth.roadmap.workforce_facts import (
    WorkforceFacts,
    region_label,
    short_citation,
    workforce_facts,
)
from southsouth.version import __version__

#: The report's sections, in order: anchor id and English heading (pillars are added
#: between); each heading is the message ``report.section.<id>`` in the report's language.
SECTIONS = (
    ("summary", "Executive summary"),
    ("timeline", "Timeline"),
    ("pillars", "The nine pillars"),
    ("scenarios", "Status quo and roadmap"),
    ("bottlenecks", "Bottlenecks and how the plan meets them"),
    ("pathways", "Implementation pathways and calendar"),
    ("checks", "Plan checks"),
    ("decisions", "Draft decisions"),
    ("data-notes", "Data notes and sources"),
)


class Speech:
    """How the report writes in its language: messages, numbers, dates, year ranges, and text
    quoted in English from the data (marked ``lang="en"``); in Arabic, every number, unit,
    range and date is isolated so it keeps its order."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self.rtl = t.direction == "rtl"

    def __call__(self, key: str, **values: Any) -> str:
        """The report's message ``key`` (``report.`` left out), filled."""
        return self.t(f"report.{key}", **values)

    def markup(self, key: str, **values: Any) -> Markup:
        """The message ``key`` as HTML, its values escaped unless they are markup already."""
        return Markup(escape(self.t(f"report.{key}"))).format(**values)

    def tag(self, name: str, text: object) -> Markup:
        """``text`` escaped inside the element ``name`` (``strong``, ``em``)."""
        return Markup(f"<{name}>{{}}</{name}>").format(text)

    def iso(self, text: object) -> str:
        """``text`` as one left-to-right run in Arabic; as it is otherwise."""
        return isolate(text) if self.rtl else str(text)

    def years(self, start: object, end: object) -> str:
        """``start–end``, isolated in Arabic."""
        return year_range(str(start), str(end)) if self.rtl else f"{start}–{end}"

    def number(self, value: Any, digits: int = 3) -> str:
        """A number with ``digits`` significant figures in the language's notation."""
        if self.t.lang == "en":
            return number(value, digits)
        return self.iso(format_number(value, self.t.lang, digits))

    def measure(self, value: Any, unit: str) -> str:
        """A number and its unit (already in words), kept together."""
        shown = self.number(value)
        if not unit:
            return shown
        if self.rtl:
            return f"{shown} {isolate(unit, ltr=False)}"
        return f"{shown} {unit}"

    def unit(self, text: str) -> str:
        """A unit in words, kept as one run in Arabic."""
        return isolate(text, ltr=False) if self.rtl and text else text

    def percent(self, share: float) -> str:
        """``share`` (0–1) as a whole percentage."""
        shown = (
            f"{100 * share:.0f}"
            if self.t.lang == "en"
            else format_number(round(100 * share), self.t.lang, 1)
        )
        return self.iso(self("workforce.percent", n=shown))

    def day(self, day: date) -> str:
        """A date: ISO in English, the language's medium form otherwise."""
        if self.t.lang == "en":
            return day.isoformat()
        from babel.dates import format_date

        shown = format_date(day, "d MMM y", locale=self.t.lang)
        return isolate(shown, ltr=False) if self.rtl else shown

    def english(self, text: object) -> Markup | str:
        """Text the analysis wrote in English, marked as such outside English reports."""
        if self.t.lang == "en":
            return str(text)
        shown = isolate(text) if self.rtl else str(text)
        return Markup('<span lang="en">{}</span>').format(shown)

    def page_counter(self) -> str:
        """The CSS ``content`` of the page footer: ``page N of M`` in the language."""
        parts = re.split(r"(\{page\}|\{pages\})", self("page", page="{page}", pages="{pages}"))
        out = []
        for part in parts:
            if part in ("{page}", "{pages}"):
                out.append(f"counter({part[1:-1]})")
            elif part:
                out.append('"' + part.replace('"', "") + '"')
        return " ".join(out)


def number(value: Any, digits: int = 3) -> str:
    """A number with ``digits`` significant figures and thousands separators; '—' when missing."""
    return format_number(value, "en", digits)


def phrase(t: Translator, key: str, **values: Any) -> str:
    """One of the report's phrases (catalogue area ``report``), filled."""
    return t(f"report.{key}", **values)


def _environment(say: Speech) -> Environment:
    env = templates().overlay()
    env.filters["number"] = say.number
    env.filters["refs"] = refs
    env.filters["en"] = say.english
    env.filters["unit"] = say.unit
    env.globals.update(say=say, m=say.markup, iso=say.iso, years=say.years)
    return env


def scope_parts(scope: str) -> tuple[str, str]:
    """Whose value a KPI baseline is (before the first ``; ``) and how it was aggregated."""
    who, _, how = scope.partition("; ")
    return who, how


def pillar_names(roadmap: Roadmap, t: Translator) -> dict[str, str]:
    """Pillar id → name in ``t``'s language (the framework's name when no catalogue has it)."""
    framework = roadmap.evidence.framework
    return {p: content.pillar_name(t, p, framework.pillar(p).name) for p in PILLARS}


def country_names(ev: GroupEvidence, lang: str = "en") -> dict[str, str]:
    """ISO3 → CLDR short name of every member, made plain (``Congo (Kinshasa)``)."""
    return names_in(ev.members[["iso3", "iso2", "name"]].itertuples(index=False), lang)


@dataclass
class Numbers:
    """Figure and table numbers, handed out in reading order."""

    figures: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)

    def figure(self, key: str) -> int:
        """The number of figure ``key`` (the next one when first asked)."""
        return self.figures.setdefault(key, len(self.figures) + 1)

    def table(self, key: str) -> int:
        """The number of table ``key`` (the next one when first asked)."""
        return self.tables.setdefault(key, len(self.tables) + 1)


@dataclass
class Words:
    """Everything the report names, in plain words: pillars, indicators, countries, forums."""

    t: Translator
    roadmap: Roadmap
    countries: dict[str, str]
    withheld: Withheld | None = None

    @cached_property
    def say(self) -> Speech:
        """Messages, numbers and dates in the report's language."""
        return Speech(self.t)

    def pillar(self, pillar: str) -> str:
        """A pillar's name."""
        return content.pillar_name(
            self.t, pillar, self.roadmap.evidence.framework.pillar(pillar).name
        )

    def indicator(self, indicator: str, default: str) -> str:
        """An indicator's name."""
        return content.indicator_name(self.t, indicator, default)

    def forum(self, forum_id: str, default: str) -> str:
        """A forum's name."""
        return content.forum_name(self.t, forum_id, default)

    def light(self, value: str | None) -> str:
        """A traffic light in words."""
        return content.light(self.t, value) if value else phrase(self.t, "light.none")

    def title(self, item: Initiative) -> str:
        """An initiative's title (built with its values when it has some)."""
        return content.initiative_title(self.t, item.id, item.title, item.title_values)

    def prose(self, text: str) -> str:
        """Text the roadmap wrote, with withheld pairs removed and countries named plainly."""
        if self.withheld is not None:
            text = self.withheld.redact(
                text, phrase(self.t, "withheld.listing"), phrase(self.t, "withheld.single")
            )
        for registry, plain in self.renamed:
            text = text.replace(registry, plain)
        return self.titled(text)

    def titled(self, text: str) -> str:
        """``text`` with each initiative id in it replaced by the initiative's title."""
        if self._initiative_ids is None:
            return text
        return self._initiative_ids.sub(lambda m: self.titles[m.group(0)], text)

    @cached_property
    def titles(self) -> dict[str, str]:
        """Initiative id → title, for every initiative the report mentions."""
        return {
            **{
                s.id: content.initiative_title(self.t, s.id, s.title)
                for s in self.roadmap.catalogue.skipped
            },
            **{s.initiative.id: self.title(s.initiative) for s in self.roadmap.plan.scheduled},
            **{u.initiative.id: self.title(u.initiative) for u in self.roadmap.plan.unscheduled},
        }

    @cached_property
    def _initiative_ids(self) -> re.Pattern[str] | None:
        keys = sorted(self.titles, key=len, reverse=True)
        if not keys:
            return None
        return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w-])")

    @cached_property
    def renamed(self) -> list[tuple[str, str]]:
        """Registry names that differ from the plain CLDR names, longest first."""
        registry = self.roadmap.evidence.names()
        pairs = [(registry[k], v) for k, v in self.countries.items() if registry.get(k) != v]
        return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def plain(value: Any, words: Words) -> Any:
    """``value`` with every string in it (anchors and SVG markup aside) passed through
    :meth:`Words.prose`."""
    if isinstance(value, str):
        return words.prose(value)
    if isinstance(value, dict):
        return {k: v if k in ("id", "svg") else plain(v, words) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, words) for v in value]
    return value


def _kpi(kpi: Kpi, words: Words, cites: Citations) -> dict[str, Any]:
    """A KPI for the template: its fields in words, its scope split, its sources as numbers,
    and whether the checks moved it."""
    who, how = scope_parts(kpi.scope)
    return {
        **kpi.as_dict(),
        "name": words.indicator(kpi.indicator, kpi.name),
        "unit": content.unit(words.t, kpi.unit),
        "scope_label": who,
        "scope_note": how,
        "adjusted": kpi.proposed is not None and kpi.proposed != kpi.target,
        "cited": cites.cite(kpi.sources),
    }


def _initiative(
    s: Scheduled, words: Words, cites: Citations, numbers: Numbers | None
) -> dict[str, Any]:
    item = s.initiative
    titles = words.titles
    withheld = words.withheld is not None and words.withheld.names_a_pair(item.rationale)
    # A rationale naming a withheld pair is redacted in English, the words the redaction reads.
    rationale = (
        item.rationale if withheld else content.rationale(words.t, item.wording, item.rationale)
    )
    return {
        **item.as_dict(),
        "title": words.title(item),
        "rationale": rationale,
        "rationale_en": withheld and words.t.lang != "en",
        "pillar_name": words.pillar(item.pillar),
        "kind_text": phrase(words.t, f"kind.{item.kind}"),
        "sensitivity_text": phrase(words.t, f"sensitivity.{item.sensitivity}"),
        "after": [titles.get(p, p) for p in item.prerequisites],
        "kpis": [_kpi(k, words, cites) for k in item.kpis],
        "fit": s.fit,
        "forum_name": words.forum(s.meeting.forum_id, s.meeting.forum_name),
        "reason": words.titled(s.reason),
        "date": words.say.day(s.meeting.day),
        "indicative": s.meeting.indicative,
        "start": s.start.year,
        "end": s.end.year,
        "phase": s.phase,
        "participants_withheld": withheld,
        "participant_names": []
        if withheld
        else [words.countries.get(p, p) for p in item.participants],
        "evidence": [{"claim": e.claim, "sources": cites.cite(e.sources)} for e in item.evidence],
        "table": numbers.table(f"kpis-{item.id}") if numbers is not None and item.kpis else None,
    }


def _baseline(rows: pd.DataFrame, words: Words, cites: Citations) -> list[dict[str, Any]]:
    """Baseline rows in words, each with its datasets as numbers."""
    return [
        {
            **r,
            "name": words.indicator(str(r["indicator"]), str(r["name"])),
            "unit": content.unit(words.t, r["unit"]),
            "light_text": words.light(r["light"]),
            "source_ids": cites.use(cites.ids_in(str(r["sources"] or ""))),
        }
        for r in records(rows)
    ]


def _figure(
    figures: dict[str, Figure], key: str, numbers: Numbers, cites: Citations, words: Words
) -> dict[str, Any] | None:
    """A figure for the template: number, caption, SVG, and its one-line source."""
    f = figures.get(key)
    if f is None:
        return None
    if key.startswith("map-"):
        caption = phrase(words.t, "figure.map", pillar=words.pillar(key.removeprefix("map-")))
    else:
        caption = phrase(words.t, f"figure.{key}")
    ids = cites.use(o for d in f.datasets if d in cites.notes for o in cites.origins(d))
    return {
        "id": f.id,
        "number": numbers.figure(key),
        "caption": caption,
        "svg": f.svg,
        "note": f.note,
        "source_ids": ids,
        "sources": cites.source_line(
            ids, phrase(words.t, "source.more", n="{n}"), span_text=words.say.years
        ),
    }


def _pillar_section(
    roadmap: Roadmap,
    pillar: str,
    figures: dict[str, Figure],
    words: Words,
    cites: Citations,
    numbers: Numbers,
) -> dict[str, Any]:
    ev = roadmap.evidence
    spec = ev.framework.pillar(pillar)
    baseline = ev.baseline[ev.baseline["pillar"] == pillar]
    charts = [_figure(figures, f"map-{pillar}", numbers, cites, words)]
    if pillar == "health":
        charts.append(_figure(figures, "health-workforce", numbers, cites, words))
    table = numbers.table(f"baseline-{pillar}") if len(baseline) else None
    facts = workforce_facts(ev) if pillar == "health" else None
    workforce = _workforce(facts, numbers, words.say) if facts is not None else None
    initiatives = [
        _initiative(s, words, cites, numbers)
        for s in roadmap.plan.scheduled
        if s.initiative.pillar == pillar
    ]
    unscheduled = [u for u in roadmap.plan.unscheduled if u.initiative.pillar == pillar]
    gaps = _baseline(baseline[baseline["light"].isin(["red", "orange"])], words, cites)
    return {
        "aid": _aid_opening(ev, words, cites) if pillar == "health" else None,
        "id": pillar,
        "name": words.pillar(pillar),
        "description": content.pillar_description(words.t, pillar, spec.description),
        "not_measured": list(spec.not_measured),
        "table": table,
        "baseline": _baseline(baseline, words, cites),
        "gaps": gaps,
        "opportunities": [
            {"claim": e["claim"], "sources": e["sources"], "initiative": i["title"]}
            for i in initiatives
            for e in i["evidence"]
        ],
        "initiatives": initiatives,
        "unscheduled": [
            {"title": words.title(u.initiative), "reason": u.reason} for u in unscheduled
        ],
        "not_proposed": [
            {"title": words.titles.get(s.id, s.title), "reason": s.reason}
            for s in roadmap.catalogue.skipped
            if s.pillar == pillar
        ],
        "charts": [c for c in charts if c is not None],
        "workforce": workforce,
    }


def _aid_opening(ev: GroupEvidence, words: Words, cites: Citations) -> dict[str, Any] | None:
    """The health pillar's opening: the US assistance the members stood to lose in the 2025
    cut (last full fiscal year), the health financing among it, and pooled-financing
    coverage; None without the aid data, a recipient or its GDP."""
    shock, say = ev.aid, words.say
    if shock is None or shock.groups.empty or not shock.groups["at_risk_pct_gdp"].iloc[0] > 0:
        return None
    row = shock.groups.iloc[0]
    lang = words.t.lang

    def usd(value: float) -> str:
        key = "usd.billion" if value >= 1e9 else "usd.million"
        amount = value / 1e9 if value >= 1e9 else value / 1e6
        return say.iso(content.render(words.t, content.phrase(f"rationale.{key}", value=amount)))

    def pct(value: float) -> str:
        shown = f"{value:.2g}" if value < 1 else f"{value:.3g}" if value < 10 else f"{value:.0f}"
        return say.iso(say("workforce.percent", n=in_language(shown, lang)))

    names = [words.countries.get(c, c) for c in shock.ranked("usd")["iso3"].head(3)]
    rules = {r.text: r for r in shock.rules}
    scenarios = []
    for s in shock.scenarios.itertuples():
        rule = rules[str(s.rule)]
        dollars = in_language(f"{rule.threshold_usd:,.0f}", lang)
        scenarios.append(
            say(
                "pillar.aid_scenario",
                coverage=pct(min(float(s.coverage_pct), 100.0)),
                rule=say(
                    f"pillar.aid_rule.{rule.base}",
                    rate=pct(rule.rate_pct),
                    threshold=say.iso(say("pillar.aid_dollars", value=dollars)),
                ),
                pooled=usd(float(s.pooled_usd)),
            )
        )
    text = say(
        "pillar.aid_shock",
        year=say.iso(shock.fiscal_year),
        recipients=say.iso(int(row["recipients"])),
        members=say.iso(int(row["members"])),
        usd=usd(float(row["at_risk_usd"])),
        share=pct(float(row["at_risk_pct_gdp"])),
        top=_listing(words.t, names, 3),
        health=usd(float(row["health_at_risk_usd"])),
    )
    return {
        "text": text,
        "pool": say(
            "pillar.aid_pool", scenarios={"ar": "؛ ", "fr": " ; "}.get(lang, "; ").join(scenarios)
        ),
        "fiscal_year": shock.fiscal_year,
        "source_ids": cites.use(shock.source_ids),
    }


def _workforce(facts: WorkforceFacts, numbers: Numbers, say: Speech) -> dict[str, Any]:
    """The health-workforce figures with their scope, and each published estimate beside them.
    The published estimate's cadres and method are quoted as published (``en`` in a row)."""

    def heads(n: float) -> str:
        if say.t.lang == "en":
            return people(n)
        return say.iso(str(content.render(say.t, content.head_count(n))))

    comparisons = []
    for i, c in enumerate(facts.comparisons):
        year, countries = c.published.year, c.countries_with_data + c.countries_without_data
        region = region_label(c.published.group)
        threshold = f"{c.threshold_per_1000:g}"
        if say.t.lang != "en":
            threshold = format_number(c.threshold_per_1000, say.t.lang, 3).rstrip("0")
            threshold = threshold.rstrip(",.")
        comparisons.append(
            {
                "table": numbers.table(f"workforce-{i}"),
                "region": region,
                "source": short_citation(c.published.citation),
                "citation": c.published.citation,
                "rows": [
                    {
                        "key": "countries",
                        "label": say("workforce.countries"),
                        "published": say(
                            "workforce.countries_published", n=say.iso(countries), region=region
                        ),
                        "computed": say(
                            "workforce.countries_model",
                            n=say.iso(countries),
                            with_data=say.iso(c.countries_with_data),
                        ),
                        "en": False,
                    },
                    {
                        "key": "workers",
                        "label": say("workforce.workers"),
                        "published": c.published.cadres,
                        "computed": say("workforce.cadres"),
                        "en": True,
                    },
                    {
                        "key": "method",
                        "label": say("workforce.method"),
                        "published": c.published.method,
                        "computed": say("workforce.method_model", threshold=say.iso(threshold)),
                        "en": True,
                    },
                    {
                        "key": "need",
                        "label": say("workforce.need", year=say.iso(year)),
                        "published": heads(c.published.need),
                        "computed": heads(c.need),
                        "en": False,
                    },
                    {
                        "key": "supply",
                        "label": say("workforce.supply", year=say.iso(year)),
                        "published": heads(c.published_supply),
                        "computed": heads(c.supply),
                        "en": False,
                    },
                    {
                        "key": "shortage",
                        "label": say("workforce.shortage", year=say.iso(year)),
                        "published": heads(c.published.shortage),
                        "computed": heads(c.shortage),
                        "en": False,
                    },
                    {
                        "key": "coverage",
                        "label": say("workforce.coverage"),
                        "published": say.percent(c.published.coverage),
                        "computed": say.percent(c.coverage),
                        "en": False,
                    },
                ],
                "reasons": list(c.reasons),
            }
        )
    return {"year": facts.year, "lines": list(facts.lines()), "comparisons": comparisons}


def _mistrust(ev: GroupEvidence, words: Words) -> str | None:
    """The historical-mistrust finding in plain words (None: keep the roadmap's)."""
    pairs = ev.tensions
    if "tensions" in ev.absent:
        return None
    t, iso = words.t, words.say.iso
    if pairs.empty:
        return phrase(t, "mistrust.none")
    if words.withheld is not None:
        territorial = int(pairs["drivers"].astype(str).str.contains("territorial").sum())
        return phrase(t, "mistrust.withheld", n=iso(len(pairs)), territorial=iso(territorial))
    top = []
    for r in pairs.head(8).itertuples():
        drivers = t("list.comma").join(
            phrase(t, f"driver.{d}") for d in str(r.drivers).split(", ") if d
        )
        a, b = words.countries.get(str(r.a), str(r.a)), words.countries.get(str(r.b), str(r.b))
        top.append(f"{a}–{b} ({drivers})")
    return phrase(t, "mistrust.found", n=iso(len(pairs)), pairs=_listing(t, top, 8))


def _civic(ev: GroupEvidence, words: Words) -> str | None:
    """The closed-civic-space finding in plain words (None: keep the roadmap's)."""
    if ev.civic is None:
        return None
    closed = ev.civic.listed(ev.group, "Closed")
    iso = words.say.iso
    values = {
        "closed": iso(len(closed)),
        "repressed": iso(len(ev.civic.listed(ev.group, "Repressed"))),
        "snapshot": iso(ev.civic.snapshot),
    }
    if not closed:
        return phrase(words.t, "civic.none", **values)
    if words.withheld is not None:
        return phrase(words.t, "civic.withheld", **values)
    names = sorted((words.countries.get(c, c) for c in closed), key=collation)
    return phrase(words.t, "civic.found", names=_listing(words.t, names, 8), **values)


def _listing(t: Translator, items: Sequence[str], limit: int) -> str:
    """``A, B, C and 4 more`` in ``t``'s language."""
    if t.lang == "en":
        return listing(items, limit)
    return str(content.render(t, content.listing(list(items), limit)))


def _bottlenecks(roadmap: Roadmap, words: Words, cites: Citations) -> list[dict[str, Any]]:
    """The bottlenecks with the mistrust and civic-space findings in the report's words."""
    ev = roadmap.evidence
    titles = words.titles
    own = {"mistrust": _mistrust(ev, words), "civic-space": _civic(ev, words)}
    out = []
    for b in roadmap.bottlenecks:
        finding = own.get(b.id)
        out.append(
            {
                **b.as_dict(),
                "findings": [finding] if finding else list(b.findings),
                "findings_en": not finding,
                "initiatives": [titles.get(i, i) for i in b.initiatives],
                "cited": cites.cite(b.sources),
            }
        )
    return out


def _summary(roadmap: Roadmap, words: Words, cites: Citations, numbers: Numbers) -> dict[str, Any]:
    ev, plan = roadmap.evidence, roadmap.plan
    phases = Counter(s.phase for s in plan.scheduled)
    first = [s for s in plan.scheduled if s.phase == plan.phases[0].id]
    say = words.say
    # Each line: its text and whether it is quoted in English from the analysis.
    headline: list[dict[str, Any]] = []
    facts = workforce_facts(ev)
    if facts is not None and facts.shortage > 0:
        headline.append(
            {"text": f"{ev.name}: {facts.shortage_text()}; {facts.coverage_text()}.", "en": True}
        )
        headline.extend({"text": text, "en": True} for text in facts.published_texts())
    reds = ev.baseline[ev.baseline["light"] == "red"]
    if len(reds):
        named = [words.indicator(str(r.indicator), str(r.name)) for r in reds.itertuples()]
        key = "summary.reds_more" if len(reds) > 6 else "summary.reds"
        text = say(
            key,
            n=say.iso(len(reds)),
            total=say.iso(ev.baseline["value"].notna().sum()),
            names=words.t("list.comma").join(named[:6]),
        )
        headline.append({"text": text, "en": False})
    return {
        "members": len(ev.iso3),
        "scheduled": len(plan.scheduled),
        "unscheduled": len(plan.unscheduled),
        "not_proposed": len(roadmap.catalogue.skipped),
        "pillars_covered": len({s.initiative.pillar for s in plan.scheduled}),
        "by_phase": [
            {
                "name": say(
                    "summary.phase",
                    name=words.t.get(f"roadmap.phase.{p.id}", p.name),
                    years=say.years(p.start, p.end),
                ),
                "count": phases.get(p.id, 0),
            }
            for p in plan.phases
        ],
        "headline": headline,
        "table": numbers.table("first-phase"),
        "first_phase": [_initiative(s, words, cites, None) for s in first],
    }


def _pathways(roadmap: Roadmap, words: Words, numbers: Numbers) -> dict[str, Any]:
    plan, t = roadmap.plan, words.t
    titles = words.titles
    used: dict[str, list[str]] = {}
    for s in plan.scheduled:
        used.setdefault(s.meeting.forum_id, []).append(titles[s.initiative.id])
    forums = [
        {
            "name": words.forum(f.forum_id, f.name),
            "pathway": t.get(f"report.pathway.{f.pathway}", f.pathway),
            "recurrence": f.recurrence,
            "status": t.get(f"report.forum_status.{f.status}", f.status),
            "established": f.status == "established",
            "source": f.source,
            "source_url": f.source_url,
            "initiatives": used[f.forum_id],
        }
        for f in roadmap.forums.values()
        if f.forum_id in used
    ]
    sessions = sorted(
        {
            (s.meeting.day, s.meeting.forum_id, s.meeting.forum_name, s.meeting.indicative)
            for s in plan.scheduled
        }
    )
    return {
        "sessions_table": numbers.table("sessions"),
        "forums_table": numbers.table("forums"),
        "forums": forums,
        "sessions": [
            {
                "date": words.say.day(day),
                "forum": words.forum(forum_id, name),
                "indicative": indicative,
                "initiatives": [
                    titles[s.initiative.id]
                    for s in plan.scheduled
                    if s.meeting.day == day and s.meeting.forum_id == forum_id
                ],
            }
            for day, forum_id, name, indicative in sessions
        ],
        "implied": [
            {"initiative": titles.get(a, a), "after": titles.get(b, b), "rule": rule}
            for a, b, rule in plan.implied
        ],
        "unscheduled": [
            {"title": titles[u.initiative.id], "reason": u.reason} for u in plan.unscheduled
        ],
    }


def _alignment(roadmap: Roadmap, words: Words, numbers: Numbers) -> dict[str, Any] | None:
    """The agenda goals the group adopted (and the other goals its initiatives serve), each
    with the initiatives serving it, and the adopted goals none serves."""
    found = roadmap.alignment
    if found is None:
        return None
    t, known = words.t, goals_by_key()

    def row(key: str) -> dict[str, Any]:
        goal = known[key]
        bloc = (
            words.say("alignment.global")
            if goal.bloc_id == GLOBAL
            else content.group_name(t, goal.bloc_id, goal.bloc_id)
        )
        return {
            "key": key,
            "agenda": t.get(f"agenda.{goal.agenda_id}", goal.agenda),
            "goal": t.get(f"agenda.{goal.agenda_id}.{goal.goal_id}", goal.goal),
            "bloc": bloc,
            "initiatives": [words.titles[i] for i in found.served_by(key)],
            "decision": goal.decision,
            "source_url": goal.source_url,
        }

    keys = dict.fromkeys([*(g.key for g in found.adopted), *(k for _, k in found.rows)])
    return {
        "table": numbers.table("alignment"),
        "goals": [row(k) for k in keys],
        "unserved": [row(g.key) for g in found.unserved],
    }


def _scenario_rows(summary: pd.DataFrame, words: Words) -> list[dict[str, Any]]:
    """The scenario summary, each KPI named in words with the scope of its baseline split."""
    rows = []
    for row in records(summary):
        who, how = scope_parts(row["scope"])
        rows.append(
            {
                **row,
                "name": words.indicator(str(row["indicator"]), str(row["name"])),
                "unit": content.unit(words.t, row["unit"]),
                "scope_label": who,
                "scope_note": how,
            }
        )
    return rows


def _subject(subject: str, titles: dict[str, str]) -> str:
    """A check's subject with a leading initiative id (``id: …``) replaced by its title."""
    head, sep, rest = subject.partition(": ")
    if sep and head in titles:
        return f"{titles[head]}: {rest}"
    return titles.get(subject, subject)


def _checks(checks: Sequence[Check], titles: dict[str, str], t: Translator) -> list[dict[str, Any]]:
    """Checks grouped by check, in the order they ran: counts by status and the non-pass ones."""
    english = Translator("en")
    names = {
        c.check: t(f"report.check.{c.check}")
        if english.get(f"report.check.{c.check}", "") == c.title
        else c.title
        for c in checks
    }
    return [
        {
            "check": check_id,
            "title": names[check_id],
            "counts": tally,
            "open": [
                {"subject": _subject(c.subject, titles), "status": c.status, "detail": c.detail}
                for c in checks
                if c.check == check_id and c.status != "pass"
            ],
        }
        for check_id, tally in counts(checks).items()
    ]


def collation(name: str) -> str:
    """The key that sorts names alphabetically, accents aside (``Égypte`` among the E)."""
    bare = unicodedata.normalize("NFKD", name)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold()


def listed(names: Iterable[str], lang: str) -> str:
    """Country names as a draft decision lists them: alphabetically (accents aside), joined
    the way ``lang`` joins a list."""
    from babel.lists import format_list

    return format_list(sorted(names, key=collation), locale=lang)


def _decisions(roadmap: Roadmap, words: Words) -> list[dict[str, Any]]:
    """The draft decisions, one per session; the diplomatic edition lists no party of a
    withheld initiative (its decision says the parties are not named)."""
    decisions = [d.as_dict() for d in draft_decisions(roadmap, words.t, words.countries)]
    if words.withheld is None:
        return decisions
    hidden = [
        listed((words.countries.get(c, c) for c in s.initiative.participants), words.t.lang)
        for s in roadmap.plan.scheduled
        if words.withheld.names_a_pair(s.initiative.rationale)
    ]

    def scrub(text: str) -> str:
        for names in hidden:
            text = text.replace(names, phrase(words.t, "withheld.parties"))
        return text

    for d in decisions:
        d["paragraphs"] = [
            {**p, "text": scrub(p["text"]), "items": [scrub(i) for i in p["items"]]}
            for p in d["paragraphs"]
        ]
    return decisions


def _withheld_note(withheld: Withheld, roadmap: Roadmap, words: Words) -> dict[str, Any]:
    """What the diplomatic edition withheld: counts and kinds, never the names."""
    say = words.say
    hidden = [
        words.title(s.initiative)
        for s in roadmap.plan.scheduled
        if withheld.names_a_pair(s.initiative.rationale)
    ]
    items = []
    if withheld.pairs:
        items.append(
            say(
                "withheld.pairs",
                n=say.iso(len(withheld.pairs)),
                parties=say.iso(len(withheld.parties)),
            )
        )
    if withheld.closed:
        items.append(say("withheld.closed", n=say.iso(len(withheld.closed))))
    if hidden:
        plural = "one" if len(hidden) == 1 else "other"
        items.append(
            say(
                f"withheld.participants_of.{plural}",
                n=say.iso(len(hidden)),
                titles=words.t("list.join").join(hidden),
            )
        )
    return {"title": say("withheld.title"), "lead": say("withheld.lead"), "items": items}


def render_html(
    roadmap: Roadmap,
    figures: dict[str, Figure],
    *,
    map_note: str | None = None,
    diplomatic: bool = False,
    lang: str = "en",
) -> str:
    """The report page in ``lang``: every section, chart and citation, with no external
    resource.

    ``map_note`` says why the pillar maps are missing, when they are. ``diplomatic`` names
    no country in a bilateral tension or a closed civic space (the data notes say what was
    withheld); the plan is the same. Text the analysis wrote in English (findings, check
    details, notes, caveats, limits) is quoted as written and marked ``lang="en"``.
    """
    ev = roadmap.evidence
    summary = roadmap.scenarios.summary
    withheld = Withheld.of(ev) if diplomatic else None
    t = Translator(language(lang))
    words = Words(t, roadmap, country_names(ev, lang), withheld)
    say = words.say
    cites = Citations(roadmap)
    numbers = Numbers()
    group = content.group_name(t, ev.group, ev.name)
    years = say.years(roadmap.plan.as_of.year, roadmap.plan.horizon)
    # Built in reading order: figures and tables are numbered as they are first met.
    context: dict[str, Any] = {
        "lang": lang,
        "direction": t.direction,
        "title": roadmap.title if lang == "en" else say("title", years=years, group=group),
        "version": __version__,
        "group": {"id": ev.group, "name": group, "members": len(ev.iso3)},
        "member_names": sorted(words.countries.values(), key=collation),
        "as_of": say.day(ev.as_of),
        "horizon": roadmap.plan.horizon,
        "initiatives_file": roadmap.initiatives_file,
        "sections": [
            (key, t("decisions.title") if key == "decisions" else say(f"section.{key}"))
            for key, _ in SECTIONS
        ],
        "recommendations": [r.as_dict() for r in recommendations(roadmap, t, words.countries)],
        "summary": _summary(roadmap, words, cites, numbers),
        "timeline": [
            f for k in ("timeline", "calendar") if (f := _figure(figures, k, numbers, cites, words))
        ],
    }
    context["pillars"] = [
        _pillar_section(roadmap, p, figures, words, cites, numbers) for p in PILLARS
    ]
    context["projections"] = _figure(figures, "projections", numbers, cites, words)
    context["scenarios_table"] = numbers.table("scenarios")
    context["scenarios"] = (
        _scenario_rows(summary, words) if isinstance(summary, pd.DataFrame) else []
    )
    context["scenario_notes"] = list(roadmap.scenarios.notes)
    context["bottlenecks"] = _bottlenecks(roadmap, words, cites)
    context["pathways"] = _pathways(roadmap, words, numbers)
    context["alignment"] = _alignment(roadmap, words, numbers)
    context["plan_notes"] = list(roadmap.plan.notes)
    context["checks_table"] = numbers.table("checks")
    context["checks"] = _checks(roadmap.checks, words.titles, t)
    context["decisions"] = _decisions(roadmap, words)
    context["statuses"] = [(s, say(f"status.{s}")) for s in STATUSES]
    context["limits"] = [*roadmap.limits(), *([map_note] if map_note else [])]
    context["sources_table"] = numbers.table("sources")
    context["withheld"] = _withheld_note(withheld, roadmap, words) if withheld is not None else None
    context = plain(context, words)
    context["t"] = t
    context["sources"] = cites.finish()
    context["source_numbers"] = cites.numbers
    context["stale_after_years"] = STALE_AFTER_YEARS
    context["figure_numbers"] = numbers.figures
    context["table_numbers"] = numbers.tables
    return _environment(say).get_template("report.html.j2").render(**context)
