"""``southsouth serve``: the read API over HTTP."""

from __future__ import annotations

from typing import Annotated

import typer

from southsouth.cli.app import app


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the read API (OpenAPI at /docs) over the local warehouse."""
    import uvicorn

    from southsouth.api import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")
