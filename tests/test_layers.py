"""The floors of the package, as the README's layout draws them: imports only run down.

Every import counts, including those inside functions (lazy imports still tie the floors);
imports under ``if TYPE_CHECKING:`` do not, since they never run. Modules of one floor may
import each other; a module may not import a higher floor, and no package imports itself in
a loop with another.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "southsouth"

#: Bottom to top; a unit is a top-level module or sub-package of southsouth.
FLOORS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "version",
        "group_grammar",
        "atomic",
        "jsonable",
        "spreadsheet_cells",
        "periods",
        "settings",
        "provenance",
        "tabular",
        "pillars",
        "language",
        "methods",
    ),
    ("warehouse",),
    ("registry",),
    ("sources",),
    ("index", "trade", "connectivity", "tracker"),
    ("indicators",),
    ("gaps", "relations", "sync"),
    ("charts",),
    ("roadmap",),
    ("report",),
    ("service",),
    ("workspace",),
    ("api", "web"),
    ("server",),
    ("cli",),
    ("entry", "__init__"),
    ("__main__",),
)
FLOOR_OF = {unit: n for n, units in enumerate(FLOORS) for unit in units}
#: Floors whose units may import one another (the foundation's small modules).
SHARED = {0}


def _unit(module: str) -> str:
    """The unit of a dotted module name (``southsouth`` itself is the package's face)."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _is_unit(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Modules of southsouth imported outside ``if TYPE_CHECKING:`` blocks."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "southsouth":
                found.extend(
                    f"southsouth.{a.name}" if _is_unit(a.name) else "southsouth" for a in node.names
                )
            elif node.module.startswith("southsouth."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("southsouth."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@cache
def _arrows() -> dict[tuple[str, str], list[str]]:
    """(from unit, to unit) → the files whose imports make that arrow."""
    arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        source = _unit(module)
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = _unit(imported)
            if target != source:
                arrows[(source, target)].append(str(path.relative_to(PACKAGE)))
    return arrows


def test_every_unit_has_a_floor() -> None:
    units = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()
    }
    missing = sorted(units - set(FLOOR_OF))
    assert not missing, f"give these a floor in FLOORS and the README layout: {missing}"


@pytest.mark.parametrize("floor", range(len(FLOORS)))
def test_imports_run_down(floor: int) -> None:
    upward = {
        f"{source} → {target}": files
        for (source, target), files in _arrows().items()
        if FLOOR_OF.get(source) == floor
        and target in FLOOR_OF
        and (FLOOR_OF[target] > floor or (FLOOR_OF[target] == floor and floor not in SHARED))
    }
    assert not upward, f"imports from floor {floor} that run up or sideways: {upward}"


def test_the_readme_draws_these_floors() -> None:
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    drawn = readme.split("<!-- floors -->")[1].split("<!-- /floors -->")[0]
    lines = [line for line in drawn.splitlines() if line.strip()[:1].isdigit()]
    # "12: workspace    the Python API…": names, then two spaces and what the floor holds.
    names = [re.split(r"\s{2,}", line.split(":", 1)[1].strip())[0] for line in lines]
    read = [tuple(n.strip() for n in floor.split(",")) for floor in reversed(names)]
    assert read == list(FLOORS)
