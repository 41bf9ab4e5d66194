"""Draft decisions a forum session can table, and the plan's recommendations ranked.

Interfaces (the report and ``roadmap.json`` call these):

* ``draft_decisions(roadmap, t, names) -> list[Decision]`` — one decision per forum session
  (forum × day) of the plan, in order of date, in the language of the Translator ``t``;
* ``recommendations(roadmap, t, names) -> list[Recommendation]`` — one line per scheduled
  initiative, ranked by :data:`RANK_RULE`;
* ``decisions_document(roadmap, names) -> list[dict]`` — the English decisions as JSON-ready
  mappings.

``names`` maps ISO3 codes to country names in ``t``'s language (the caller builds it with
:func:`southsouth.language.names.country_name`); a code it lacks is shown as the code.

A decision speaks in its forum's register (``forums.csv``: ``body``, ``register``,
``follow_up``): an assembly *decides*, heads of state *agree*, the World Health Assembly
*urges* Member States and *requests* its Director-General, a COP *invites Parties*. Its
operative paragraphs adopt each initiative (title, first implementation cycle, participants:
"all members" when the initiative covers the whole group), state each KPI — baseline (value,
year, whose value) and target (value, unit, year); a KPI whose status is ``monitor`` is stated
as monitored, with no target beyond the status quo —, set the reporting dates and name the
body that follows up.

Reporting rule (:func:`reporting_dates`): a progress report at the forum's first session at
least one year after adoption, and a final report at its first session on or after the end
of the first implementation cycle; sessions are the plan's calendar (generated and confirmed,
up to the horizon). When no such session exists the report is due in the year itself
(adoption year + 1; the cycle's end year). A progress report that would fall on or after the
final one is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any

from southsouth.language.bidi import isolate, year_range
from southsouth.language.catalogue import Translator
from southsouth.language.content import forum_name, group_name, indicator_name
from southsouth.language.content import initiative_title as content_title
from southsouth.language.content import unit as content_unit
from southsouth.language.numbers import format_figure, format_number
from southsouth.roadmap.model import Kpi, Meeting, Scheduled

if TYPE_CHECKING:
    from southsouth.roadmap.build import Roadmap

#: The order of :func:`recommendations`, as the output states it (``decisions.rank_rule``).
RANK_RULE = (
    "by phase, earlier first; within a phase, by gap, larger first: the distance from baseline "
    "to target of the initiative's headline KPI (its first KPI with a target) as a percentage "
    "of the distance between its indicator's goalposts (initiatives without one last); then by "
    "session, earlier first"
)
#: A ``Kpi.absolute`` statement, as :meth:`Calibrator.statement` writes it.
ABSOLUTE = re.compile(
    r"(?P<target>-?[\d.,]+(?:e[-+]?\d+)?(?: million| billion)?) (?P<what>.+?) in "
    r"(?P<year>\d{4}) across the scope \(from (?P<base>-?[\d.,]+(?:e[-+]?\d+)?"
    r"(?: million| billion)?) in (?P<base_year>\d{4})\)"
    r"(?:; (?P<share>\d+)% of (?P<pool>.+) \([^()]+, \d{4}\))?"
)
SCALE = {"million": 1e6, "billion": 1e9}
#: Participants named in a KPI's scope when it is a part of them no larger than this.
NAMED_SCOPE = 5


@dataclass(frozen=True)
class Paragraph:
    """A numbered operative paragraph and its lettered items."""

    number: int
    text: str
    items: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"number": self.number, "text": self.text, "items": list(self.items)}


@dataclass(frozen=True)
class Adopted:
    """An initiative a decision adopts, with the values its paragraphs state.

    ``progress`` and ``final`` are report dates: a session's day, or a year when no session
    falls in time (``progress`` is None when no progress report comes before the final one).
    """

    initiative: str
    title: str
    start: int
    end: int
    participants: tuple[str, ...]
    all_members: bool
    kpis: tuple[Kpi, ...]
    progress: date | int | None
    final: date | int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""

        def when(value: date | int | None) -> str | int | None:
            return value.isoformat() if isinstance(value, date) else value

        return {
            "initiative": self.initiative,
            "title": self.title,
            "cycle": [self.start, self.end],
            "participants": list(self.participants),
            "all_members": self.all_members,
            "kpis": [
                {
                    "indicator": k.indicator,
                    "status": k.status,
                    "unit": k.unit,
                    "baseline": k.baseline,
                    "baseline_year": k.baseline_year,
                    "target": k.target,
                    "target_year": k.target_year,
                    "members": list(k.members),
                }
                for k in self.kpis
            ],
            "progress_report": when(self.progress),
            "final_report": when(self.final),
        }


@dataclass(frozen=True)
class Decision:
    """A draft decision for one forum session."""

    number: int
    lang: str
    forum_id: str
    forum: str
    day: date
    indicative: bool
    date_text: str
    body: str
    register: str
    follow_up: str
    opening: str
    paragraphs: tuple[Paragraph, ...]
    adopted: tuple[Adopted, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "number": self.number,
            "lang": self.lang,
            "forum_id": self.forum_id,
            "forum": self.forum,
            "date": self.day.isoformat(),
            "indicative": self.indicative,
            "date_text": self.date_text,
            "body": self.body,
            "register": self.register,
            "follow_up": self.follow_up,
            "opening": self.opening,
            "paragraphs": [p.as_dict() for p in self.paragraphs],
            "adopted": [a.as_dict() for a in self.adopted],
        }


@dataclass(frozen=True)
class Recommendation:
    """One ranked line: adopt an initiative at its session, for its headline target.

    ``gap`` is what :func:`gap` gives for the headline KPI (a percentage of its goalposts).
    """

    rank: int
    initiative: str
    forum_id: str
    day: date
    phase: str
    gap: float | None
    headline: str | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "rank": self.rank,
            "initiative": self.initiative,
            "forum_id": self.forum_id,
            "date": self.day.isoformat(),
            "phase": self.phase,
            "gap": self.gap,
            "headline_indicator": self.headline,
            "text": self.text,
        }


# -- wording ----------------------------------------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rtl(t: Translator) -> bool:
    return t.direction == "rtl"


def _number(t: Translator, value: float) -> str:
    text = format_number(value, t.lang)
    return isolate(text) if _rtl(t) else text


def _count(t: Translator, n: int) -> str:
    text = format_number(n, t.lang, digits=1)
    return isolate(text) if _rtl(t) else text


def _year(t: Translator, year: int) -> str:
    return isolate(year) if _rtl(t) else str(year)


def _unit(t: Translator, text: str) -> str:
    words = content_unit(t, text)
    return isolate(words, ltr=False) if _rtl(t) and words else words


def _years(t: Translator, start: int, end: int) -> str:
    return year_range(start, end) if _rtl(t) else f"{start}–{end}"


def date_text(t: Translator, meeting: Meeting) -> str:
    """A session's date in ``t``'s language: the full date when confirmed, the month and year
    when only the usual month is known, the year when the month is not fixed either."""
    from babel.dates import format_date, format_skeleton

    if not meeting.indicative:
        return format_date(meeting.day, "long", locale=t.lang)
    if meeting.note == "month not fixed":
        return _year(t, meeting.day.year)
    return format_skeleton("yMMMM", meeting.day, locale=t.lang)


def _names(t: Translator, codes: Sequence[str], names: Mapping[str, str]) -> str:
    """Country names in alphabetical order, joined the way ``t``'s language lists them."""
    from babel.lists import format_list

    def key(name: str) -> str:
        plain = unicodedata.normalize("NFKD", name)
        return "".join(c for c in plain if not unicodedata.combining(c)).casefold()

    return format_list(sorted((names.get(c, c) for c in codes), key=key), locale=t.lang)


