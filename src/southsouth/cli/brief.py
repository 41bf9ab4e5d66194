"""``southsouth brief``: a two-page brief on a country or a bloc, as HTML and PDF."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import Annotated

import typer

from southsouth.cli.app import app
from southsouth.cli.options import workspace
from southsouth.cli.output import print_json, stdout


@app.command()
def brief(
    country: Annotated[
        str | None, typer.Argument(help="ISO3 code or country name (or give --bloc).")
    ] = None,
    bloc: Annotated[
        str | None, typer.Option("--bloc", "-b", help="A bloc id, e.g. AU, ASEAN, MERCOSUR.")
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Language of the brief: en, fr, es, pt or ar.")
    ] = "en",
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Directory for brief-<id>-<lang>.html and .pdf."),
    ] = Path("."),
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also print the brief to PDF.")
    ] = True,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the brief's document (the one the REST API serves); write nothing.",
        ),
    ] = False,
) -> None:
    """Write a two-page brief: scorecard, largest gaps, initiatives, sessions and sources."""
    from southsouth.language.catalogue import language
    from southsouth.service.reads.brief import BRIEF

    chosen = language(lang)
    params = BRIEF.parse(country=country, bloc=bloc)
    with workspace() as ws:
        document = BRIEF.run(ws, params)
    if as_json:
        print_json(document)
        return
    from southsouth.report.brief import write_brief

    files = write_brief(document, chosen, out, pdf=pdf)
    console = stdout()
    console.print(f"html: {files.html}", highlight=False, markup=False)
    if files.pdf is not None:
        console.print(f"pdf: {files.pdf}", highlight=False, markup=False)
