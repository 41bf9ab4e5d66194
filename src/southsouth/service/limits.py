"""Defaults and bounds of declared reads that surfaces show in their help (light to import).

The command line declares its options at import time; these constants let it state the
same defaults and bounds as the declared reads without loading them.
"""

from __future__ import annotations

#: Monte Carlo draws for the rank bands of the index: default and maximum (~1 s at 1,000).
DEFAULT_DRAWS, MAX_DRAWS = 100, 1000
#: The seed of the draws when none is given.
DEFAULT_SEED = 1
#: Sobol base samples of the index's sensitivity analysis: most a read may ask.
MAX_SENSITIVITY = 1024
