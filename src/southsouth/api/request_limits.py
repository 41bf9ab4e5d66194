"""What one caller may ask of a served instance: requests and expensive computations.

:class:`RequestGuard` is the outermost ASGI middleware of the app. For every HTTP request it
charges the caller's allowance of requests (``rate``, e.g. ``600/minute``) and refuses the
excess with 429 problem+json and ``Retry-After``; and it refuses a request whose declared
``Content-Length`` is over ``max_body`` with 413 problem+json before anything reads it; a
body streamed without a length is cut as soon as it passes ``max_body`` (the route reading
it fails with the same 413 problem).

Callers are told apart by their network address; a request that carries a valid tracker
API token (``Authorization: Bearer``) is the token's holder and is not limited here (an
administrator issued it). Behind a reverse proxy, run uvicorn with ``--proxy-headers`` and
``--forwarded-allow-ips`` so the address is the client's, not the proxy's.

Reads that start an expensive computation also charge the caller's ``compute_rate``
(:meth:`Allowances.charge_compute`, called by the read service on a cache miss), so one
address cannot keep the compute workers busy with ever-new parameters.

Rates use the ``limits`` library (moving windows, in-process memory storage): each server
process counts on its own.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException

from southsouth.api.problems import INSTANCE_CHARS, PROBLEM, problem_body
from southsouth.errors import ConfigError, RateLimited
from southsouth.service.cache import LruCache

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Defaults of a public instance.
RATE = "600/minute"
COMPUTE_RATE = "30/minute"
#: Seconds a token check is remembered (a revoked token stops lifting limits after this).
TOKEN_TTL_S = 60.0


#: The ASGI scope key that marks the server's own requests (page warming): no HTTP request
#: can set a scope key, so only code inside the process is exempt from the allowances.
INTERNAL = "southsouth.internal"


@dataclass(frozen=True)
class Caller:
    """Who is charged for a request: an address (anonymous) or a token's holder."""

    key: str
    anonymous: bool


def rate(text: str, *, name: str) -> RateLimitItem | None:
    """A rate like ``600/minute``; ``0`` or ``off`` turns the limit off."""
    if text.strip().lower() in ("0", "off", "none", ""):
        return None
    try:
        return parse(text)
    except ValueError as exc:
        raise ConfigError(
            f"{name} {text!r} is not a rate", hint="write it like 600/minute or 20/second"
        ) from exc


class Allowances:
    """Per-caller request and computation allowances (moving windows)."""

    def __init__(self, requests: RateLimitItem | None, computations: RateLimitItem | None) -> None:
        self.requests = requests
        self.computations = computations
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.refused = 0

    def charge_request(self, caller: Caller) -> None:
        """Count one request; RateLimited when the caller is over its allowance."""
        self._charge(self.requests, "requests", caller)

    def charge_compute(self, caller: Caller | None) -> None:
        """Count one expensive computation started for ``caller`` (None: not limited)."""
        if caller is not None:
            self._charge(self.computations, "expensive computations", caller)

    def _charge(self, item: RateLimitItem | None, what: str, caller: Caller) -> None:
        if item is None or not caller.anonymous:
            return
        if self._limiter.hit(item, what, caller.key):
            return
        self.refused += 1
        stats = self._limiter.get_window_stats(item, what, caller.key)
        raise RateLimited(
            f"too many {what} from this address (at most {item.amount} per {item.get_expiry()} s)",
            retry_after=int(stats.reset_time - time.time()) + 1,
            hint="wait for the number of seconds in Retry-After; an API token from an "
            "administrator lifts the limit",
        )


TokenCheck = Callable[[str], str | None]


class RequestGuard:
    """ASGI middleware charging each request to its caller (see the module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowances: Allowances,
        max_body: int,
        token_check: TokenCheck | None = None,
    ) -> None:
        self.app = app
        self.allowances = allowances
        self.max_body = max_body
        self.token_check = token_check
        self._tokens: LruCache[tuple[str | None, float]] = LruCache(4096)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", ())}
        caller = await self._caller(scope, headers)
        scope.setdefault("state", {})["caller"] = caller
        try:
            self.allowances.charge_request(caller)
        except RateLimited as refused:
            await _problem(
                send,
                scope,
                429,
                refused.code,
                refused.message,
                refused.hint,
                {"retry-after": str(refused.retry_after)},
            )
            return
        declared = headers.get("content-length", b"").decode("latin-1").strip()
        if declared and (not declared.isdigit() or int(declared) > self.max_body):
            await _problem(
                send,
                scope,
                413,
                "body-too-large",
                f"the request body is over {self.max_body:,} bytes",
                "send a smaller body: split bulk data into several requests",
                {},
            )
            return
        await self.app(scope, self._capped(receive), send)

    def _capped(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, f"the request body is over {limit:,} bytes")
            return message

        return capped

    async def _caller(self, scope: Scope, headers: dict[str, bytes]) -> Caller:
        if scope.get(INTERNAL) is True:
            return Caller("internal", anonymous=False)
        client = scope.get("client")
        address = f"addr:{client[0]}" if client else "addr:unknown"
        authorization = headers.get("authorization", b"").decode("latin-1")
        scheme, _, secret = authorization.partition(" ")
        if self.token_check is None or scheme.lower() != "bearer" or not secret.strip():
            return Caller(address, anonymous=True)
        token_id = await self._token_id(secret.strip())
        if token_id is None:
            return Caller(address, anonymous=True)
        return Caller(f"token:{token_id}", anonymous=False)

    async def _token_id(self, secret: str) -> str | None:
        digest = hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()
        remembered = self._tokens.get(digest)
        now = time.monotonic()
        if remembered is not None and now - remembered[1] < TOKEN_TTL_S:
            return remembered[0]
        import anyio.to_thread

        assert self.token_check is not None
        found = await anyio.to_thread.run_sync(self.token_check, secret)
        self._tokens.put(digest, (found, now))
        return found


async def _problem(
    send: Send,
    scope: Scope,
    status: int,
    code: str,
    detail: str,
    hint: str,
    headers: dict[str, str],
) -> None:
    instance = str(scope.get("path", ""))[:INSTANCE_CHARS]
    body = json.dumps(problem_body(status, code, detail, hint, instance)).encode()
    raw = [
        (b"content-type", PROBLEM.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
        *((k.encode(), v.encode()) for k, v in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
