"""The methods page: the document with its contents, in English and Arabic chrome (HTTP only)."""

from __future__ import annotations

import httpx

from southsouth.language.catalogue import catalogue
from southsouth.methods import METHODS_PAGE, methods_document


def test_methods_page_in_english(web_server):
    response = httpx.get(web_server + METHODS_PAGE.format(lang="en"))
    assert response.status_code == 200
    page = response.text
    english = catalogue("en")
    assert '<html lang="en" dir="ltr">' in page
    assert f"<h1>{english['methods.title']}</h1>" in page
    assert f'<a href="/en/methods" aria-current="page">{english["nav.methods"]}</a>' in page
    assert english["methods.in_english"] not in page
    for section in methods_document().contents:
        assert f'id="{section.id}"' in page and f'href="#{section.id}"' in page
    assert '<article class="methods" lang="en" dir="ltr">' in page
    assert "STALE_AFTER_YEARS = 5" in page


def test_methods_page_in_arabic_says_the_document_is_english(web_server):
    response = httpx.get(web_server + METHODS_PAGE.format(lang="ar"))
    assert response.status_code == 200
    page = response.text
    arabic = catalogue("ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert f"<h1>{arabic['methods.title']}</h1>" in page
    assert f'<a href="/ar/methods" aria-current="page">{arabic["nav.methods"]}</a>' in page
    assert f'<h2 id="methods-contents">{arabic["methods.contents"]}</h2>' in page
    notice = page.index(arabic["methods.in_english"])
    assert notice < page.index('<article class="methods" lang="en" dir="ltr">')
    assert f'<a href="/ar/data">{arabic["nav.data"]}</a>' in page
    assert httpx.get(web_server + "/de/methods").status_code == 404


def test_every_page_links_to_the_methods(web_server):
    page = httpx.get(web_server + "/fr/data").text
    assert f'<a href="/fr/methods">{catalogue("fr")["nav.methods"]}</a>' in page
