"""Pages in five languages in substance: pillar, indicator, group and country names from the
catalogues and CLDR, error pages, charts drawn per language, and unprefixed page paths sent
to the browser's language (never shadowing the API, never off the site)."""

from __future__ import annotations

import re

import httpx
import pytest
from markupsafe import escape

from southsouth.indicators.framework import load_framework
from southsouth.language.catalogue import LANGUAGES, catalogue
from southsouth.language.names import country_name
from southsouth.web.routes import PAGE_ROUTERS
from southsouth.web.routes.unprefixed import MAX_PATH, target

HTML = {"Accept": "text/html"}
#: Something that looks like a message key (``country.lead``, ``gaps.health.title``).
KEY_LIKE = re.compile(r"\b[a-z_]+(?:\.[a-z0-9_-]+)+\b")
PAGE_ROUTES = [route for router in PAGE_ROUTERS for route in router.routes]


def visible_text(html: str) -> str:
    """The text of a page's ``<main>`` (tags, scripts and inline SVG left out)."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


def shows_no_key(html: str, lang: str) -> None:
    """No visible text of the page is a message key of the catalogue."""
    keys = set(catalogue(lang))
    leaked = {word for word in KEY_LIKE.findall(visible_text(html)) if word in keys}
    assert leaked == set(), f"{lang}: keys shown as text: {sorted(leaked)}"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_country_page_speaks_the_language(web_server, lang):
    response = httpx.get(f"{web_server}/{lang}/country/NGA", headers=HTML, timeout=60)
    assert response.status_code == 200
    html, words = response.text, catalogue(lang)
    for pillar in load_framework().pillars:
        assert f"<h2>{escape(words[f'pillar.{pillar.id}'])}</h2>" in html, (lang, pillar.id)
    for indicator in ("internet_users", "military_burden", "health_worker_density"):
        row = re.search(
            rf'id="indicator-{indicator}".*?<th scope="row">(.*?)(?:<br>|</th>)', html, re.S
        )
        assert row is not None and row.group(1) == escape(words[f"indicator.{indicator}"])
    name = country_name("NG", lang, "Nigeria")
    assert f"<h1>{escape(name)} " in html
    if lang != "en":
        assert "Scientific autonomy" not in visible_text(html)
    shows_no_key(html, lang)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_gaps_section_names_pillars_indicators_and_groups_in_the_language(web_server, lang):
    response = httpx.get(f"{web_server}/{lang}/gaps/cyber", headers=HTML, timeout=120)
    assert response.status_code == 200
    html, words = response.text, catalogue(lang)
    found = re.findall(r'data-indicator="([a-z_]+)">(.*?)</span> \((.*?)\)', html)
    measures = {indicator: (name, pillar) for indicator, name, pillar in found}
    assert measures["cybersecurity_commitment"] == (
        escape(words["indicator.cybersecurity_commitment"]),
        escape(words["pillar.technology"]),
    )
    assert measures["cyber_legal"][1] == escape(words["pillar.security_integrated"])
    assert f'<th scope="row">{escape(words["group.g77"])}</th>' in html
    assert f"<td>{escape(words['gaps.cyber.rest'])}</td>" in html
    shows_no_key(html, lang)


def test_gaps_page_names_groups_and_ratings_in_arabic(web_server):
    response = httpx.get(f"{web_server}/ar/gaps", headers=HTML, timeout=120)
    html, words = response.text, catalogue("ar")
    assert response.status_code == 200
    assert f'<th scope="row">{escape(words["group.WHO-AFRO"])}</th>' in html
    assert f'<th scope="col">{escape(words["gaps.civic.rating.closed"])}</th>' in html
    assert escape(words["indicator.health_worker_density"]) in html
    shows_no_key(html, "ar")


@pytest.mark.parametrize("path", ["", "compare", "country", "data", "tracker"])
def test_arabic_pages_show_no_message_keys(web_server, path):
    response = httpx.get(f"{web_server}/ar/{path}", headers=HTML, timeout=120)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    shows_no_key(response.text, "ar")


def test_charts_are_drawn_in_the_page_language(web_server):
    french = httpx.get(f"{web_server}/fr/country/NGA/profile.svg", timeout=60).text
    english = httpx.get(f"{web_server}/en/country/NGA/profile.svg", timeout=60).text
    assert catalogue("fr")["pillar.science"] in french
    assert catalogue("en")["pillar.science"] in english
    assert catalogue("fr")["pillar.science"] not in english
    assert catalogue("fr")["country.chart_score"] in french


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_unknown_country_page_is_in_the_language(web_server, lang):
    response = httpx.get(f"{web_server}/{lang}/country/XYZ", headers=HTML)
    assert response.status_code == 404
    html = response.text
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert f"<h1>{escape(catalogue(lang)['error.status.404'])} " in html
    # The detail southsouth wrote is kept, isolated from the page's direction.
    assert re.search(r'<p class="error" role="alert"><bdi>[^<]*XYZ[^<]*</bdi></p>', html)
    assert escape(catalogue(lang)["error.home"]) in html


@pytest.mark.parametrize(
    ("path", "accept", "location"),
    [
        ("/country/NGA", "fr-CH,fr;q=0.9", "/fr/country/NGA"),
        ("/gaps?region=afro&horizon=2035", "ar", "/ar/gaps?region=afro&horizon=2035"),
        ("/roadmap?group=AU", "pt-BR", "/pt/roadmap?group=AU"),
        (
            "/country/KEN/profile.csv?year=2020",
            "es;q=0.8,de",
            "/es/country/KEN/profile.csv?year=2020",
        ),
        ("/tracker", "", "/en/tracker"),
        (
            "/gaps?x=%3Cscript%3Ealert(1)%3C/script%3E",
            "en",
            "/en/gaps?x=%3Cscript%3Ealert%281%29%3C%2Fscript%3E",
        ),
    ],
)
def test_unprefixed_page_paths_redirect_to_the_browser_language(web_server, path, accept, location):
    response = httpx.get(web_server + path, headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["location"] == location
    assert "Accept-Language" in response.headers["vary"]
    assert "<script>" not in response.text


def test_api_paths_are_not_shadowed(web_server):
    for path in ("/compare?group=AU", "/countries/NGA/profile", "/gaps/civic-space?group=AU"):
        response = httpx.get(web_server + path, headers={"Accept-Language": "fr"}, timeout=60)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("application/json"), path
    missing = httpx.get(web_server + "/countries/XYZ/profile", headers={"Accept-Language": "fr"})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example",
        "//evil.example/country/NGA",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "/\\evil.example/gaps",
        "/de/country/NGA",
        "/nothing-here",
    ],
)
def test_hostile_unprefixed_paths_stay_on_the_site(web_server, path):
    response = httpx.get(web_server + path, headers={"Accept-Language": "fr"})
    location = response.headers.get("location")
    assert location is None or location.startswith(("/fr/", web_server + "/")), location


def test_redirect_target_is_rebuilt_and_bounded():
    def where(path: str, query: str = "") -> str | None:
        return target(path, query, "ar", PAGE_ROUTES, [])

    assert where("/country/NGA") == "/ar/country/NGA"
    assert where("/compare", "group=AU&group=SADC") == "/ar/compare?group=AU&group=SADC"
    assert where("/country/NGA", "a=%0d%0aSet-Cookie:x") == "/ar/country/NGA?a=%0D%0ASet-Cookie%3Ax"
    for refused in (
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "/country/N\nGA",
        "/en/country/NGA",
        "/static/web.css",
        "/country/" + "A" * MAX_PATH,
        "/not-a-page",
        "",
    ):
        assert where(refused) is None, refused
    assert where("/gaps", "q=" + "x" * 5000) is None
