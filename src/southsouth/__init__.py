"""southsouth: open evidence, planning and accountability engine for South–South cooperation.

>>> import southsouth
>>> ws = southsouth.open()                       # doctest: +SKIP
>>> ws.countries(group="ASEAN")                    # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from southsouth.errors import SouthsouthError
from southsouth.version import __version__

if TYPE_CHECKING:
    from southsouth.workspace import Workspace, open_workspace

    open = open_workspace

__all__ = ["SouthsouthError", "Workspace", "__version__", "open", "open_workspace"]


def __getattr__(name: str) -> Any:
    """The workspace names, imported on first use (pandas and DuckDB load only then)."""
    if name in ("Workspace", "open_workspace", "open"):
        from southsouth import workspace

        return workspace.open_workspace if name == "open" else getattr(workspace, name)
    raise AttributeError(f"module 'southsouth' has no attribute {name!r}")
