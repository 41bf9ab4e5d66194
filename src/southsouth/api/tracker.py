"""The tracker's REST routes: forums, commitments, assessments, compliance and the audit log.

``Authorization: Bearer <token>`` identifies the caller (``southsouth tracker token create``);
without it only published records can be read. A record's ``ETag`` is its version; a change
or delete must send it back in ``If-Match`` (428 without it, 412 when the record has moved
on). Every error — including invalid bodies and parameters (422, with field paths) — is
problem+json. The routes only parse, call :class:`southsouth.tracker.Tracker` and format.
"""

# No ``from __future__ import annotations``: the route factories below annotate their
# endpoints with classes passed in, which FastAPI must see as objects, not strings.

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from southsouth.api.problems import problem, problem_response
from southsouth.errors import AuthenticationRequired, PreconditionRequired, StaleVersion
from southsouth.service.http import get_tracker
from southsouth.tracker import (
    Assessment,
    AssessmentIn,
    AssessmentPatch,
    AuditEntry,
    Commitment,
    CommitmentIn,
    CommitmentPatch,
    ComplianceReport,
    Forum,
    ForumIn,
    ForumPatch,
    Page,
    Principal,
    Tracker,
    VerifyReport,
)
from southsouth.tracker.anchors import ANCHOR_TEXT, MAX_GIVEN, parse_anchor
from southsouth.tracker.scoring import Dimension, PeriodChoice
from southsouth.tracker.vocabulary import (
    ACTOR_PATTERN,
    BLOC_PATTERN,
    ID_PATTERN,
    Entity,
    ForumKind,
    Period,
    Pillar,
    Status,
)

_MEANING = {
    400: "Malformed request body",
    401: "No API token, or an unknown or revoked one",
    403: "The token's role or scope does not allow this",
    404: "No record with this id (or not visible without a token)",
    409: "Clashes with another record (duplicate id or key; record still in use)",
    412: "If-Match does not name the record's current version (ETag)",
    422: "Invalid body or parameters; `errors` lists each field path",
    428: "If-Match with the record's ETag is required",
    503: "The tracker database is not initialised, needs a migration, or is busy",
}


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: problem_response(_MEANING[code]) for code in (*codes, 401, 422, 503)}


READ = _responses(404)
LIST = _responses()
CREATE = _responses(400, 403, 409)
CHANGE = _responses(400, 403, 404, 409, 412, 428)
ADMIN = _responses(403)
VERIFY = _responses(400, 403)


class BearerChallengeRoute(APIRoute):
    """A route that answers a 401 with ``WWW-Authenticate: Bearer`` (RFC 6750); other
    errors go to the app's problem+json handlers."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except AuthenticationRequired as exc:
                response = problem(exc, request.url.path)
                response.headers["WWW-Authenticate"] = 'Bearer realm="southsouth-tracker"'
                return response

        return route


router = APIRouter(prefix="/tracker", tags=["tracker"], route_class=BearerChallengeRoute)
_bearer = HTTPBearer(
    auto_error=False,
    description="An API token from `southsouth tracker token create` (roles viewer, editor, "
    "admin). Without one, only published records can be read.",
)


TrackerDep = Annotated[Tracker, Depends(get_tracker)]


def get_principal(
    tracker: TrackerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> Principal:
    """Who is calling: the token's holder, or the public without a token."""
    return tracker.authenticate(credentials.credentials if credentials is not None else None)


