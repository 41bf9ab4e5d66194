"""Plans kept on disk between processes: what a brief needs of a group's roadmap.

Planning a group's roadmap takes seconds (the evidence behind it joins many datasets); a
brief shows only part of it. The part is stored as JSON under ``<home>/cache/plans`` and
read back while it still describes the same plan: the file name holds a digest of the
southsouth version, of the installed files that make plans (size and modification time of
each; renderers such as templates and catalogues left out), of the planning day, the group,
the horizon and the load stamp (build key and load time) of every dataset in the warehouse.
A sync or a changed installation changes the digest, so an old file is never read again;
writing a new one deletes the files of other digests or days. A custom pillar framework is
never stored (its plan is computed each time).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from southsouth.atomic import atomic_write_text
from southsouth.jsonable import records
from southsouth.service.documents import plain
from southsouth.version import __version__

if TYPE_CHECKING:
    from southsouth.roadmap.build import Roadmap
    from southsouth.warehouse.store import Warehouse
    from southsouth.workspace import Workspace

#: Columns of the roadmap baseline a brief shows (the group's aggregate of each indicator).
BASELINE_COLUMNS = (
    "pillar",
    "indicator",
    "name",
    "value",
    "unit",
    "light",
    "coverage",
    "n_with_data",
    "n_members",
    "sources",
)
#: Fields of a scheduled initiative a brief shows, as the roadmap read has them.
INITIATIVE_FIELDS = (
    "id",
    "pillar",
    "title",
    "title_values",
    "participants",
    "forum",
    "start",
    "end",
    "phase",
)


def plan_part(built: Roadmap) -> dict[str, Any]:
    """What a brief shows of ``built``: the group, the scheduled initiatives (the roadmap
    read's items, trimmed to :data:`INITIATIVE_FIELDS`), the group's baseline aggregates and
    the datasets the plan read."""
    ev = built.evidence
    plan = built.plan.as_dict()
    baseline = ev.baseline[[c for c in BASELINE_COLUMNS if c in ev.baseline.columns]]
    return plain(
        {
            "group": {"id": ev.group, "name": ev.name, "kind": ev.kind, "members": ev.iso3},
            "as_of": ev.as_of.isoformat(),
            "horizon": plan["horizon"],
            "initiatives": [
                {key: item[key] for key in INITIATIVE_FIELDS} for item in plan["initiatives"]
            ],
            "baseline": records(baseline),
            "sources": built.data_notes(),
        }
    )


def warehouse_stamp(warehouse: Warehouse) -> str:
    """A digest of the load (build key and load time) of every dataset in ``warehouse``."""
    frame = warehouse.query(
        "SELECT dataset_id, build_key, loaded_at FROM dataset_status ORDER BY dataset_id"
    )
    digest = hashlib.sha256()
    for row in frame.itertuples(index=False):
        digest.update(f"{row.dataset_id}={row.build_key}@{row.loaded_at};".encode())
    return digest.hexdigest()


#: Packages that render a plan but do not make it (their files are left out of the stamp).
RENDERERS = frozenset({"api", "charts", "cli", "language", "report", "web"})


@cache
def code_stamp() -> str:
    """A digest of the size and modification time of every installed file that can change a
    plan (the package without its renderers)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if parts[0] in RENDERERS or "__pycache__" in parts or not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{'/'.join(parts)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _folder(ws: Workspace) -> Path:
    return ws.settings.cache_dir / "plans"


def _name(ws: Workspace, group: str, horizon: int, day: date) -> tuple[str, str]:
    """The file name for a plan and the prefix every current file shares."""
    prefix = hashlib.sha256(
        f"{__version__}\n{code_stamp()}\n{day.isoformat()}\n{warehouse_stamp(ws.warehouse)}".encode()
    ).hexdigest()[:24]
    which = hashlib.sha256(f"{group}\n{horizon}".encode()).hexdigest()[:24]
    return f"{prefix}-{which}.json", prefix


def _planned(ws: Workspace, group: str, horizon: int, day: date) -> Roadmap:
    """The roadmap the roadmap read plans for ``group`` (the planner loads only here)."""
    from southsouth.roadmap.build import build_roadmap

    return build_roadmap(ws.warehouse, group, horizon=horizon, as_of=day, framework=ws.framework)


def stored_plan(ws: Workspace, group: str, horizon: int) -> dict[str, Any]:
    """:func:`plan_part` of the roadmap of ``group`` to ``horizon`` planned today on the
    workspace's data: read from disk when stored for these data and this day, else planned
    and stored."""
    if ws.framework is not None:
        return plan_part(_planned(ws, group, horizon, date.today()))
    day = date.today()
    name, prefix = _name(ws, group, horizon, day)
    path = _folder(ws) / name
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = None
    if isinstance(found, dict) and found.get("as_of") == day.isoformat():
        return found
    part = plan_part(_planned(ws, group, horizon, day))
    _store(path, prefix, part)
    return part


def remember(ws: Workspace, built: Roadmap) -> None:
    """Store :func:`plan_part` of a roadmap planned elsewhere (``southsouth roadmap``) when it
    is the one :func:`stored_plan` would plan: today, the shipped framework and catalogue."""
    day = date.today()
    if ws.framework is not None or built.initiatives_file or built.evidence.as_of != day:
        return
    name, prefix = _name(ws, built.evidence.group, built.plan.horizon, day)
    _store(_folder(ws) / name, prefix, plan_part(built))


def _store(path: Path, prefix: str, part: dict[str, Any]) -> None:
    """Write ``part`` atomically and delete the files of other data, code or days."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(part, ensure_ascii=False, allow_nan=False))
    for old in path.parent.glob("*.json"):
        if not old.name.startswith(prefix):
            old.unlink(missing_ok=True)
