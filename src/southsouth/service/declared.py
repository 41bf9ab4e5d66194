"""A declared read: one question a user can ask, stated once for every surface.

A :class:`Read` has a name, its parameters as one pydantic model (defaults, bounds, help),
``compute(workspace, params) → Document`` and the warehouse tables it depends on (the cache
key). The command line, the REST API, the dashboard and the Python API only parse into the
model, answer through it and format the document, so they give the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from southsouth.errors import InputError, excerpt

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: Tables behind the registry (countries, blocs, memberships).
REGISTRY_TABLES = frozenset({"country", "country_code", "border", "bloc", "membership"})
#: Tables behind indicators, observations, profiles and the composite index.
EVIDENCE_TABLES = REGISTRY_TABLES | {"observation", "region_observation", "indicator"}
#: Every table (analyses that join many datasets: gaps, trade, connectivity, relations).
ALL_TABLES: frozenset[str] | None = None


class ReadParams(BaseModel):
    """The parameters of a read: immutable, no unknown names."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=ReadParams)


class InvalidParameter(InputError):
    """A parameter of a read is out of its bounds or of the wrong kind."""

    code = "invalid-parameter"
    http_status = 422


@dataclass(frozen=True)
class Read(Generic[P]):
    """One declared read (see the module docstring)."""

    name: str
    #: One line for help texts and the API's summary.
    summary: str
    params: type[P]
    compute: Callable[[Workspace, P], Document]
    tables: frozenset[str] | None = ALL_TABLES
    #: Whether a computation is heavy (bounded by the server's gate, charged to its caller).
    heavy: Callable[[P], bool] | None = None
    #: The key of the document's main list (the rows a table or CSV shows).
    items: str = "items"

    def parse(self, values: Mapping[str, Any] | None = None, **more: Any) -> P:
        """``values`` as this read's parameters; ``InvalidParameter`` names what is wrong."""
        try:
            return self.params.model_validate({**(values or {}), **more})
        except ValidationError as error:
            raise _refusal(self.name, error) from None

    def is_heavy(self, params: P) -> bool:
        """Whether computing ``params`` is heavy."""
        return self.heavy is not None and self.heavy(params)

    def document(self, workspace: Workspace, params: P) -> Document:
        """The document of ``params``, with a note for each stale source (every surface
        computes through here; see :func:`southsouth.service.documents.with_age_notes`)."""
        from southsouth.service.documents import with_age_notes

        return with_age_notes(self.compute(workspace, params))

    def run(self, workspace: Workspace, params: P) -> Document:
        """The plain document of ``params`` computed on ``workspace`` (no cache)."""
        from southsouth.service.documents import plain

        return plain(self.document(workspace, params))


def _refusal(name: str, error: ValidationError) -> InputError:
    """The first problem of ``error``: the validator's own error (e.g. a year out of its
    range), or an ``InvalidParameter`` naming the field, the rule and the value."""
    first = error.errors()[0]
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, InputError):
        return cause
    where = ".".join(str(part) for part in first["loc"]) or "parameters"
    given = first.get("input")
    shown = f" (got {excerpt(str(given))})" if isinstance(given, str | int | float) else ""
    return InvalidParameter(
        f"{name}: {where}: {first['msg']}{shown}",
        hint=f"see `southsouth {name} --help` or the API's OpenAPI document for the bounds",
    )
