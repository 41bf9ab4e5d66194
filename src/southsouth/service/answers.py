"""Declared reads in a notebook: ``ws.ask.profile("NGA")`` returns an :class:`Answer`.

An answer is the very document the command line prints with ``--json``, the REST API
serves and the dashboard draws, with a table (``.frame``), its sources (``.sources``), its
notes and an HTML view for notebooks. ``ws.ask`` mirrors the command line: ``ws.ask.index``,
``ws.ask.compare``, ``ws.ask.gaps.military``, ``ws.ask.trade.complexity``, ``ws.ask.routes.
missing``… (tab completion lists them; ``help(ws.ask.profile)`` shows the parameters).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from southsouth.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from southsouth.service.declared import Read
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: Rows an answer's HTML view shows.
SHOWN_ROWS = 20


@dataclass(frozen=True)
class Answer:
    """A declared read's document, with table, sources and notes views."""

    read: str
    params: Mapping[str, Any]
    document: Document
    items: str = "items"

    @property
    def frame(self) -> pd.DataFrame:
        """The document's main rows as a table (one column per field)."""
        import pandas as pd

        return pd.DataFrame(self.document.get(self.items) or [])

    @property
    def sources(self) -> pd.DataFrame:
        """Publisher, licence and vintage of every dataset behind the numbers."""
        import pandas as pd

        return pd.DataFrame(self.document.get("sources") or [])

    @property
    def notes(self) -> list[str]:
        """What the numbers mean and where they stop (caveats, coverage, data years)."""
        return [str(note) for note in self.document.get("notes") or []]

    def __getitem__(self, key: str) -> Any:
        return self.document[key]

    def keys(self) -> list[str]:
        """The document's keys."""
        return list(self.document)

    def _repr_html_(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.params.items() if v not in (None, ()))
        frame = self.frame
        table = frame.head(SHOWN_ROWS).to_html(index=False, border=0, na_rep="")
        more = f"<p>{len(frame) - SHOWN_ROWS} more rows: <code>.frame</code></p>"
        sources = "".join(
            f"<li>{html.escape(str(s.get('publisher') or s.get('source_id')))}"
            f"{', ' + html.escape(str(s['vintage'])) if s.get('vintage') else ''}"
            f"{' (' + html.escape(str(s['licence'])) + ')' if s.get('licence') else ''}</li>"
            for s in self.document.get("sources") or []
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            f"<div><strong>{html.escape(self.read)}</strong>({html.escape(shown)}) — "
            f"{len(frame)} rows{table}{more if len(frame) > SHOWN_ROWS else ''}"
            f"{'<p>Notes</p><ul>' + notes + '</ul>' if notes else ''}"
            f"<p>Sources</p><ul>{sources}</ul></div>"
        )

    def __repr__(self) -> str:
        return f"Answer({self.read!r}, {len(self.frame)} rows, keys={self.keys()})"


class Question:
    """One declared read, callable on a workspace: positional values fill its parameters
    in declaration order. Reads named under it (``relations`` → ``relations map``) are its
    attributes."""

    def __init__(
        self, workspace: Workspace, read: Read[Any], under: Questions | None = None
    ) -> None:
        self._workspace = workspace
        self._read = read
        self._under = under
        fields = read.params.model_fields
        self.__doc__ = f"{read.summary}.\n\nParameters: " + ", ".join(
            f"{name}" + ("" if field.is_required() else f"={field.default!r}")
            for name, field in fields.items()
        )

    def __call__(self, *args: Any, **values: Any) -> Answer:
        names = list(self._read.params.model_fields)
        if len(args) > len(names):
            raise InputError(
                f"{self._read.name} takes at most {len(names)} values ({', '.join(names)})",
                hint=f"name them, e.g. {names[0]}=…" if names else "call it without values",
            )
        given = dict(zip(names, args, strict=False))
        for name in values:
            if name in given:
                raise InputError(
                    f"{self._read.name}: {name} given twice", hint="give each value once"
                )
        params = self._read.parse({**given, **values})
        document = self._read.run(self._workspace, params)
        return Answer(self._read.name, params.model_dump(), document, self._read.items)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_") or self._under is None:
            raise AttributeError(attribute)
        return getattr(self._under, attribute)

    def __dir__(self) -> list[str]:
        return sorted(dir(self._under) if self._under is not None else [])

    def __repr__(self) -> str:
        return f"<question {self._read.name!r}: {self._read.summary}>"


class Questions:
    """The declared reads as attributes, grouped like the command line's commands."""

    def __init__(
        self, workspace: Workspace, reads: Mapping[str, Read[Any]], prefix: str = ""
    ) -> None:
        self._workspace = workspace
        self._reads = reads
        self._prefix = prefix

    def _names(self) -> dict[str, str]:
        """Attribute → read name or sub-group prefix at this level."""
        found: dict[str, str] = {}
        for name in self._reads:
            if not name.startswith(self._prefix):
                continue
            head = name[len(self._prefix) :].split(" ", 1)[0]
            found[head.replace("-", "_")] = head
        return found

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        head = self._names().get(attribute)
        if head is None:
            raise AttributeError(
                f"no read {self._prefix + attribute!r}; reads here: {', '.join(self._names())}"
            )
        full = self._prefix + head
        under = Questions(self._workspace, self._reads, full + " ")
        if full in self._reads:
            return Question(self._workspace, self._reads[full], under if under._names() else None)
        return under

    def __dir__(self) -> list[str]:
        return sorted(self._names())

    def __repr__(self) -> str:
        return f"<questions: {', '.join(sorted(self._names()))}>"
