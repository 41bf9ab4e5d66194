"""The default group is declared once; surfaces import it from the light grammar module."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from southsouth.group_grammar import DEFAULT_GROUP, GROUP_TEXT_PATTERN
from southsouth.registry.groups import DEFINITIONS

SRC = Path(__file__).resolve().parents[1] / "src" / "southsouth"


def test_the_default_group_literal_stands_in_one_place() -> None:
    hits = sorted(
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if f'"{DEFAULT_GROUP}"' in line
    )
    # the G77 definition's id, which the default names
    assert hits == ["group_grammar.py"]
    assert DEFAULT_GROUP in DEFINITIONS


def test_the_grammar_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, southsouth.group_grammar; "
        "print(sorted(m for m in ('pandas', 'duckdb', 'altair') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_group_text_pattern() -> None:
    ok, bad = ("KEN,NGA", "Côte d'Ivoire", "g77"), ("@list.txt", "/etc", "~x", "_a")
    assert all(re.match(GROUP_TEXT_PATTERN, t) for t in ok)
    assert not any(re.match(GROUP_TEXT_PATTERN, t) for t in bad)


def test_the_registry_defines_exactly_the_named_definitions():
    from southsouth.group_grammar import DEFINITION_IDS
    from southsouth.registry import DEFINITIONS

    assert tuple(DEFINITIONS) == DEFINITION_IDS
