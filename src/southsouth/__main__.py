"""``python -m southsouth`` runs the command line."""

from southsouth.entry import main

main()
