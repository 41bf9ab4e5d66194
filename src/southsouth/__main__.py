"""``python -m southsouth`` runs the command line."""

from southsouth.cli import main

main()
