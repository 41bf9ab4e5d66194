"""The tracker page: forums, commitments and compliance; sign-in with a token; editors' forms.

Signing in posts an API token; the tracker opens a server-side session for it
(:mod:`southsouth.tracker.sessions`: expiring, revocable) and the HttpOnly, SameSite=Strict
cookie holds only the session's secret, never the token. Signing out revokes the session.
The tracker service decides what the token's holder may read and write (roles and scopes),
exactly as over the API. Without a session only published records are shown. Forms post
URL-encoded fields; a refused write re-renders the page with the service's reason and the
status it maps to.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlparse

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from southsouth.errors import AuthenticationRequired, SouthsouthError
from southsouth.indicators.framework import load_framework
from southsouth.language import content
from southsouth.language.catalogue import Translator
from southsouth.service.http import get_tracker, status_of
from southsouth.tracker import PUBLIC, Principal, Tracker
from southsouth.tracker.scoring import PeriodChoice
from southsouth.tracker.sessions import (
    LIFETIME,
    create_session,
    principal_for_session,
    revoke_session,
)
from southsouth.tracker.vocabulary import GRADE_MEANING, ID_PATTERN, PERIODS, STATUSES, Pillar
from southsouth.web.pages import Lang
from southsouth.web.render import context, link, render

router = APIRouter(prefix="/{lang}", include_in_schema=False)

#: The cookie holding a signed-in visitor's session secret.
COOKIE = "southsouth_tracker_session"
#: The cookie that held the API token itself before sessions; deleted wherever it is seen.
LEGACY_COOKIE = "southsouth_tracker_token"
#: Largest form body accepted, bytes.
MAX_FORM = 64 * 1024
#: Commitments shown per page; forums and form choices read at most this many.
PAGE = 50
CHOICES = 500
#: Longest token accepted by the sign-in form.
MAX_TOKEN = 200

Notice = Literal["signed-in", "signed-out", "assessment", "commitment"]
#: The page's tables that download as CSV or XLSX.
TABLES = ("forums", "commitments", "compliance-forum", "compliance-pillar", "compliance-actor")
TableName = Literal[TABLES]  # type: ignore[valid-type]
View = Literal["published", "all"]
ForumFilter = Annotated[str | None, Query(pattern=ID_PATTERN)]
_ID = re.compile(ID_PATTERN)


async def form_fields(request: Request) -> dict[str, str]:
    """The fields of a posted URL-encoded form (first value of each); refuses other
    content types, oversized bodies and posts from another site."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "0")
    if declared == "0":
        return {}
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the form as application/x-www-form-urlencoded")
    origin = request.headers.get("origin")
    if origin and urlparse(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(403, "forms are accepted from this site's own pages only")
    if not declared.isdigit() or int(declared) > MAX_FORM:
        raise HTTPException(413, f"a form is at most {MAX_FORM} bytes")
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413, f"a form is at most {MAX_FORM} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the form is not UTF-8") from None
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}


Form = Annotated[dict[str, str], Depends(form_fields)]
TrackerDep = Annotated[Tracker, Depends(get_tracker)]


def signed_in(request: Request, tracker: Tracker) -> tuple[Principal, bool]:
    """Who the cookie's session acts for (the public without one), and whether a session
    was sent that has ended (signed out, expired, or its token revoked)."""
    secret = request.cookies.get(COOKIE)
    if not secret:
        return PUBLIC, False
    try:
        return principal_for_session(tracker, secret), False
    except AuthenticationRequired:
        return PUBLIC, True


def _forget(request: Request, response: Response, *, session: bool = True) -> None:
    """Delete the session cookie (unless ``session`` is off) and any legacy token cookie."""
    if session:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    if LEGACY_COOKIE in request.cookies:
        response.delete_cookie(LEGACY_COOKIE, path="/", httponly=True, samesite="strict")


def _filters(fields: dict[str, str]) -> dict[str, str | None]:
    """The page filters a form carries back (dropped when malformed)."""
    forum = fields.get("back_forum") or None
    view = fields.get("back_view")
    return {
        "forum": forum if forum and _ID.fullmatch(forum) else None,
        "view": view if view in ("published", "all") else None,
    }


def _assessment(fields: dict[str, str]) -> dict[str, Any]:
    score = fields.get("score", "")
    return {
        "commitment_id": fields.get("commitment_id", ""),
        "actor": fields.get("actor", "").strip(),
        "period": fields.get("period", ""),
        "score": int(score) if re.fullmatch(r"-?\d{1,3}", score) else score,
        "grade": fields.get("grade", ""),
        "assessor": fields.get("assessor", ""),
        "evidence": fields.get("evidence", "").split(),
        "assessed_on": fields.get("assessed_on") or None,
        "rationale": fields.get("rationale", "").strip() or None,
        "status": fields.get("status", ""),
    }


