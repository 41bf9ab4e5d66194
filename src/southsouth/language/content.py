"""The product's own words in each language: pillars, indicators, units, lights, trends,
initiatives, forums and groups.

Every function takes the English text the data carries as ``default``: a user's framework
or initiatives file may name things no catalogue knows, and they are shown as written.
Catalogue keys: ``pillar.<id>``, ``pillar.<id>.description``, ``indicator.<id>``,
``unit.<English unit>``, ``light.<light>``, ``trend.<trend>``, ``initiative.<id>`` (and
``initiative.<id>.titled`` for a title built with values), ``forum.<forum id>``,
``group.<group or bloc id>``; rationales' sentences are ``rationale.*`` and the listing words
``list.*`` (area ``rationales``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from southsouth.language import numbers
from southsouth.language.catalogue import Translator


def pillar_name(t: Translator, pillar: str, default: str) -> str:
    """A pillar's name."""
    return t.get(f"pillar.{pillar}", default)


def pillar_description(t: Translator, pillar: str, default: str) -> str:
    """What a pillar covers, in one sentence."""
    return t.get(f"pillar.{pillar}.description", default)


def indicator_name(t: Translator, indicator: str, default: str) -> str:
    """An indicator's short name."""
    return t.get(f"indicator.{indicator}", default)


def unit(t: Translator, text: str | None) -> str:
    """A unit as written in the framework (``% of GDP``, ``per 1,000 people``)."""
    return t.get(f"unit.{text}", text) if text else ""


def light(t: Translator, value: str | None) -> str:
    """A traffic light in words (``red`` → major challenge)."""
    return t.get(f"light.{value}", str(value).replace("_", " ")) if value else ""


def trend(t: Translator, value: str | None) -> str:
    """A trend in words (``on_track`` → on track)."""
    return t.get(f"trend.{value}", str(value).replace("_", " ")) if value else ""


def initiative_title(
    t: Translator, initiative: str, default: str, values: Mapping[str, object] | None = None
) -> str:
    """An initiative's title in ``t``'s language. A title built with values (the shortfall a
    compact closes) takes them as ``values`` (the initiative's ``title_values``). ``default``
    (the English title the plan carries) is kept as it is when the catalogue's English words
    do not give it: a user's own or overridden title, or values the caller did not pass (an
    empty ``default`` is not checked)."""
    if default and _title(Translator("en"), initiative, "", values) != default:
        return default
    return _title(t, initiative, default, values)


def _title(
    t: Translator, initiative: str, default: str, values: Mapping[str, object] | None
) -> str:
    title = t.get(f"initiative.{initiative}", default)
    if values and t.get(f"initiative.{initiative}.titled", ""):
        return sentence(t, f"initiative.{initiative}.titled", {"title": title, **values})
    return title


def forum_name(t: Translator, forum: str, default: str) -> str:
    """A forum's name."""
    return t.get(f"forum.{forum}", default)


def group_name(t: Translator, group: str, default: str) -> str:
    """A Global South definition's or a bloc's name."""
    return t.get(f"group.{group}", default)


# Sentences with values: an initiative's rationale, in any language.
#
# A rationale is a sequence of sentences, each a message key and its values; the values are
# JSON-ready so that they travel with the roadmap's JSON. A value is a string (shown as it is),
# a number (``{share:.1f}`` formats it with the language's separators) or one of the mappings
# the constructors below make: a nested phrase, a head-count, a figure, a country, a named
# indicator or group, a listing, a joined series.

Values = Mapping[str, object]
#: Sentences as message keys and values.
Wording = Sequence[Sequence[object]]


def phrase(key: str, **values: object) -> dict[str, object]:
    """A message nested in a sentence."""
    return {"phrase": key, "values": values}


def head_count(n: float) -> dict[str, object]:
    """A number of people (or workers): ``1.2 million``, ``120,000``."""
    return {"people": float(n)}


def figure(value: float) -> dict[str, object]:
    """A figure for sentences: three significant digits, millions and billions in words."""
    return {"figure": float(value)}


