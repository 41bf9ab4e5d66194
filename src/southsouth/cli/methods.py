"""``southsouth methods``: the project's methods document, printed or written as HTML."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import Annotated

import typer

from southsouth.cli.app import app


@app.command()
def methods(
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="FILE",
            dir_okay=False,
            help="Write the document as a self-contained HTML page to FILE (atomically) "
            "instead of printing it.",
        ),
    ] = None,
) -> None:
    """Print the methods document (Markdown): formulas, thresholds and their basis, plan
    checks and data limits."""
    from southsouth.methods import methods_html, methods_markdown

    if html is None:
        typer.echo(methods_markdown(), nl=False)
        return
    from southsouth.atomic import atomic_write_text
    from southsouth.cli.output import stderr

    page = methods_html(standalone=True)
    try:
        atomic_write_text(html, page)
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot write {html}: {exc.strerror}", param_hint="--html"
        ) from None
    stderr().print(
        f"wrote the methods document to {html} ({len(page.encode('utf-8')):,} bytes)",
        highlight=False,
        markup=False,
    )
