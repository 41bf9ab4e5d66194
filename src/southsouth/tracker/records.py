"""The tracker's records as validated values: forums, commitments, assessments.

Each kind comes in three shapes: ``…In`` (what a caller sends to create one), ``…Patch``
(the fields to change; a field left out keeps its value, ``null`` clears an optional one,
nested objects — ``smart``, ``kpi`` — are replaced whole) and the stored record (``Forum``,
``Commitment``, ``Assessment``: the input fields plus ``id``, ``version`` and timestamps).

JSON types are strict: an integer field refuses ``"7"`` and ``true``, a number field refuses
strings, a flag refuses ``0``/``1``, a date must be an ISO ``YYYY-MM-DD`` string. Free text
refuses control characters other than tab and newlines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)

from southsouth.errors import InvalidRecord, close_matches
from southsouth.tracker.vocabulary import (
    ACTOR_PATTERN,
    BLOC_PATTERN,
    ID_PATTERN,
    TEXT_PATTERN,
    Catalyst,
    Direction,
    ForumKind,
    Grade,
    Period,
    Pillar,
    Status,
    actor_bloc,
    bloc_ids,
)


def _json_integer(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise ValueError("must be a JSON integer, not a string or boolean")
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise ValueError("must be a JSON number, not a string or boolean")
    return value


def _json_boolean(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _json_date(value: Any) -> Any:
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise ValueError("must be a date string like 2025-02-15")
    return value


RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Actor = Annotated[str, StringConstraints(pattern=ACTOR_PATTERN)]
BlocId = Annotated[str, StringConstraints(pattern=BLOC_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s\x00-\x1f]+$", max_length=2000)]
IndicatorId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]
Year = Annotated[int, Field(ge=1945, le=2100), BeforeValidator(_json_integer)]
Number = Annotated[float, BeforeValidator(_json_number)]
Flag = Annotated[bool, BeforeValidator(_json_boolean)]
Day = Annotated[date, BeforeValidator(_json_date)]


#: Trimmed free text without control characters (other than tab and newlines).
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=TEXT_PATTERN),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=10000, pattern=TEXT_PATTERN),
]


def _check_bloc(value: str | None) -> str | None:
    if value is not None and value not in bloc_ids():
        near = close_matches(value, bloc_ids())
        raise ValueError(
            f"{value!r} is not a registry bloc"
            + (f"; did you mean {', '.join(near)}?" if near else "")
            + " (`southsouth blocs` lists them)"
        )
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


# --- forums ---------------------------------------------------------------------------------


class _ForumFields(_Input):
    kind: ForumKind = Field(description="Type of meeting.")
    name: Name = Field(description="Name as the forum calls itself.")
    bloc_id: BlocId | None = Field(
        default=None, description="The registry bloc that convenes it (scopes editors), e.g. AU."
    )
    start_date: Day = Field(description="First day.")
    end_date: Day = Field(description="Last day (on or after start_date).")
    place: Name | None = Field(default=None, description="City, country.")
    url: Url | None = Field(default=None, description="Official page or final declaration.")

    @field_validator("bloc_id")
    @classmethod
    def _registry_bloc(cls, value: str | None) -> str | None:
        return _check_bloc(value)

    @model_validator(mode="after")
    def _dates_in_order(self) -> _ForumFields:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class ForumIn(_ForumFields):
    """A forum to create."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "au-assembly-38",
                    "kind": "summit",
                    "name": "38th Ordinary Session of the AU Assembly",
                    "bloc_id": "AU",
                    "start_date": "2025-02-15",
                    "end_date": "2025-02-16",
                    "place": "Addis Ababa, Ethiopia",
                }
            ]
        }
    )

    id: RecordId | None = Field(
        default=None, description="Omit to have one generated from the name (lower-case, -)."
    )


class ForumPatch(_Input):
    """Fields of a forum to change."""

    kind: ForumKind | None = None
    name: Name | None = None
    bloc_id: BlocId | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    place: Name | None = None
    url: Url | None = None


