"""The pillars of South–South cooperation, by id: the eight of the founding text and climate
(issue 17). The indicator framework scores them and tracker commitments are filed under them."""

from __future__ import annotations

PILLARS: tuple[str, ...] = (
    "science",
    "technology",
    "health",
    "economy",
    "pharma",
    "religion",
    "security_pragmatic",
    "security_integrated",
    "climate",
)
