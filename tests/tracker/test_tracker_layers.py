"""The tracker package's imports: none of the indicators package at run time, no circles."""

from __future__ import annotations

import ast
from pathlib import Path

import southsouth.tracker

PACKAGE = Path(southsouth.tracker.__file__).parent
MODULES = {path.stem: path for path in PACKAGE.glob("*.py")}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, *, runtime_only: bool) -> list[tuple[str, list[str]]]:
    """(module, names) of every import, those under ``if TYPE_CHECKING:`` left out when
    ``runtime_only``; imports inside functions count."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if runtime_only and isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            found.append((node.module, [alias.name for alias in node.names]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _tree(name: str) -> ast.AST:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def test_the_tracker_imports_nothing_of_the_indicators_package_at_run_time():
    # The caller passes observations, the progress measure and indicator metadata
    # (southsouth.service.tracker_progress); only type hints may name indicators.
    offending = [
        f"{name}: {module}"
        for name in sorted(MODULES)
        for module, _ in _imports(_tree(name), runtime_only=True)
        if module == "southsouth.indicators" or module.startswith("southsouth.indicators.")
    ]
    assert offending == []


def test_no_module_of_the_tracker_imports_itself_back():
    # every import counts here, type-checking ones too
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for module, names in _imports(_tree(name), runtime_only=False):
            if module == "southsouth.tracker":
                edges[name] |= {n if n in MODULES else "__init__" for n in names}
            elif module.startswith("southsouth.tracker."):
                edges[name].add(module.split(".")[2])

    circles: list[list[str]] = []
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            circles.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(edges[node]):
            walk(target, [*path, node])
        done.add(node)

    for name in sorted(MODULES):
        walk(name, [])
    assert circles == []