def _commitment(fields: dict[str, str]) -> dict[str, Any]:
    return {
        "id": fields.get("id", "").strip() or None,
        "forum_id": fields.get("forum_id", ""),
        "text": fields.get("text", ""),
        "pillar": fields.get("pillar", ""),
        "actors": [a for a in re.split(r"[\s,;]+", fields.get("actors", "")) if a],
        "status": fields.get("status", ""),
        "deadline": fields.get("deadline") or None,
    }


def _page(
    request: Request,
    lang: str,
    tracker: Tracker,
    who: Principal,
    *,
    forum: str | None = None,
    pillar: str | None = None,
    period: str = "latest",
    view: str | None = None,
    offset: int = 0,
    notice: str | None = None,
    error: SouthsouthError | None = None,
    form: str | None = None,
    fields: dict[str, str] | None = None,
    expired: bool = False,
) -> Response:
    """The tracker page for ``who`` with the given filters (and a refused form's values)."""
    drafts = view == "all" and who.authenticated
    status_filter = None if drafts else "published"
    forums = tracker.list_records(who, "forum", limit=CHOICES).items
    commitments = tracker.list_records(
        who,
        "commitment",
        limit=PAGE,
        offset=offset,
        forum_id=forum,
        pillar=pillar,
        status=status_filter,
    )
    reports = {
        by: tracker.compliance(
            who, by=by, period=period, forum_id=forum, pillar=pillar, include_drafts=drafts
        ).model_dump(mode="json")
        for by in ("forum", "pillar", "actor", "commitment")
    }
    editable = who.at_least("editor")
    choices = tracker.list_records(who, "commitment", limit=CHOICES).items if editable else []
    framework = load_framework()
    t = Translator(lang)
    status = status_of(error) if error is not None else 200
    values = context(
        request,
        lang,
        "tracker",
        who={"role": who.role, "scopes": list(who.scopes), "label": who.label},
        editable=editable,
        expired=expired,
        forum=forum,
        pillar=pillar,
        period=period,
        view="all" if drafts else "published",
        offset=offset,
        page_size=PAGE,
        notice=notice,
        error=None
        if error is None
        else {"code": error.code, "message": error.message, "hint": error.hint, "status": status},
        form=form,
        fields=fields or {},
        forums=[f.model_dump(mode="json") for f in forums],
        forum_names={f.id: f.name for f in forums},
        commitments=[c.model_dump(mode="json") for c in commitments.items],
        total=commitments.total,
        compliance=reports,
        by_commitment={r["key"]: r for r in reports["commitment"]["rows"]},
        choices=[{"id": c.id, "text": c.text, "actors": c.actors} for c in choices],
        actors=sorted({a for c in choices for a in c.actors}),
        pillars=[
            {"id": p.id, "name": content.pillar_name(t, p.id, p.name)} for p in framework.pillars
        ],
        pillar_names={p.id: content.pillar_name(t, p.id, p.name) for p in framework.pillars},
        periods=PERIODS,
        statuses=STATUSES,
        grades=GRADE_MEANING,
    )
    response = render(request, "tracker.html.j2", values, status=status)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Vary"] = "Accept-Encoding, X-Swap, Cookie"
    _forget(request, response, session=expired)
    return response


def _back(lang: str, notice: str, filters: dict[str, str | None]) -> RedirectResponse:
    """See-other to the tracker page with ``notice`` and the filters kept."""
    target = link(lang, "tracker", notice=notice, **filters)
    return RedirectResponse(target, status_code=303)


@router.get("/tracker")
def tracker_page(
    request: Request,
    lang: Lang,
    tracker: TrackerDep,
    forum: ForumFilter = None,
    pillar: Pillar | None = None,
    period: PeriodChoice = "latest",
    view: View = "published",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    notice: Notice | None = None,
) -> Response:
    """Forums, commitments and compliance; forms for editors."""
    who, expired = signed_in(request, tracker)
    return _page(
        request,
        lang,
        tracker,
        who,
        forum=forum,
        pillar=pillar,
        period=period,
        view=view,
        offset=offset,
        notice=notice,
        expired=expired,
    )


