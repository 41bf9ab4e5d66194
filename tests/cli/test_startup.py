"""The command line starts light: importing it and showing any help load no heavy library.

Speed itself is measured by ``benchmarks/startup_bench.py``; here only what is imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Modules that must stay out of the process until a command that needs them runs.
HEAVY = (
    "pandas",
    "numpy",
    "duckdb",
    "pyarrow",
    "altair",
    "vl_convert",
    "fastapi",
    "sqlalchemy",
    "weasyprint",
    "httpx",
    "pydantic_settings",
    "southsouth.workspace",
    "southsouth.settings",
    "southsouth.registry",
    "southsouth.sources",
    "southsouth.warehouse",
)

#: Imports the command line, shows the help of every group and command, and prints what
#: was loaded (or the commands whose help failed).
PROBE = """
import json, sys

import southsouth.cli
from typer.main import get_command
from typer.testing import CliRunner

imported_alone = sorted(sys.modules)
root = get_command(southsouth.cli.app)
runner = CliRunner()
failed = []


def walk(command, path):
    result = runner.invoke(southsouth.cli.app, [*path, "--help"])
    if result.exit_code != 0 or "Usage" not in result.output:
        failed.append([" ".join(path), result.exit_code, result.output[-400:]])
    for name in getattr(command, "commands", {}):
        walk(command.commands[name], [*path, name])


walk(root, [])
print(json.dumps({"alone": imported_alone, "help": sorted(sys.modules), "failed": failed}))
"""


def _loaded(names: list[str]) -> list[str]:
    """The heavy modules (or their submodules) among ``names``."""
    return sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))


def _probe() -> dict[str, list]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_cli_and_every_help_loads_no_heavy_module():
    seen = _probe()
    assert _loaded(seen["alone"]) == []
    assert seen["failed"] == []
    assert _loaded(seen["help"]) == []


def test_version_loads_neither_the_command_line_nor_a_heavy_module():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys; sys.argv = ['southsouth', '--version']\n"
            "from southsouth.entry import main; main()\n"
            "print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    version, loaded = done.stdout.splitlines()
    assert version.startswith("southsouth ")
    names = json.loads(loaded)
    assert not [n for n in names if n.split(".")[0] in ("typer", "click", "rich")]
    assert "southsouth.cli" not in names
    assert _loaded(names) == []
