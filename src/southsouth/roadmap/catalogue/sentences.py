"""The catalogue's sentences: a rationale is message keys with values (``rationales`` area of
the language catalogues), rendered in English here and in any language by
:func:`southsouth.language.content.rationale`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from southsouth.language import content as words
from southsouth.language.catalogue import Translator
from southsouth.roadmap.evidence import GroupEvidence

ENGLISH = Translator("en")
#: One sentence: its message key and values.
Sentence = tuple[str, dict[str, object]]


def plain(value: object) -> object:
    """``value`` JSON-ready: NumPy and pandas scalars as Python numbers, sequences as lists."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"{value!r} cannot go into a sentence")


def say(key: str, **values: object) -> Sentence:
    """A sentence of a rationale (``rationale.<key>``)."""
    return (f"rationale.{key}", {k: plain(v) for k, v in values.items()})


def part(key: str, **values: object) -> dict[str, object]:
    """A phrase inside a sentence (``rationale.<key>``)."""
    return words.phrase(f"rationale.{key}", **{k: plain(v) for k, v in values.items()})


def provisional(reason: object) -> Sentence:
    """``Provisional: <reason>.``"""
    return say("provisional", reason=reason)


def english(wording: Sequence[Sentence]) -> str:
    """The rationale in English."""
    return words.rationale(ENGLISH, wording, "")


def said(value: object) -> str:
    """One phrase in English (for the texts that stay English: skips, notes, claims)."""
    return str(words.render(ENGLISH, value))


def group(ev: GroupEvidence) -> dict[str, object]:
    """The group, named in the reader's language."""
    return words.named("group", ev.group, ev.name)


def _names(ev: GroupEvidence) -> dict[str, tuple[str | None, str]]:
    """ISO3 → (ISO2, registry name) of every member."""
    iso2 = ev.members["iso2"] if "iso2" in ev.members else [None] * len(ev.members)
    return {
        str(code): (two if isinstance(two, str) else None, str(name))
        for code, two, name in zip(ev.members["iso3"], iso2, ev.members["name"], strict=True)
    }


def country(ev: GroupEvidence, iso3: str, name: str | None = None) -> dict[str, object]:
    """A country by ISO3: ``name`` (else the member's registry name, else the code) in English,
    its CLDR name in other languages."""
    iso2, known = _names(ev).get(iso3, (None, iso3))
    return words.country(iso2, name or known)


def countries(ev: GroupEvidence, iso3: Sequence[str], limit: int = 6) -> dict[str, object]:
    """Countries listed: ``A, B, C and 4 more``."""
    members = _names(ev)
    found = [members.get(str(c), (None, str(c))) for c in iso3]
    return words.listing([words.country(iso2, name) for iso2, name in found], limit)


def indicator(ev: GroupEvidence, ident: str) -> dict[str, object]:
    """A framework indicator, named in the reader's language."""
    return words.named("indicator", ident, ev.framework.indicator(ident).name)
