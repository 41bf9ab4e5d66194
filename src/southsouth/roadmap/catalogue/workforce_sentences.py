"""The health-workforce facts (:mod:`southsouth.roadmap.workforce_facts`) as sentences of the
training compact's rationale, so that they read in every language."""

from __future__ import annotations

from southsouth.language import content as words
from southsouth.roadmap.catalogue.sentences import Sentence, part, say
from southsouth.roadmap.workforce_facts import WorkforceFacts, region_label, short_citation


def _members(n: int) -> dict[str, object]:
    """``1 member``, ``7 members``."""
    return part("workforce.members.one" if n == 1 else "workforce.members", n=n)


def _region(group: str) -> dict[str, object]:
    return words.named("group", group, region_label(group))


def finding(facts: WorkforceFacts) -> dict[str, object]:
    """The shortage over the members below the threshold, then coverage over the group."""
    if facts.below:
        shortage = part(
            "workforce.shortage",
            shortage=words.head_count(facts.shortage),
            threshold=facts.threshold,
            year=facts.year,
            below=_members(facts.below),
        )
    else:
        shortage = part("workforce.none_below", threshold=facts.threshold, year=facts.year)
    coverage = part(
        "workforce.coverage",
        with_data=facts.with_data,
        members=_members(facts.members),
        share=100 * facts.coverage,
    )
    if facts.above and facts.below:
        coverage = part(
            "workforce.offset",
            coverage=coverage,
            above=_members(facts.above),
            surplus=words.head_count(facts.surplus),
        )
    return part("workforce.finding", shortage=shortage, coverage=coverage)


def published(facts: WorkforceFacts, group: dict[str, object]) -> list[Sentence]:
    """Each published estimate beside the model's figure for the same countries."""
    out: list[Sentence] = []
    for c in facts.comparisons:
        out += [
            say(
                "workforce.published",
                region=_region(c.published.group),
                shortage=words.head_count(c.published.shortage),
                countries=c.countries_with_data + c.countries_without_data,
                year=c.published.year,
                citation=short_citation(c.published.citation),
                model=words.head_count(c.shortage),
                threshold=c.threshold_per_1000,
            ),
            say(
                "workforce.published.method",
                published_need=words.head_count(c.published.need),
                need=words.head_count(c.need),
            ),
        ]
    for r in facts.regional:
        out.append(
            say(
                "workforce.regional",
                region=_region(r.estimate.group),
                shortage=words.head_count(r.estimate.shortage),
                year=r.estimate.year,
                citation=short_citation(r.estimate.citation),
                size=r.region_size,
                inside=r.members_inside,
                group=group,
            )
        )
    return out
