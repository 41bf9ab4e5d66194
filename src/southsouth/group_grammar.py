"""How a user names a group: the default group and the grammar of group text from requests.

Kept free of heavy imports so every surface (command line, API, dashboard) can declare its
options and parameters with it at import time.
"""

from __future__ import annotations

#: The id of the Group of 77 and China's definition.
G77 = "g77"
#: The group every read uses when none is named: the Group of 77 and China.
DEFAULT_GROUP = G77
#: The Global South definitions a group text may name, in order (the registry defines each;
#: a test holds the registry's definitions to this list).
DEFINITION_IDS = (G77, "m49-developing", "wb-lmic", "all")
#: Most countries in a custom list (every registry row fits).
MAX_LIST_ITEMS = 260
#: Longest group text taken from a request (a comma list of every ISO3 code fits).
MAX_GROUP_TEXT = 1200
#: What a group text from a request may hold: letters of any script, digits, spaces and
#: ``, . ' ( ) & -``, starting with a letter or digit (so never ``@``, ``/`` or ``~``).
GROUP_TEXT_PATTERN = r"^[^\W_][\w .,'()&-]*$"