@router.post("/tracker/sign-in")
def sign_in(request: Request, lang: Lang, tracker: TrackerDep, fields: Form) -> Response:
    """Check the token, open a session for it and keep the session's secret in an HttpOnly,
    SameSite=Strict cookie for the session's lifetime (a session already held is revoked)."""
    secret = fields.get("token", "").strip()
    filters = _filters(fields)
    try:
        if not secret or len(secret) > MAX_TOKEN:
            raise AuthenticationRequired(
                "paste the whole API token", hint="a token starts with sst_"
            )
        session = create_session(tracker, secret)
    except AuthenticationRequired as exc:
        return _page(
            request, lang, tracker, PUBLIC, forum=filters["forum"], error=exc, form="sign-in"
        )
    previous = request.cookies.get(COOKIE)
    if previous:
        revoke_session(tracker, previous)
    response = _back(lang, "signed-in", filters)
    response.set_cookie(
        COOKIE,
        session.secret,
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    _forget(request, response, session=False)
    return response


@router.post("/tracker/sign-out")
def sign_out(request: Request, lang: Lang, tracker: TrackerDep, fields: Form) -> Response:
    """End the session: revoke it on the server and delete the cookie."""
    filters = _filters(fields)
    secret = request.cookies.get(COOKIE)
    if secret:
        revoke_session(tracker, secret)
    response = _back(lang, "signed-out", {**filters, "view": None})
    _forget(request, response)
    return response


def _write(
    request: Request,
    lang: str,
    tracker: Tracker,
    fields: dict[str, str],
    entity: Literal["assessment", "commitment"],
) -> Response:
    who, expired = signed_in(request, tracker)
    filters = _filters(fields)
    data = _assessment(fields) if entity == "assessment" else _commitment(fields)
    try:
        tracker.create_record(who, entity, data)
    except SouthsouthError as exc:
        if status_of(exc) >= 500:
            raise
        return _page(
            request,
            lang,
            tracker,
            who,
            forum=filters["forum"],
            view=filters["view"],
            error=exc,
            form=entity,
            fields=fields,
            expired=expired,
        )
    view = "all" if data["status"] == "draft" else filters["view"]
    return _back(lang, entity, {**filters, "view": view})


@router.post("/tracker/assessments")
def record_assessment(request: Request, lang: Lang, tracker: TrackerDep, fields: Form) -> Response:
    """Record an assessment (editors, inside their scope)."""
    return _write(request, lang, tracker, fields, "assessment")


@router.post("/tracker/commitments")
def add_commitment(request: Request, lang: Lang, tracker: TrackerDep, fields: Form) -> Response:
    """Add a commitment (editors, inside their scope)."""
    return _write(request, lang, tracker, fields, "commitment")


def table_rows(
    tracker: Tracker,
    who: Principal,
    table: str,
    *,
    forum: str | None,
    pillar: str | None,
    period: str,
    drafts: bool,
    offset: int,
) -> list[dict[str, Any]]:
    """The rows of one of the page's ``TABLES`` for ``who`` and the page's filters: the
    records the page lists, or a compliance table with its overall row (key ``all``)."""
    if table == "forums":
        return [
            f.model_dump(mode="json")
            for f in tracker.list_records(who, "forum", limit=CHOICES).items
        ]
    if table == "commitments":
        page = tracker.list_records(
            who,
            "commitment",
            limit=PAGE,
            offset=offset,
            forum_id=forum,
            pillar=pillar,
            status=None if drafts else "published",
        )
        return [c.model_dump(mode="json") for c in page.items]
    by = table.removeprefix("compliance-")
    report = tracker.compliance(
        who, by=by, period=period, forum_id=forum, pillar=pillar, include_drafts=drafts
    )
    rows = [*report.rows, *([report.overall] if report.overall else [])]
    return [{"by": by, "period": period, **r.model_dump(mode="json")} for r in rows]


@router.get("/tracker/{table}.{fmt}")
def tracker_table_download(
    request: Request,
    lang: Lang,
    tracker: TrackerDep,
    table: TableName,
    fmt: Literal["csv", "xlsx"],
    forum: ForumFilter = None,
    pillar: Pillar | None = None,
    period: PeriodChoice = "latest",
    view: View = "published",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """One of the tracker page's tables as CSV or XLSX, as the visitor may read it (drafts
    only for a signed-in visitor who asks for them). Tracker records are entered by their
    editors, not drawn from a dataset: their source columns are empty; a forum names its
    page in ``url`` and an assessment its evidence."""
    from southsouth.web.charts import download, table_of_rows

    who, _ = signed_in(request, tracker)
    rows = table_rows(
        tracker,
        who,
        table,
        forum=forum,
        pillar=pillar,
        period=period,
        drafts=view == "all" and who.authenticated,
        offset=offset,
    )
    columns = list(dict.fromkeys(key for row in rows for key in row))
    document = {"name": f"tracker-{table}", "export_table": table_of_rows(rows, columns)}
    response = download(request, document, fmt, f"tracker-{table}")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Vary"] = "Accept-Encoding, Cookie"
    return response
