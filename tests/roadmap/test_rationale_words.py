"""Initiative rationales and titles from their wording: English as the catalogue writes it,
and every other language rendered from the roadmap's JSON."""

from __future__ import annotations

import json
import re

from southsouth.language.catalogue import LANGUAGES, Translator
from southsouth.language.content import initiative_title, rationale

#: Initiatives whose every sentence is the catalogue's own (no text from another module).
OWN_WORDS = ("standby-capacity", "regional-economic-plan", "intelligence-sharing-protocol")


def _initiatives(roadmap) -> list[dict]:
    """The plan's initiatives as JSON readers see them."""
    plan = json.loads(json.dumps(roadmap.as_dict()))["plan"]
    return [*plan["initiatives"], *plan["unscheduled"]]


def test_english_rendering_is_the_rationale(au_roadmap):
    initiatives = _initiatives(au_roadmap)
    assert len(initiatives) >= 20
    english = Translator("en")
    for item in initiatives:
        assert item["wording"], item["id"]
        assert rationale(english, item["wording"], "") == item["rationale"], item["id"]
        title = initiative_title(english, item["id"], item["title"], item["title_values"])
        assert title == item["title"], item["id"]


def test_every_language_renders_every_rationale(au_roadmap):
    initiatives = _initiatives(au_roadmap)
    for lang in LANGUAGES:
        if lang == "en":
            continue
        t = Translator(lang)
        for item in initiatives:
            text = rationale(t, item["wording"], item["rationale"])
            assert text != item["rationale"] and not re.search(r"[{}]", text), (lang, item["id"])
            title = initiative_title(t, item["id"], item["title"], item["title_values"])
            assert title != item["title"], (lang, item["id"])
        own = {i["id"]: rationale(t, i["wording"], "") for i in initiatives if i["id"] in OWN_WORDS}
        assert set(own) == set(OWN_WORDS)
        for text in own.values():
            assert not re.search(r"\b(the|and|of|members)\b", text), (lang, text)
    french = {i["id"]: rationale(Translator("fr"), i["wording"], "") for i in initiatives}
    assert "(Union africaine)" in french["regional-economic-plan"]
    assert "par million d'habitants" in french["standby-capacity"]
    arabic = rationale(Translator("ar"), _by_id(initiatives)["standby-capacity"]["wording"], "")
    assert "الاتحاد الأفريقي" in arabic and "،" in arabic


def _by_id(initiatives: list[dict]) -> dict[str, dict]:
    return {i["id"]: i for i in initiatives}
