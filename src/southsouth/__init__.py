"""southsouth: open evidence, planning and accountability engine for South–South cooperation.

>>> import southsouth
>>> ws = southsouth.open()                       # doctest: +SKIP
>>> ws.countries(group="g77")                    # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from southsouth.errors import SouthsouthError
from southsouth.workspace import Workspace, open_workspace

open = open_workspace

__all__ = ["SouthsouthError", "Workspace", "__version__", "open", "open_workspace"]