def _title(t: Translator, s: Scheduled) -> str:
    item = s.initiative
    return t("decisions.quote", title=content_title(t, item.id, item.title, item.title_values))


def _whose(t: Translator, kpi: Kpi, participants: Sequence[str], names: Mapping[str, str]) -> str:
    """Whose value the KPI's baseline is: the group, the participants, or a part of them."""
    if not kpi.members:
        return t("decisions.whose.group")
    scope, people = set(kpi.members), set(participants)
    count = _count(t, len(scope))
    if scope == people:
        return t("decisions.whose.participants")
    if scope < people and len(scope) <= NAMED_SCOPE:
        return t("decisions.whose.part_named", count=count, names=_names(t, kpi.members, names))
    if scope < people:
        return t("decisions.whose.part", count=count)
    return t("decisions.whose.countries", count=count)


def _figure(text: str) -> float:
    number, _, scale = text.partition(" ")
    return float(number.replace(",", "")) * SCALE.get(scale, 1.0)


def absolute_text(t: Translator, kpi: Kpi) -> str:
    """The KPI's target in absolute terms (``Kpi.absolute``) in ``t``'s language; empty when
    the KPI states none, or (outside English, which keeps it as written) when it is not in
    the calibrator's form."""
    found = ABSOLUTE.fullmatch(kpi.absolute) if kpi.absolute else None
    if found is None:
        return kpi.absolute if t.lang == "en" else ""
    target = _figure(found["target"])
    what = t.get(f"decisions.absolute.{kpi.indicator}", found["what"])
    form = "decisions.figure.large" if abs(target) >= 1e6 else "decisions.figure"
    figure = format_figure(target, t.lang)
    base = format_figure(_figure(found["base"]), t.lang)
    if _rtl(t):
        figure, base = _digits_isolated(figure), _digits_isolated(base)
    text = t(
        "decisions.absolute",
        target=t(form, figure=figure, what=what),
        year=_year(t, int(found["year"])),
        baseline=base,
        baseline_year=_year(t, int(found["base_year"])),
    )
    if found["share"]:
        from babel.numbers import format_percent

        share = format_percent(int(found["share"]) / 100, locale=t.lang)
        pool = t.get(f"decisions.pool.{kpi.indicator}", f"of {found['pool']}")
        share = isolate(share) if _rtl(t) else share
        text = t("decisions.absolute.share", absolute=text, share=share, pool=pool)
    return text