class Forum(_ForumFields):
    """A stored forum."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("bloc_id")
    @classmethod
    def _registry_bloc(cls, value: str | None) -> str | None:
        return value  # checked when written; a bloc later dropped from the registry stays

    id: RecordId
    version: int
    created_at: datetime
    updated_at: datetime


# --- commitments ----------------------------------------------------------------------------


#: Words a commitment's text needs for it to count as specific.
SPECIFIC_WORDS = 4
#: The fields each derived SMART flag is read from (a change to one re-derives the flag).
SMART_INPUTS: dict[str, tuple[str, ...]] = {
    "specific": ("text", "actors", "pillar"),
    "measurable": ("kpi",),
    "time_bound": ("deadline", "kpi"),
}


class SmartIn(_Input):
    """SMART flags an analyst sets; a flag left out (or null) is derived (see :class:`Smart`)."""

    specific: Flag | None = None
    measurable: Flag | None = None
    achievable: Flag | None = None
    relevant: Flag | None = None
    time_bound: Flag | None = None


class Smart(_Input):
    """A commitment's SMART flags as stored (methods §16).

    Three flags are derived from the commitment's fields unless the analyst sets them:

    * ``specific``: it names at least one actor and a pillar and its text has at least
      four words;
    * ``measurable``: it has a KPI with an indicator and a target value;
    * ``time_bound``: it has a deadline or a KPI target year.

    ``achievable`` and ``relevant`` are the analyst's judgement (false until set). A flag the
    analyst sets holds until a later change touches the fields it is derived from (see
    :data:`SMART_INPUTS`) without setting it again; then it is derived anew.
    """

    specific: Flag = False
    measurable: Flag = False
    achievable: Flag = False
    relevant: Flag = False
    time_bound: Flag = False

    def share(self) -> float:
        """Share of the five criteria met (0–1)."""
        flags = (self.specific, self.measurable, self.achievable, self.relevant, self.time_bound)
        return sum(flags) / len(flags)

    @classmethod
    def derived(
        cls,
        *,
        text: str,
        actors: list[str],
        pillar: str,
        deadline: date | None,
        kpi: KpiLink | None,
        given: SmartIn | None = None,
    ) -> Smart:
        """The flags ``given`` by the analyst, the others derived from the fields."""
        rule = {
            "specific": bool(actors) and bool(pillar) and len(text.split()) >= SPECIFIC_WORDS,
            "measurable": kpi is not None and kpi.target is not None,
            "time_bound": deadline is not None or (kpi is not None and kpi.target_year is not None),
            "achievable": False,
            "relevant": False,
        }
        chosen = given.model_dump() if given is not None else {}
        return cls(**{k: v if chosen.get(k) is None else chosen[k] for k, v in rule.items()})


class KpiLink(_Input):
    """The indicator that measures a commitment, with baseline and target."""

    indicator: IndicatorId = Field(description="Warehouse indicator id, e.g. wdi_population.")
    baseline: Number | None = Field(default=None, allow_inf_nan=False)
    baseline_year: Year | None = None
    target: Number | None = Field(default=None, allow_inf_nan=False)
    target_year: Year | None = None
    direction: Direction | None = Field(
        default=None,
        description="Whether higher or lower values are better; inferred from baseline → "
        "target when omitted.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> KpiLink:
        if self.baseline is not None and self.baseline_year is None:
            raise ValueError("baseline needs baseline_year")
        if self.target is not None and self.target_year is None:
            raise ValueError("target needs target_year")
        if (
            self.baseline_year is not None
            and self.target_year is not None
            and self.target_year <= self.baseline_year
        ):
            raise ValueError("target_year must be after baseline_year")
        return self


class _CommitmentFields(_Input):
    forum_id: RecordId = Field(description="The forum where it was made.")
    text: LongText = Field(description="The commitment as worded.")
    pillar: Pillar
    actors: list[Actor] = Field(
        min_length=1,
        max_length=300,
        description="ISO3 country codes and/or registry blocs as bloc:<id> (e.g. bloc:AU).",
    )
    status: Status = "draft"
    deadline: Day | None = None
    initiative_id: RecordId | None = Field(default=None, description="Linked roadmap initiative.")
    smart: Smart = Field(default_factory=Smart)
    catalysts: list[Catalyst] = Field(default_factory=list, max_length=7)
    kpi: KpiLink | None = None

    @field_validator("actors")
    @classmethod
    def _actors(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for actor in value:
            if actor in seen:
                raise ValueError(f"{actor} is listed twice")
            seen.add(actor)
            _check_bloc(actor_bloc(actor))
        return value

    @field_validator("catalysts")
    @classmethod
    def _catalysts(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a catalyst is listed twice")
        return value


class CommitmentIn(_CommitmentFields):
    """A commitment to create."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "au-38-health-workforce",
                    "forum_id": "au-assembly-38",
                    "text": "Train and retain 2 million community health workers by 2030.",
                    "pillar": "health",
                    "actors": ["KEN", "NGA", "bloc:AU"],
                    "status": "published",
                    "deadline": "2030-12-31",
                    "smart": {"specific": True, "measurable": True, "time_bound": True},
                    "catalysts": ["timeline", "numerical_target"],
                }
            ]
        }
    )

    id: RecordId | None = Field(
        default=None, description="Omit to have one generated: <forum_id>-c<n>, e.g. au-38-c1."
    )
    smart: SmartIn = Field(  # type: ignore[assignment]
        default_factory=SmartIn,
        description="SMART flags the analyst sets; those left out are derived (see Smart).",
    )

    def resolved_smart(self) -> Smart:
        """The SMART flags to store: the analyst's, the others derived from the fields."""
        return Smart.derived(
            text=self.text,
            actors=self.actors,
            pillar=self.pillar,
            deadline=self.deadline,
            kpi=self.kpi,
            given=self.smart,
        )


class CommitmentPatch(_Input):
    """Fields of a commitment to change."""

    forum_id: RecordId | None = None
    text: LongText | None = None
    pillar: Pillar | None = None
    actors: list[Actor] | None = Field(default=None, max_length=300)
    status: Status | None = None
    deadline: Day | None = None
    initiative_id: RecordId | None = None
    smart: SmartIn | None = None
    catalysts: list[Catalyst] | None = Field(default=None, max_length=7)
    kpi: KpiLink | None = None


