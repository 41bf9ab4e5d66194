"""The console-script entry point: answers ``--version`` without loading the command line.

Every other invocation loads :mod:`southsouth.cli` (its commands and the libraries they
use) and runs it.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run ``southsouth`` with the process's arguments."""
    if sys.argv[1:] == ["--version"]:
        from southsouth.version import __version__

        sys.stdout.write(f"southsouth {__version__}\n")
        return
    from southsouth.cli import main as run

    run()