def _digits_isolated(text: str) -> str:
    """Each run of digits (with its separators) of ``text`` isolated left to right."""
    return re.sub(r"-?\d[\d.,\u066b\u066c]*", lambda m: isolate(m.group()), text)


def kpi_text(t: Translator, kpi: Kpi, participants: Sequence[str], names: Mapping[str, str]) -> str:
    """One KPI as a decision states it: baseline and target, or monitored."""
    unit = _unit(t, kpi.unit)
    values = {
        "indicator": indicator_name(t, kpi.indicator, kpi.name),
        "whose": _whose(t, kpi, participants, names),
        "baseline": _number(t, kpi.baseline),
        "baseline_year": _year(t, kpi.baseline_year),
        "target": _number(t, kpi.target),
        "target_year": _year(t, kpi.target_year),
        "unit": unit,
    }
    if kpi.status == "monitor":
        return t("decisions.kpi.monitor", **values)
    text = t("decisions.kpi.target", **values)
    absolute = absolute_text(t, kpi)
    return t("decisions.kpi.absolute", kpi=text, absolute=absolute) if absolute else text


# -- reporting --------------------------------------------------------------------------------


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def reporting_dates(
    item: Scheduled, sessions: Sequence[Meeting]
) -> tuple[Meeting | int | None, Meeting | int]:
    """(progress, final) reports of ``item`` by the module's reporting rule: sessions of its
    forum among ``sessions`` (sorted by day), or years when none falls in time."""
    own = [m for m in sessions if m.forum_id == item.meeting.forum_id]
    due = _years_later(item.start, 1)
    progress: Meeting | int | None = next((m for m in own if m.day >= due), None)
    final: Meeting | int = next((m for m in own if m.day >= item.end), None) or item.end.year
    if progress is None:
        progress = item.start.year + 1
    if _when(progress) >= _when(final):
        progress = None
    return progress, final


