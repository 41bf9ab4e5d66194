"""Brief reads: what the two-page brief on a country or a bloc says, as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Source
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.group_grammar import GROUP_TEXT_PATTERN
from southsouth.service.http import MAX_NAME, Country
from southsouth.service.reads.brief import BRIEF

router = APIRouter(tags=["briefs"])
Rows = list[dict[str, Any]]


class ScorecardRow(BaseModel):
    """One pillar: score, worst light, counts of lights and trends, indicators with data."""

    pillar: str
    name: str
    score: float | None
    light: str | None
    lights: dict[str, int]
    trends: dict[str, int]
    indicators: int
    with_data: int


class Brief(BaseModel):
    """A country's or a bloc's brief: scorecard, largest gaps, initiatives, sessions."""

    model_config = ConfigDict(extra="allow")

    kind: str
    id: str
    name: str
    year: int
    framework: str
    plan: dict[str, Any]
    items: list[ScorecardRow]
    gaps: Rows
    initiatives: Rows
    sessions: Rows
    data_years: dict[str, int | None]
    rules: dict[str, str]
    notes: list[str]
    sources: list[Source]


@router.get("/countries/{country}/brief", response_model=Brief, responses=READ_RESPONSES)
def country_brief(request: Request, reads: ReadsDep, country: Country) -> Response:
    """What a country's two-page brief says: pillar scorecard, three largest gaps, the
    initiatives of the G77 roadmap it would join, their sessions, data years and sources
    (seconds the first time a day, then cached until the data change)."""
    return reads.answer(request, BRIEF, BRIEF.parse(country=country))


@router.get("/blocs/{bloc}/brief", response_model=Brief, responses=READ_RESPONSES)
def bloc_brief(
    request: Request,
    reads: ReadsDep,
    bloc: Annotated[
        str,
        Path(min_length=1, max_length=MAX_NAME, pattern=GROUP_TEXT_PATTERN, description="Bloc id"),
    ],
) -> Response:
    """What a bloc's two-page brief says: scorecard of its aggregates, three largest gaps,
    its own roadmap's initiatives, their sessions, data years and sources."""
    return reads.answer(request, BRIEF, BRIEF.parse(bloc=bloc))
