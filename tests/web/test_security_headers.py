"""Security headers: the dashboard's pages, fragments, static files, downloads and error pages
carry a Content-Security-Policy without inline script, and are never framed or sniffed;
the browser enforces the policy."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from southsouth.api.problems import handle_unexpected_error
from southsouth.web.routes import mount_web
from southsouth.web.security import DASHBOARD_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "southsouth" / "web" / "templates"
EXPECTED = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
HTML = {"Accept": "text/html"}


def _security(response: httpx.Response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in EXPECTED}


@pytest.mark.parametrize(
    ("what", "path", "headers", "status", "media"),
    [
        ("page", "/en/", HTML, 200, "text/html"),
        ("fragment", "/en/?group=AU", {"X-Swap": "1"}, 200, "text/html"),
        ("static file", "/static/swap.js", {}, 200, "text/javascript"),
        ("stylesheet", "/static/web.css", {}, 200, "text/css"),
        ("download", "/en/map.csv?group=AU&pillar=health", {}, 200, "text/csv"),
        ("tracker page", "/en/tracker", HTML, 200, "text/html"),
        ("404 page", "/fr/country/XYZ", HTML, 404, "text/html"),
        ("422 page", "/en/?pillar=nope", HTML, 422, "text/html"),
        ("root redirect", "/", {"Accept-Language": "pt"}, 302, None),
    ],
)
def test_dashboard_responses_carry_the_security_headers(
    web_server, what, path, headers, status, media
):
    response = httpx.get(web_server + path, headers=headers)
    assert response.status_code == status, what
    if media is not None:
        assert response.headers["content-type"].startswith(media), what
    assert _security(response) == EXPECTED, what


def test_the_fragment_is_a_fragment(web_server):
    fragment = httpx.get(web_server + "/en/?group=AU", headers={"X-Swap": "1"})
    assert "<html" not in fragment.text and "<svg" in fragment.text


def test_api_responses_are_never_framed_nor_sniffed(web_server):
    for path, status in (("/countries/XYZ/profile", 404), ("/openapi.json", 200)):
        response = httpx.get(web_server + path)
        assert response.status_code == status
        assert _security(response) == {
            **EXPECTED,
            "content-security-policy": "frame-ancestors 'none'",
        }


def test_templates_carry_no_inline_script_style_or_handlers():
    found = {
        f"{path.name}: {needle}"
        for path in TEMPLATES.glob("*.j2")
        for needle in ("<script>", "<style", " style=", "javascript:", " onclick", " onload")
        if needle in path.read_text(encoding="utf-8")
    }
    assert found == set()
    assert "unsafe-inline" not in DASHBOARD_POLICY and "unsafe-eval" not in DASHBOARD_POLICY


def test_the_browser_enforces_the_policy(web_server, browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        response = page.goto(web_server + "/en/country/XYZ", wait_until="load")
        assert response is not None and response.status == 404
        assert errors == [
            "Failed to load resource: the server responded with a status of 404 (Not Found)"
        ]
        violated = page.evaluate(
            """() => new Promise((resolve) => {
                document.addEventListener("securitypolicyviolation",
                    (e) => resolve(e.effectiveDirective));
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.appendChild(script);
                setTimeout(() => resolve(null), 3000);
            })"""
        )
        assert violated == "script-src-elem"
        assert page.evaluate("window.injected === undefined") is True
        assert page.evaluate("typeof latest") == "number"  # /static/swap.js did run
    finally:
        context.close()


def test_a_500_page_carries_the_security_headers_too():
    app = FastAPI()
    app.add_exception_handler(Exception, handle_unexpected_error)

    @app.get("/en/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    mount_web(app)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/en/boom", headers=HTML)
        api = client.get("/en/boom")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "RuntimeError" in page.text
    assert _security(page) == EXPECTED
    assert api.status_code == 500 and api.headers["content-type"] == "application/problem+json"
    assert _security(api) == EXPECTED