Who = Annotated[Principal, Depends(get_principal)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Records to skip.")]
IdFilter = Annotated[str | None, Query(pattern=ID_PATTERN)]
ActorFilter = Annotated[
    str | None, Query(pattern=ACTOR_PATTERN, description="ISO3 or bloc:<id>, e.g. KEN")
]
IfMatch = Annotated[
    str | None,
    Header(description="The record's ETag as last read (required to change or delete it)."),
]
_ETAG = re.compile(r'\s*(?:W/)?"(\d{1,18})"\s*')


def etag(version: int) -> str:
    """The ETag of a record at ``version``."""
    return f'"{version}"'


def expected_version(if_match: str | None, what: str) -> int | None:
    """The version named by an If-Match header (None when absent)."""
    if if_match is None:
        return None
    if if_match.strip() == "*":
        raise PreconditionRequired(
            f"If-Match: * is not accepted for {what}",
            hint="send the record's ETag, as returned by GET",
        )
    for tag in if_match.split(","):
        found = _ETAG.fullmatch(tag)
        if found:
            return int(found.group(1))
    raise StaleVersion(
        f"If-Match {if_match[:40]!r} names no version of {what}",
        hint='send the ETag returned by GET, e.g. If-Match: "3"',
    )


def _tagged(response: Response, record: Any) -> Any:
    response.headers["ETag"] = etag(record.version)
    return record


def _record_routes(
    entity: Entity,
    plural: str,
    record: type[BaseModel],
    create_body: type[BaseModel],
    patch_body: type[BaseModel],
) -> None:
    """GET/POST/PATCH/DELETE of one kind of record."""
    RecordId = Annotated[str, Path(pattern=ID_PATTERN, description=f"The {entity}'s id.")]

    @router.get(
        f"/{plural}/{{record_id}}",
        response_model=record,
        responses=READ,
        name=f"get_{entity}",
        summary=f"One {entity}",
    )
    def get_one(record_id: RecordId, who: Who, tracker: TrackerDep, response: Response) -> Any:
        """The record with its ETag (its version). Without a token: published ones only."""
        return _tagged(response, tracker.get_record(who, entity, record_id))

    @router.post(
        f"/{plural}",
        response_model=record,
        status_code=201,
        responses=CREATE,
        name=f"create_{entity}",
        summary=f"Create a {entity}",
    )
    def create(
        body: create_body,  # type: ignore[valid-type]
        who: Who,
        tracker: TrackerDep,
        request: Request,
        response: Response,
    ) -> Any:
        """Create it (editor or admin; editors only inside their scope); audited."""
        made = tracker.create_record(who, entity, body)
        response.headers["Location"] = str(request.url_for(f"get_{entity}", record_id=made.id))
        return _tagged(response, made)

    @router.patch(
        f"/{plural}/{{record_id}}",
        response_model=record,
        responses=CHANGE,
        name=f"update_{entity}",
        summary=f"Change a {entity}",
    )
    def change(
        record_id: RecordId,
        body: patch_body,  # type: ignore[valid-type]
        who: Who,
        tracker: TrackerDep,
        response: Response,
        if_match: IfMatch = None,
    ) -> Any:
        """Change the fields sent (null clears an optional one) if If-Match is current."""
        version = expected_version(if_match, f"{entity} {record_id}")
        changed = tracker.update_record(who, entity, record_id, body, expected_version=version)
        return _tagged(response, changed)

    @router.delete(
        f"/{plural}/{{record_id}}",
        status_code=204,
        response_class=Response,
        responses=CHANGE,
        name=f"delete_{entity}",
        summary=f"Delete a {entity}",
    )
    def remove(
        record_id: RecordId, who: Who, tracker: TrackerDep, if_match: IfMatch = None
    ) -> Response:
        """Delete it if nothing depends on it (published records: admins only)."""
        version = expected_version(if_match, f"{entity} {record_id}")
        tracker.delete_record(who, entity, record_id, expected_version=version)
        return Response(status_code=204)

    if entity not in ("commitment", "assessment"):
        return

    @router.post(
        f"/{plural}/{{record_id}}/publish",
        response_model=record,
        responses=CHANGE,
        name=f"publish_{entity}",
        summary=f"Publish a {entity}",
    )
    def publish(
        record_id: RecordId,
        who: Who,
        tracker: TrackerDep,
        response: Response,
        if_match: IfMatch = None,
    ) -> Any:
        """Publish it if If-Match is current (editor or admin, inside the scope); the same
        rules and audit as a PATCH of status to published. Unpublishing is for admins."""
        version = expected_version(if_match, f"{entity} {record_id}")
        published = tracker.publish(who, entity, record_id, expected_version=version)
        return _tagged(response, published)


@router.get("/forums", response_model=Page[Forum], responses=LIST, summary="Forums")
def list_forums(
    who: Who,
    tracker: TrackerDep,
    kind: ForumKind | None = None,
    bloc_id: Annotated[str | None, Query(pattern=BLOC_PATTERN)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Summits, COPs, assemblies and bloc meetings, in id order."""
    return tracker.list_records(
        who, "forum", limit=limit, offset=offset, kind=kind, bloc_id=bloc_id
    )


@router.get("/commitments", response_model=Page[Commitment], responses=LIST, summary="Commitments")
def list_commitments(
    who: Who,
    tracker: TrackerDep,
    forum_id: IdFilter = None,
    pillar: Pillar | None = None,
    status: Status | None = None,
    actor: ActorFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Commitments in id order (without a token: published ones only)."""
    return tracker.list_records(
        who,
        "commitment",
        limit=limit,
        offset=offset,
        forum_id=forum_id,
        pillar=pillar,
        status=status,
        actor=actor,
    )


@router.get("/assessments", response_model=Page[Assessment], responses=LIST, summary="Assessments")
def list_assessments(
    who: Who,
    tracker: TrackerDep,
    commitment_id: IdFilter = None,
    actor: ActorFilter = None,
    period: Period | None = None,
    status: Status | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Assessments in id order (without a token: published ones of published commitments)."""
    return tracker.list_records(
        who,
        "assessment",
        limit=limit,
        offset=offset,
        commitment_id=commitment_id,
        actor=actor,
        period=period,
        status=status,
    )


_record_routes("forum", "forums", Forum, ForumIn, ForumPatch)
_record_routes("commitment", "commitments", Commitment, CommitmentIn, CommitmentPatch)
_record_routes("assessment", "assessments", Assessment, AssessmentIn, AssessmentPatch)


@router.get("/compliance", response_model=ComplianceReport, responses=LIST, summary="Compliance")
def compliance(
    who: Who,
    tracker: TrackerDep,
    by: Dimension = "actor",
    period: PeriodChoice = "latest",
    forum_id: IdFilter = None,
    pillar: Pillar | None = None,
    include_drafts: Annotated[
        bool, Query(description="Count draft records too (needs a token).")
    ] = False,
) -> Any:
    """Compliance % = (C + 1) / 2 × 100 by actor, commitment, forum or pillar, with
    coverage (n of expected actor × commitment pairs)."""
    return tracker.compliance(
        who,
        by=by,
        period=period,
        forum_id=forum_id,
        pillar=pillar,
        include_drafts=include_drafts,
    )


@router.get("/audit", response_model=Page[AuditEntry], responses=ADMIN, summary="Audit log")
def audit_log(
    who: Who,
    tracker: TrackerDep,
    entity: Entity | None = None,
    entity_id: IdFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Entries of the hash-chained audit log, newest first (admins only)."""
    return tracker.audit_entries(
        who, entity=entity, entity_id=entity_id, limit=limit, offset=offset
    )


@router.get(
    "/audit/verify", response_model=VerifyReport, responses=VERIFY, summary="Verify the log"
)
def audit_verify(
    who: Who,
    tracker: TrackerDep,
    anchor: Annotated[
        list[str] | None,
        Query(
            max_length=MAX_GIVEN,
            description=f"SEQ:HASH of an earlier head ({ANCHOR_TEXT.pattern}); repeatable, "
            f"at most {MAX_GIVEN}.",
        ),
    ] = None,
) -> Any:
    """Recompute the hash chain and compare every record with its last audited state
    (admins only), and the chain with the anchors given and those in the server's anchors
    file; ``ok`` is false and ``findings`` name each tampered entry or record (a truncated
    or re-chained log is caught only against an anchor)."""
    given = [parse_anchor(item, f"anchor {item[:20]}…") for item in anchor or ()]
    return tracker.verify(who, anchors=given)
