"""``southsouth serve``: the REST API over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from southsouth.cli.app import app

#: What uvicorn itself bounds: open connections per worker and the shutdown grace period.
LIMITS: dict[str, Any] = {
    "log_level": "info",
    "limit_concurrency": 256,
    "timeout_graceful_shutdown": 10,
}


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (each keeps its own snapshot).")
    ] = 1,
    snapshot: Annotated[
        bool,
        typer.Option(
            help="Serve a private copy of the warehouse so `data sync` can run meanwhile "
            "(--no-snapshot serves the file in place and blocks syncs until the server stops)."
        ),
    ] = True,
) -> None:
    """Serve the REST API (OpenAPI at /docs) over the local warehouse.

    A `data sync` in another process is picked up by the next request after it finishes.
    Each worker accepts at most 256 connections at once (more get 503) and stops within
    10 s of SIGTERM; per-address rates, body size and expensive reads are bounded by the
    SOUTHSOUTH_API_* settings (README, "A public instance").
    """
    import uvicorn

    from southsouth.api import create_app

    if workers == 1:
        uvicorn.run(create_app(snapshot=snapshot), host=host, port=port, **LIMITS)
        return
    if not snapshot:
        raise typer.BadParameter("--no-snapshot works with one worker", param_hint="--workers")
    uvicorn.run(
        "southsouth.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        **LIMITS,
    )
