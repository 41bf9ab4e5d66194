"""Languages of every surface: message catalogues, right-to-left layout, the browser's choice.

Catalogues are JSON files ``locales/<lang>/<area>.json`` mapping message keys to text; every
area of a language is merged. All five languages hold the same keys (tested); a key missing
from a language would fall back to English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "ar": "العربية",
}
DEFAULT = "en"
RIGHT_TO_LEFT = frozenset({"ar"})


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang`` (all areas merged)."""
    folder = resources.files("southsouth.language") / "locales" / lang
    merged: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            merged.update(json.loads(entry.read_text(encoding="utf-8")))
    return merged


@dataclass(frozen=True)
class Translator:
    """Messages of one language, English where a message is not translated."""

    lang: str

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``."""
        return "rtl" if self.lang in RIGHT_TO_LEFT else "ltr"

    def __call__(self, key: str, **values: Any) -> str:
        text = catalogue(self.lang).get(key) or catalogue(DEFAULT).get(key) or key
        return text.format(**values) if values else text

    def get(self, key: str, default: str, **values: Any) -> str:
        """The message ``key``, or ``default`` (already in plain words) when no catalogue has
        it: for open-ended keys such as an indicator id from a user's framework file."""
        text = catalogue(self.lang).get(key) or catalogue(DEFAULT).get(key) or default
        return text.format(**values) if values else text


def language(lang: str) -> str:
    """``lang`` checked against the supported languages."""
    from southsouth.errors import InputError

    if lang not in LANGUAGES:
        raise InputError(f"no language {lang!r}", hint=f"use one of: {', '.join(LANGUAGES)}")
    return lang


def negotiate(accept_language: str | None) -> str:
    """The best supported language for an ``Accept-Language`` header (English by default)."""
    if not accept_language:
        return DEFAULT
    ranked = []
    for n, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, n, tag.strip().lower().split("-")[0]))
    for _, _, lang in sorted(ranked):
        if lang in LANGUAGES:
            return lang
    return DEFAULT
