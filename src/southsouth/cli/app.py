"""The root ``southsouth`` command group."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from typing import Annotated

import typer
from typer.core import TyperGroup

from southsouth.cli.output import print_error
from southsouth.errors import SouthsouthError
from southsouth.version import __version__


class _Group(TyperGroup):
    """Prints southsouth errors as ``error[code]: message`` and exits with their code."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except SouthsouthError as exc:
            print_error(exc)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="southsouth",
    help="Open evidence, planning and accountability engine for South–South cooperation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"southsouth {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Open evidence, planning and accountability engine for South–South cooperation."""