def _when(value: Meeting | int) -> date:
    """A report's day (a year's reports count as due on its last day)."""
    return value.day if isinstance(value, Meeting) else date(value, 12, 31)


def _report_text(t: Translator, value: Meeting | int) -> str:
    return date_text(t, value) if isinstance(value, Meeting) else _year(t, value)


# -- decisions --------------------------------------------------------------------------------


def draft_decisions(roadmap: Roadmap, t: Translator, names: Mapping[str, str]) -> list[Decision]:
    """One draft decision per forum session of the plan, in order of date (see the module)."""

    def session(s: Scheduled) -> tuple[date, str]:
        return s.meeting.day, s.meeting.forum_id

    ordered = sorted(roadmap.plan.scheduled, key=lambda s: (*session(s), s.initiative.id))
    sessions = [list(items) for _, items in groupby(ordered, key=session)]
    return [_decision(roadmap, t, names, n, items) for n, items in enumerate(sessions, start=1)]


def _adopted(
    roadmap: Roadmap, t: Translator, names: Mapping[str, str], s: Scheduled
) -> tuple[Adopted, list[Paragraph], str]:
    """An initiative's record, its paragraphs (numbered from 0) and its reports' item."""
    item, register = s.initiative, roadmap.forums[s.meeting.forum_id].register
    ev = roadmap.evidence
    members = set(ev.iso3)
    title = _title(t, s)
    everyone = bool(item.participants) and set(item.participants) == members
    if everyone:
        count = _count(t, len(members))
        who = t("decisions.participants.all", count=count, group=group_name(t, ev.group, ev.name))
    else:
        who = t("decisions.participants.some", names=_names(t, item.participants, names))
    years = _years(t, s.start.year, s.end.year)
    paragraphs = [
        Paragraph(0, t(f"decisions.{register}.adopt", title=title, years=years, participants=who))
    ]
    if item.kpis:
        lines = tuple(kpi_text(t, k, item.participants, names) for k in item.kpis)
        paragraphs.append(Paragraph(0, t(f"decisions.{register}.kpis", title=title), lines))
    progress, final = reporting_dates(s, roadmap.plan.meetings)
    if progress is None:
        report = t("decisions.report.item_final", title=title, final=_report_text(t, final))
    else:
        report = t(
            "decisions.report.item",
            title=title,
            progress=_report_text(t, progress),
            final=_report_text(t, final),
        )
    record = Adopted(
        initiative=item.id,
        title=content_title(t, item.id, item.title, item.title_values),
        start=s.start.year,
        end=s.end.year,
        participants=item.participants,
        all_members=everyone,
        kpis=item.kpis,
        progress=None if progress is None else _day(progress),
        final=_day(final),
    )
    return record, paragraphs, report


def _decision(
    roadmap: Roadmap,
    t: Translator,
    names: Mapping[str, str],
    number: int,
    items: Sequence[Scheduled],
) -> Decision:
    """The decision of one session: ``items`` share its forum and day."""
    ev = roadmap.evidence
    meeting = items[0].meeting
    forum = roadmap.forums[meeting.forum_id]
    register = forum.register
    body = t.get(f"decisions.body.{forum.forum_id}", forum.body)
    follow_up = t.get(f"decisions.follow_up.{forum.forum_id}", forum.follow_up)
    when = date_text(t, meeting)
    adopted, paragraphs, reports = [], [], []
    for s in items:
        record, own, report = _adopted(roadmap, t, names, s)
        adopted.append(record)
        paragraphs += own
        reports.append(report)
    horizon = _year(t, roadmap.plan.horizon)
    paragraphs.append(
        Paragraph(
            0,
            t(f"decisions.{register}.report", follow_up=follow_up, horizon=horizon),
            tuple(reports),
        )
    )
    paragraphs.append(Paragraph(0, t(f"decisions.{register}.follow_up", follow_up=follow_up)))
    group = group_name(t, ev.group, ev.name)
    opening = t(f"decisions.{register}.opening", body=body, date=when, group=group)
    return Decision(
        number=number,
        lang=t.lang,
        forum_id=forum.forum_id,
        forum=forum_name(t, forum.forum_id, meeting.forum_name),
        day=meeting.day,
        indicative=meeting.indicative,
        date_text=when,
        body=body,
        register=register,
        follow_up=follow_up,
        opening=_capital(opening),
        paragraphs=tuple(
            Paragraph(n, _capital(p.text), p.items) for n, p in enumerate(paragraphs, start=1)
        ),
        adopted=tuple(adopted),
    )


