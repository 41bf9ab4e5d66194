"""The product's own words exist in every language: pillars, indicators, units, initiatives,
forums and groups, each list computed from the code and data that define them."""

from __future__ import annotations

import ast
import csv
import json
import string
from importlib import resources
from pathlib import Path

import pytest

from southsouth.indicators.framework import load_framework
from southsouth.language import content as words
from southsouth.language.catalogue import LANGUAGES, Translator, catalogue
from southsouth.language.content import group_name, indicator_name, light, pillar_name, trend
from southsouth.registry.blocs import bloc_specs
from southsouth.registry.groups import DEFINITIONS
from southsouth.roadmap.catalogue.integration import DEEPENING
from southsouth.roadmap.catalogue.knowledge import GCI_CAVEAT
from southsouth.roadmap.catalogue.religion import PEW_CAVEAT
from southsouth.roadmap.references import ABSOLUTE

LOCALES = resources.files("southsouth.language") / "locales"
AREAS = ("content", "rationales")
CATALOGUE = Path(str(resources.files("southsouth.roadmap.catalogue")))
FORUMS = resources.files("southsouth.roadmap.data") / "forums.csv"
#: Words written as in English: an acronym used in every language, a colour French shares.
SAME_AS_ENGLISH = frozenset({"BRICS", "orange"})


def area(lang: str, name: str) -> dict[str, str]:
    """One area file of one language."""
    return json.loads((LOCALES / lang / f"{name}.json").read_text(encoding="utf-8"))


def catalogue_ids() -> set[str]:
    """Every initiative id the catalogue's source proposes or skips (``id="…"`` keywords and the
    first argument of ``skip``/``needed``), and the phase-3 steps."""
    ids = {step.id for step in DEEPENING}
    for path in CATALOGUE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "id" and isinstance(keyword.value, ast.Constant):
                    ids.add(str(keyword.value.value))
            name = getattr(node.func, "attr", "")
            if name in ("skip", "needed") and node.args and isinstance(node.args[0], ast.Constant):
                ids.add(str(node.args[0].value))
    return ids


def expected_keys() -> set[str]:
    """The keys the code and data call for."""
    framework = load_framework()
    keys = {f"pillar.{p.id}" for p in framework.pillars}
    keys |= {f"pillar.{p.id}.description" for p in framework.pillars}
    keys |= {f"indicator.{i.id}" for i in framework.entries}
    keys |= {f"unit.{i.unit}" for i in framework.entries}
    keys |= {f"unit.{unit}" for _, unit in ABSOLUTE.values()}
    keys |= {f"initiative.{i}" for i in catalogue_ids()}
    with FORUMS.open(encoding="utf-8") as handle:
        keys |= {f"forum.{row['forum_id']}" for row in csv.DictReader(handle)}
    keys |= {f"group.{g}" for g in DEFINITIONS}
    keys |= {f"group.{b.bloc_id}" for b in bloc_specs()}
    keys |= {f"light.{v}" for v in ("green", "yellow", "orange", "red", "none")}
    keys |= {f"trend.{v}" for v in ("on_track", "moderately_improving", "stagnating")}
    keys |= {f"trend.{v}" for v in ("decreasing", "insufficient_data")}
    return keys


