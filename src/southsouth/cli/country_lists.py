"""``@file`` country lists: a command-line convenience, expanded before any library call.

A group option given as ``@path`` is replaced by the codes or names listed in the file (one
per line; ``#`` starts a comment; a header line ``iso3`` is skipped), joined by commas. Only
the command line reads such files: the library and every HTTP surface refuse ``@``. A file is
read up to :data:`MAX_BYTES` and must be UTF-8 text.
"""

from __future__ import annotations

from pathlib import Path

import typer

from southsouth.group_grammar import MAX_LIST_ITEMS

#: Largest country-list file read (a list of every country is about 2 KB).
MAX_BYTES = 64 * 1024


def read_country_list(path: Path) -> list[str]:
    """The entries of a country-list file; a usage error naming the file when it cannot be
    read, is too large, is not text or lists nothing."""
    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file; give @path to a text file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read the country list {path}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise typer.BadParameter(f"the country list {path} is over {MAX_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise typer.BadParameter(f"the country list {path} is not UTF-8 text") from None
    items = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    items = [i for i in items if i and i.lower() != "iso3"]
    if not items:
        raise typer.BadParameter(f"the country list {path} is empty; one ISO3 code per line")
    if len(items) > MAX_LIST_ITEMS:
        raise typer.BadParameter(
            f"the country list {path} has {len(items)} entries; at most {MAX_LIST_ITEMS}"
        )
    return items


def expand(value: str | None) -> str | None:
    """``value`` with an ``@file`` list replaced by its entries joined by commas."""
    if value is None or not value.strip().startswith("@"):
        return value
    return ",".join(read_country_list(Path(value.strip()[1:]).expanduser()))


def expand_all(values: list[str] | None) -> list[str] | None:
    """:func:`expand` for each of a repeatable option's values."""
    return None if values is None else [v for v in (expand(x) for x in values) if v]
