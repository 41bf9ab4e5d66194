"""Countries, Global South definitions, blocs and time-valid memberships."""

from southsouth.registry.groups import DEFAULT_GROUP, DEFINITIONS, group_countries
from southsouth.registry.membership import (
    bloc_members,
    blocs_table,
    countries_table,
    resolve_bloc,
    resolve_country,
)

__all__ = [
    "DEFAULT_GROUP",
    "DEFINITIONS",
    "bloc_members",
    "blocs_table",
    "countries_table",
    "group_countries",
    "resolve_bloc",
    "resolve_country",
]