def fields(text: str) -> set[str]:
    """The ``{placeholders}`` of a message (format specs left out)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def words_around(text: str) -> str:
    """A message without its placeholders."""
    return "".join(literal for literal, *_ in string.Formatter().parse(text))


def test_the_catalogue_lists_its_initiatives() -> None:
    ids = catalogue_ids()
    assert {"research-consortia", "pharma-hubs", "territorial-claims-mechanism"} <= ids
    assert "security-framework-review" in ids and len(ids) >= 24


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_word_the_code_calls_for_is_in_every_language(lang: str) -> None:
    words = area(lang, "content")
    missing = sorted(expected_keys() - set(words))
    assert not missing, f"{lang}/content.json lacks {missing}"
    assert all(text.strip() for text in words.values())


def test_no_stale_words() -> None:
    """Every initiative, forum and group word names something the code or data still has."""
    expected = expected_keys()
    listed = {k for k in area("en", "content") if k.split(".")[0] in ("forum", "group")}
    listed |= {
        k
        for k in area("en", "content")
        if k.startswith("initiative.") and not k.endswith(".titled")
    }
    assert listed <= expected


def test_english_words_are_the_framework_s_own() -> None:
    framework, t = load_framework(), Translator("en")
    for pillar in framework.pillars:
        assert pillar_name(t, pillar.id, "") == pillar.name
        assert t(f"pillar.{pillar.id}.description") == pillar.description
    for item in framework.entries:
        assert indicator_name(t, item.id, "") == item.name
        assert t(f"unit.{item.unit}") == item.unit
    for bloc in bloc_specs():
        assert group_name(t, bloc.bloc_id, "") == bloc.name
    for ident, definition in DEFINITIONS.items():
        assert group_name(t, ident, "") == definition.name
    with FORUMS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert t(f"forum.{row['forum_id']}") == row["name"]


def test_lights_and_trends_read_in_each_language() -> None:
    assert light(Translator("fr"), "red") == "défis majeurs"
    assert trend(Translator("es"), "on_track") == "en camino"
    assert trend(Translator("ar"), "stagnating") == catalogue("ar")["trend.stagnating"]
    assert trend(Translator("ar"), "stagnating") != trend(Translator("en"), "stagnating")


@pytest.mark.parametrize("name", AREAS)
def test_same_keys_and_placeholders_in_every_language(name: str) -> None:
    english = area("en", name)
    for lang in LANGUAGES:
        words = area(lang, name)
        assert set(words) == set(english), lang
        for key, text in english.items():
            assert fields(words[key]) == fields(text), f"{lang} {key}"


@pytest.mark.parametrize("name", AREAS)
def test_translations_are_not_english_copies(name: str) -> None:
    english = area("en", name)
    for lang in LANGUAGES:
        if lang == "en":
            continue
        copied = [
            key
            for key, text in area(lang, name).items()
            if text == english[key]
            and text not in SAME_AS_ENGLISH
            and any(c.isalpha() for c in words_around(text))
        ]
        assert not copied, f"{lang}/{name}.json copies English: {copied}"


def test_a_rationale_renders_in_each_language() -> None:
    gap = words.phrase(
        "rationale.need.red",
        red=40,
        measured=133,
        bound=words.phrase("rationale.bound.above", amount=words.figure(20.0)),
        people=words.head_count(878.3e6),
    )
    wording = [
        ["rationale.rd-investment.2", {"n": 1234, "bound": "x", "people": words.head_count(2.5e9)}],
        ["rationale.provisional", {"reason": gap}],
        [
            "rationale.research-consortia.1",
            {
                "group": words.named("group", "AU", "African Union"),
                "line": words.listing(list("ABCDEFGH")),
            },
        ],
    ]
    english = words.rationale(Translator("en"), wording, "")
    assert "(x of GDP, 2.5 billion people)" in english and "1234 members" in english
    assert "40 of 133 members with data are red (above 20), 878.3 million people" in english
    assert english.endswith("within African Union: A, B, C, D, E, F and 2 more.")
    french = words.rationale(Translator("fr"), wording, english)
    assert "2,5 milliards" in french and "878,3 millions" in french
    assert "(Union africaine) : A, B, C, D, E, F et 2 autres." in french
    assert "population : 2,5 milliards" in french
    spanish = words.rationale(Translator("es"), wording, english)
    assert "Unión Africana" in spanish and "2,5 mil millones" in spanish
    arabic = words.rationale(Translator("ar"), wording, english)
    assert "الاتحاد الأفريقي" in arabic and "A، B، C" in arabic
    assert words.rationale(Translator("pt"), [], "as written") == "as written"
    # A rationale a user's initiatives file overrode is shown as written, in every language.
    assert words.rationale(Translator("fr"), wording, "Our own reason.") == "Our own reason."


def test_numbers_take_the_language_s_separators() -> None:
    wording = [
        [
            "rationale.direct-air-links.1",
            {"missing": 12345, "pairs": 1485, "group": "G", "year": 2026, "ranked": "R"},
        ]
    ]
    assert words.rationale(Translator("en"), wording, "").startswith("12,345 of 1,485")
    assert words.rationale(Translator("fr"), wording, "").startswith("12\u202f345 des 1\u202f485")
    assert words.rationale(Translator("pt"), wording, "").startswith("12.345 de 1.485")
    assert "2026" in words.rationale(Translator("es"), wording, "")


def test_a_title_built_with_values() -> None:
    values = {"shortfall": words.head_count(1.23e6)}
    english = words.initiative_title(Translator("en"), "health-workforce-compact", "", values)
    assert english == "Health-workforce training compact: close the 1.2 million shortfall"
    french = words.initiative_title(Translator("fr"), "health-workforce-compact", english, values)
    assert (
        french == "Pacte de formation des personnels de santé : combler le déficit de 1,2 million"
    )
    fixed = words.initiative_title(
        Translator("es"), "health-workforce-compact", "Health-workforce training compact"
    )
    assert fixed == "Pacto de formación del personal sanitario"
    assert words.initiative_title(Translator("fr"), "my-own", "My own") == "My own"
    # A catalogue initiative whose title a user's file overrode keeps that title.
    overridden = words.initiative_title(Translator("fr"), "health-workforce-compact", "Ours")
    assert overridden == "Ours"


def sentence_keys() -> tuple[set[str], set[str]]:
    """The ``rationale.*`` keys the catalogue names (``say``/``part``): whole keys, and the
    prefixes of keys it builds with values (``f"bound.{side}"``)."""
    whole, prefixes = set(), set()
    for path in CATALOGUE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(getattr(node, "func", None), "id", "")
            if not isinstance(node, ast.Call) or name not in ("say", "part") or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant):
                whole.add(f"rationale.{first.value}")
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(f"rationale.{first.values[0].value}")
            elif isinstance(first, ast.IfExp):
                whole |= {f"rationale.{b.value}" for b in (first.body, first.orelse)}  # type: ignore[attr-defined]
    return whole, prefixes


def test_every_sentence_the_catalogue_says_has_words() -> None:
    whole, prefixes = sentence_keys()
    english = area("en", "rationales")
    assert len(whole) > 80 and "rationale.bound." in prefixes
    assert sorted(whole - set(english)) == []
    unused = [
        key
        for key in english
        if key.startswith("rationale.")
        and key not in whole
        and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_caveats_read_as_the_catalogue_states_them() -> None:
    t = Translator("en")
    assert t("rationale.caveat.gci") == GCI_CAVEAT
    assert t("rationale.caveat.pew") == PEW_CAVEAT
