"""southsouth errors as RFC 9457 problem+json responses."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from southsouth.errors import (
    InputError,
    NotSynced,
    SouthsouthError,
    WarehouseBusy,
)

PROBLEM = "application/problem+json"


def status_of(error: SouthsouthError) -> int:
    """HTTP status for an error: 404 for unknown names, 400 other bad input, 503 not ready."""
    if isinstance(error, InputError):
        return 404 if error.code.startswith("unknown-") else 400
    if isinstance(error, NotSynced | WarehouseBusy):
        return 503
    return 500


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
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def handle_southsouth_error(request: Request, error: Exception) -> JSONResponse:
    """Exception handler registered on the app."""
    assert isinstance(error, SouthsouthError)
    return problem(error, str(request.url.path))