class Commitment(_CommitmentFields):
    """A stored commitment with its SMARTness and trackability."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("actors")
    @classmethod
    def _actors(cls, value: list[str]) -> list[str]:
        return value  # checked when written; a bloc later dropped from the registry stays

    id: RecordId
    version: int
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def smartness(self) -> float:
        """Share of the five SMART criteria met (0–1)."""
        return self.smart.share()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def trackable(self) -> bool:
        """Has an indicator, a baseline, a target and a deadline (methods §16 trackability)."""
        kpi = self.kpi
        return bool(
            kpi
            and kpi.baseline is not None
            and kpi.target is not None
            and (self.deadline is not None or kpi.target_year is not None)
        )


# --- assessments ----------------------------------------------------------------------------

#: −1 no compliance, 0 partial, +1 full compliance.
Score = Annotated[int, Field(ge=-1, le=1), BeforeValidator(_json_integer)]


class _AssessmentFields(_Input):
    commitment_id: RecordId
    actor: Actor = Field(description="One of the commitment's actors.")
    period: Period = Field(description="interim (mid-cycle) or final (before the next forum).")
    score: Score = Field(description="−1 no compliance, 0 partial, +1 full.")
    grade: Grade = Field(description="Evidence: A official record, B third-party, C self-report.")
    evidence: list[Url] = Field(default_factory=list, max_length=20)
    assessor: Name = Field(description="Who assessed (person or organisation).")
    assessed_on: Day | None = Field(default=None, description="Defaults to today.")
    rationale: LongText | None = None
    reply_text: LongText | None = Field(default=None, description="The actor's right of reply.")
    reply_date: Day | None = Field(default=None, description="Defaults to today with a reply.")
    status: Status = "draft"

    @model_validator(mode="after")
    def _reply(self) -> _AssessmentFields:
        if self.reply_date is not None and self.reply_text is None:
            raise ValueError("reply_date without reply_text")
        return self


class AssessmentIn(_AssessmentFields):
    """An assessment to create."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "commitment_id": "au-38-health-workforce",
                    "actor": "KEN",
                    "period": "interim",
                    "score": 0,
                    "grade": "A",
                    "evidence": ["https://www.health.go.ke/"],
                    "assessor": "Africa CDC tracker team",
                    "assessed_on": "2026-02-01",
                }
            ]
        }
    )

    id: RecordId | None = Field(
        default=None,
        description="Omit to have one generated: <commitment_id>-<actor>-<period>, e.g. "
        "au-38-c1-ken-final.",
    )


class AssessmentPatch(_Input):
    """Fields of an assessment to change."""

    score: Score | None = None
    grade: Grade | None = None
    evidence: list[Url] | None = Field(default=None, max_length=20)
    assessor: Name | None = None
    assessed_on: Day | None = None
    rationale: LongText | None = None
    reply_text: LongText | None = None
    reply_date: Day | None = None
    status: Status | None = None


class Assessment(_AssessmentFields):
    """A stored assessment."""

    model_config = ConfigDict(extra="ignore")

    id: RecordId
    version: int
    created_at: datetime
    updated_at: datetime
    assessed_on: date  # type: ignore[assignment]


# --- pages ----------------------------------------------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: the items, how many there are in all, and the window."""

    items: list[T]
    total: int
    limit: int
    offset: int


INPUT_MODELS: dict[str, type[BaseModel]] = {
    "forum": ForumIn,
    "commitment": CommitmentIn,
    "assessment": AssessmentIn,
}
PATCH_MODELS: dict[str, type[BaseModel]] = {
    "forum": ForumPatch,
    "commitment": CommitmentPatch,
    "assessment": AssessmentPatch,
}
RECORD_MODELS: dict[str, type[BaseModel]] = {
    "forum": Forum,
    "commitment": Commitment,
    "assessment": Assessment,
}


# --- validating -----------------------------------------------------------------------------


def field_path(loc: Sequence[str | int]) -> str:
    """``("kpi", "target_year")`` → ``kpi.target_year``; a whole-record error → ``(record)``."""
    return ".".join(str(part) for part in loc) or "(record)"


def validation_problems(
    error: ValidationError, naming: Callable[[Sequence[str | int]], str] = field_path
) -> list[tuple[str, str]]:
    """(field, message) pairs of a pydantic error, messages without pydantic's prefixes."""
    out = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        out.append((naming(item["loc"]), message))
    return out


def validate(model: type[BaseModel], data: Any, *, subject: str) -> Any:
    """``data`` as ``model``, or InvalidRecord naming each bad field."""
    if isinstance(data, model):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", exclude_unset=True)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidRecord(validation_problems(exc), subject=subject) from None


def smart_kept(before: Mapping[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
    """A commitment's stored SMART flags, those derived from a field the change alters
    left out (null) so they are derived anew."""
    kept = dict(before["smart"])
    for flag, inputs in SMART_INPUTS.items():
        if any(name in sent and sent[name] != before.get(name) for name in inputs):
            kept[flag] = None
    return kept
