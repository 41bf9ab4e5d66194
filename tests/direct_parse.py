"""Parsing one dataset straight from the mirror's files, some replaced by edited copies.

For parser tests that need no warehouse: bad-input paths (a damaged copy of one file must
raise ParseError naming it) and the issues a parser reports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources.dataset import Dataset, ParseInput

Edit = Callable[[str], str]


def mirror_files(dataset: Dataset, mirror: Path) -> dict[str, Path]:
    """Each of the dataset's resource names → its file in the mirror."""
    return {r.name: mirror / r.mirror_path for r in dataset.resources}


def no_crosswalk() -> Crosswalk:
    """Crosswalk factory for parses that must end before any country is mapped."""
    raise AssertionError("this parse should not need the country crosswalk")


def parse(
    dataset: Dataset, mirror: Path, crosswalk: Crosswalk | None = None, **files: Path
) -> tuple[Mapping[str, pd.DataFrame], ParseInput]:
    """Parse ``dataset`` from the mirror, ``files`` (resource name → path) replacing its files.

    Without ``crosswalk`` the parse must not map countries (see :func:`no_crosswalk`).
    """
    paths = mirror_files(dataset, mirror) | files
    inp = ParseInput(dataset, paths, no_crosswalk if crosswalk is None else lambda: crosswalk)
    return dataset.parse(inp), inp


def edited_copy(
    dataset: Dataset, mirror: Path, tmp_path: Path, name: str, edit: Edit, encoding: str = "utf-8"
) -> Path:
    """``tmp_path/name``: the dataset's mirror file ``name`` with ``edit`` applied to its text."""
    copy = tmp_path / name
    text = mirror_files(dataset, mirror)[name].read_text(encoding=encoding)
    copy.write_text(edit(text), encoding="utf-8")
    return copy


def parse_edited(
    dataset: Dataset,
    mirror: Path,
    tmp_path: Path,
    name: str,
    edit: Edit,
    crosswalk: Crosswalk | None = None,
    encoding: str = "utf-8",
) -> tuple[Mapping[str, pd.DataFrame], ParseInput]:
    """Parse ``dataset`` with its file ``name`` replaced by an edited copy, ``tmp_path/name``."""
    copy = edited_copy(dataset, mirror, tmp_path, name, edit, encoding)
    return parse(dataset, mirror, crosswalk, **{name: copy})


def change_line(number: int, change: Edit) -> Edit:
    """An edit applying ``change`` to line ``number`` (1-based) of a text."""

    def edit(text: str) -> str:
        lines = text.splitlines()
        lines[number - 1] = change(lines[number - 1])
        return "\n".join(lines) + "\n"

    return edit


def replace_first(old: str, new: str) -> Edit:
    """An edit replacing the first ``old`` in a text with ``new`` (``old`` must occur)."""

    def edit(text: str) -> str:
        assert old in text, f"{old!r} is not in the file"
        return text.replace(old, new, 1)

    return edit