def country(iso2: str | None, name: str) -> dict[str, object]:
    """A country: its CLDR name in the language, ``name`` (the registry's) in English."""
    return {"country": iso2 or None, "name": name}


def named(kind: str, ident: str, name: str) -> dict[str, object]:
    """An indicator, pillar or group by id (``kind`` is the catalogue prefix), ``name`` in
    English and where no catalogue has it."""
    return {"named": f"{kind}.{ident}", "name": name}


def listing(items: Sequence[object], limit: int = 6) -> dict[str, object]:
    """``A, B, C and 4 more``."""
    return {"list": list(items), "limit": int(limit)}


def joined(items: Sequence[object]) -> dict[str, object]:
    """Clauses joined by semicolons."""
    return {"join": list(items)}


class _Number:
    """A number that formats with the language's decimal and group signs."""

    def __init__(self, value: float, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        return numbers.in_language(format(self.value, spec), self.lang)

    def __str__(self) -> str:
        return format(self, "")


def _people(t: Translator, n: float) -> str:
    if t.lang == "en":
        return numbers.people(n)
    from babel.numbers import format_compact_decimal

    if abs(n) >= 1e6:
        scale = 1e9 if abs(n) >= 1e9 else 1e6
        rounded = round(n / scale, 1) * scale
        return format_compact_decimal(rounded, format_type="long", locale=t.lang, fraction_digits=1)
    return format(_Number(round(n), t.lang), ",.0f")


def _figure(t: Translator, value: float) -> str:
    if t.lang == "en":
        return numbers.figure(value)
    return numbers.format_figure(value, t.lang)


def _series(t: Translator, items: list[str], limit: int) -> str:
    shown = items[:limit]
    rest = len(items) - len(shown)
    sep = t("list.comma")
    if rest > 0:
        more = "list.more.one" if rest == 1 else "list.more"
        return t(more, items=sep.join(shown), rest=_Number(rest, t.lang))
    if len(shown) > 1:
        return t("list.and", items=sep.join(shown[:-1]), last=shown[-1])
    return "".join(shown)


def render(t: Translator, value: object) -> object:
    """One value of a sentence in ``t``'s language (numbers stay numbers to format)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return _Number(value, t.lang)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if "phrase" in value:
            return sentence(t, str(value["phrase"]), value.get("values") or {})
        if "people" in value:
            return _people(t, float(value["people"]))
        if "figure" in value:
            return _figure(t, float(value["figure"]))
        if "country" in value:
            if t.lang == "en":
                return str(value["name"])
            from southsouth.language.names import country_name

            return country_name(value["country"], t.lang, str(value["name"]))
        if "named" in value:
            name = str(value["name"])
            return name if t.lang == "en" else t.get(str(value["named"]), name)
        if "list" in value:
            items = [str(render(t, v)) for v in value["list"]]  # type: ignore[attr-defined]
            return _series(t, items, int(value.get("limit", 6)))  # type: ignore[arg-type]
        if "join" in value:
            parts = [str(render(t, v)) for v in value["join"]]  # type: ignore[attr-defined]
            return t("list.join").join(parts)
    raise TypeError(f"cannot put {value!r} in a sentence")


def sentence(t: Translator, key: str, values: Values) -> str:
    """The message ``key`` with its values rendered in ``t``'s language."""
    text = t(key)
    if not values:
        return text
    return text.format(**{name: render(t, v) for name, v in values.items()})


def rationale(t: Translator, wording: Wording, english: str) -> str:
    """An initiative's rationale in ``t``'s language from its sentences (``(key, values)``
    pairs, joined by spaces); ``english`` as it is when it has none or they do not give it
    (a user's own or overridden rationale; an empty ``english`` is not checked)."""
    if not wording or (english and _sentences(Translator("en"), wording) != english):
        return english
    return _sentences(t, wording)


def _sentences(t: Translator, wording: Wording) -> str:
    return " ".join(sentence(t, str(key), values) for key, values in wording)  # type: ignore[misc]
