"""southsouth errors as RFC 9457 problem+json responses."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from southsouth.errors import (
    SouthsouthError,
    excerpt,
)
from southsouth.service.http import status_of

PROBLEM = "application/problem+json"


#: Longest request path repeated as a problem's ``instance``.
INSTANCE_CHARS = 64


def instance_of(request: Request) -> str:
    """The request's path as a problem's ``instance``, cut to :data:`INSTANCE_CHARS`."""
    path = request.url.path
    return path if len(path) <= INSTANCE_CHARS else path[:INSTANCE_CHARS] + "…"


def problem(error: SouthsouthError, instance: str = "") -> JSONResponse:
    """The problem+json body for ``error``."""
    status = status_of(error)
    body: dict[str, object] = {
        "type": f"https://southsouth.invalid/errors/{error.code}",
        "title": error.code.replace("-", " "),
        "status": status,
        "detail": error.message,
        "code": error.code,
        "hint": error.hint,
    }
    if instance:
        body["instance"] = instance
    suggestions = getattr(error, "suggestions", None)
    if suggestions:
        body["suggestions"] = suggestions
    problems = getattr(error, "problems", None)
    if problems:
        body["errors"] = [
            {"row": p[0], "field": p[1], "message": p[2]}
            if len(p) == 3
            else {"field": p[0], "message": p[1]}
            for p in problems
        ]
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if isinstance(retry_after, int) else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def handle_southsouth_error(request: Request, error: Exception) -> JSONResponse:
    """Exception handler registered on the app."""
    assert isinstance(error, SouthsouthError)
    return problem(error, instance_of(request))


# -- problem+json for FastAPI's own errors (validation, unknown routes) and for bugs --------


class Problem(BaseModel):
    """An RFC 9457 problem document (every error response of the API)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str
    hint: str = ""
    instance: str | None = None
    suggestions: list[str] | None = None
    errors: list[dict[str, Any]] | None = None


def problem_response(description: str) -> dict[str, Any]:
    """An OpenAPI ``responses`` entry whose body is a problem document."""
    return {"description": description, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}}


PROBLEM_SCHEMA: dict[str, Any] = Problem.model_json_schema()


def problem_body(status: int, code: str, detail: str, hint: str, instance: str) -> dict[str, Any]:
    """The fields of a problem document."""
    return {
        "type": f"https://southsouth.invalid/errors/{code}",
        "title": code.replace("-", " "),
        "status": status,
        "detail": detail,
        "code": code,
        "hint": hint,
        "instance": instance,
    }


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    """``("query", "year")`` → ``query.year``; list indexes in brackets."""
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


async def handle_validation_error(request: Request, error: Exception) -> JSONResponse:
    """422 problem+json naming each invalid field by its path (e.g. ``query.year``)."""
    assert isinstance(error, RequestValidationError)
    errors = [
        {"field": _field(item.get("loc", ())), "message": str(item.get("msg", ""))}
        for item in error.errors()
    ]
    body = problem_body(
        422,
        "invalid-request",
        "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request",
        "fix the fields listed in errors; /docs lists each parameter's type and range",
        instance_of(request),
    )
    body["errors"] = errors
    return JSONResponse(body, status_code=422, media_type=PROBLEM)


async def handle_http_error(request: Request, error: Exception) -> Response:
    """Starlette's HTTP errors (unknown route 404, method not allowed 405) as problem+json."""
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    if status in (204, 304) or status < 400:
        return Response(status_code=status, headers=error.headers)
    code = {404: "unknown-route", 405: "method-not-allowed", 413: "body-too-large"}.get(
        status, f"http-{status}"
    )
    hint = "GET /openapi.json lists every route and method" if status in (404, 405) else ""
    if status == 413:
        hint = "send a smaller body: split bulk data into several requests"
    detail = str(error.detail)
    if status == 404 and detail == "Not Found":
        detail = f"no route {excerpt(request.url.path, 64)}"
    body = problem_body(status, code, detail, hint, instance_of(request))
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=error.headers)


async def handle_unexpected_error(request: Request, error: Exception) -> JSONResponse:
    """A bug: 500 problem+json without internals (the traceback goes to the server log)."""
    body = problem_body(
        500,
        "internal-error",
        f"the server failed on this request ({type(error).__name__})",
        "report it with the URL; the server log has the traceback",
        instance_of(request),
    )
    return JSONResponse(body, status_code=500, media_type=PROBLEM)
