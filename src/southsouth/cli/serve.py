"""``southsouth serve``: the REST API over HTTP."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from typing import Annotated, Any

import typer

from southsouth.cli.app import app

#: Seconds a thread may hold the interpreter while others wait (Python's default: 0.005).
SWITCH_INTERVAL_S = 0.001
#: What uvicorn itself bounds: open connections per worker.
LIMITS: dict[str, Any] = {"log_level": "info", "limit_concurrency": 256}


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
            help="Serve a private copy of the warehouse (--no-snapshot serves the file in "
            "place; `data sync` runs meanwhile either way, building the next file beside it)."
        ),
    ] = True,
    grace: Annotated[
        int,
        typer.Option(
            min=1, max=600, help="Seconds open requests get to finish after SIGTERM (then cut)."
        ),
    ] = 10,
) -> None:
    """Serve the REST API (OpenAPI at /docs) over the local warehouse.

    A `data sync` in another process is picked up by the next request after it finishes.
    Each worker accepts at most 256 connections at once (more get 503) and stops within
    --grace seconds of SIGTERM; per-address rates, body size and expensive reads are bounded by the
    SOUTHSOUTH_API_* settings (README, "A public instance").
    """
    import sys

    import uvicorn

    # Expensive reads compute on worker threads; a shorter switch interval hands the
    # interpreter back to the event loop sooner, so cheap requests stay fast meanwhile.
    sys.setswitchinterval(SWITCH_INTERVAL_S)

    from southsouth.server import create_app

    if workers == 1:
        uvicorn.run(
            create_app(snapshot=snapshot),
            host=host,
            port=port,
            timeout_graceful_shutdown=grace,
            **LIMITS,
        )
        return
    if not snapshot:
        raise typer.BadParameter("--no-snapshot works with one worker", param_hint="--workers")
    uvicorn.run(
        "southsouth.server:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_graceful_shutdown=grace,
        **LIMITS,
    )