def _day(value: Meeting | int) -> date | int:
    return value.day if isinstance(value, Meeting) else value


def decisions_document(roadmap: Roadmap, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """The English draft decisions as JSON-ready mappings (for ``roadmap.json``)."""
    return [d.as_dict() for d in draft_decisions(roadmap, Translator("en"), names)]


# -- recommendations --------------------------------------------------------------------------


def headline_kpi(kpis: Sequence[Kpi]) -> Kpi | None:
    """The first KPI with a target (status ``commitment``), else the first KPI."""
    return next((k for k in kpis if k.status == "commitment"), kpis[0] if kpis else None)


def gap(roadmap: Roadmap, kpi: Kpi | None) -> float | None:
    """The distance from ``kpi``'s baseline to its target as a percentage of the distance
    between its indicator's goalposts (worst to best): 0 for a monitored KPI, None without a
    KPI or goalposts."""
    if kpi is None:
        return None
    if kpi.status == "monitor":
        return 0.0
    try:
        posts = roadmap.evidence.framework.indicator(kpi.indicator).goalposts
    except KeyError:
        return None
    if posts is None or posts.best == posts.worst:
        return None
    return 100 * abs(kpi.target - kpi.baseline) / abs(posts.best - posts.worst)


def _headline_text(t: Translator, kpi: Kpi) -> str:
    name = indicator_name(t, kpi.indicator, kpi.name)
    values = {
        "indicator": name,
        "baseline": _number(t, kpi.baseline),
        "target": _number(t, kpi.target),
        "unit": _unit(t, kpi.unit),
        "year": _year(t, kpi.target_year),
    }
    if kpi.status == "monitor":
        return t("decisions.headline.monitor", **values)
    return absolute_text(t, kpi) or t("decisions.headline.target", **values)


def recommendations(
    roadmap: Roadmap, t: Translator, names: Mapping[str, str]
) -> list[Recommendation]:
    """One verb-first line per scheduled initiative, ranked by :data:`RANK_RULE`: the
    initiative, its forum session and its headline target (in absolute terms where the KPI
    states them). ``names`` is accepted for the common interface (lines name no country)."""
    phase_rank = {p.id: n for n, p in enumerate(roadmap.plan.phases)}

    def key(s: Scheduled) -> tuple[int, int, float, date, str]:
        size = gap(roadmap, headline_kpi(s.initiative.kpis))
        return (
            phase_rank.get(s.phase, len(phase_rank)),
            size is None,
            -(size or 0.0),
            s.meeting.day,
            s.initiative.id,
        )

    out: list[Recommendation] = []
    for s in sorted(roadmap.plan.scheduled, key=key):
        kpi = headline_kpi(s.initiative.kpis)
        values = {
            "title": _title(t, s),
            "forum": forum_name(t, s.meeting.forum_id, s.meeting.forum_name),
            "date": date_text(t, s.meeting),
        }
        if kpi is None:
            text = t("decisions.recommendation.plain", **values)
        else:
            text = t("decisions.recommendation", headline=_headline_text(t, kpi), **values)
        out.append(
            Recommendation(
                rank=len(out) + 1,
                initiative=s.initiative.id,
                forum_id=s.meeting.forum_id,
                day=s.meeting.day,
                phase=s.phase,
                gap=gap(roadmap, kpi),
                headline=kpi.indicator if kpi is not None else None,
                text=text,
            )
        )
    return out
