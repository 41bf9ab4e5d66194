"""The tracker page: what the public, a viewer and editors see and may do; compliance figures.

Each test seeds its own forum (through the API with the admin token), so the compliance
figures below are hand-computed from the seed alone. The seed, for forum F:

* commitment ``health`` (published): actors KEN, NGA, ZAF;
  assessments KEN +1, NGA 0 (published, interim)
* commitment ``trade`` (published): actors KEN, GHA; assessment KEN −1 (published, interim)
* commitment ``draft`` (draft): actor KEN — hidden from the public

Published compliance of F: scores 1, 0, −1 → mean 0 → 50.0 %, 3 of 5 actor × commitment pairs;
health (1 + 0) / 2 = 0.5 → 75.0 % (2 of 3); economy −1 → 0.0 % (1 of 2); KEN (1 − 1) / 2 = 0
→ 50.0 %; NGA 0 → 50.0 %.

Signing in opens a server-side session: the cookie holds the session's secret, never the
token; signing out (or revoking the token) ends it, and a replayed cookie then counts for nothing.
"""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Callable

import httpx
import openpyxl
import pytest
from page_visits import SCREENSHOTS, visit

from southsouth.language.catalogue import catalogue
from southsouth.tracker import local_admin, open_tracker
from southsouth.tracker.sessions import LIFETIME
from southsouth.web.routes.tracker import COOKIE, LEGACY_COOKIE


@pytest.fixture
def seed(web_server, web_server_tokens) -> Callable[[], dict[str, str]]:
    """Make a fresh AU forum with the commitments and assessments above; returns their ids."""
    admin = {"Authorization": f"Bearer {web_server_tokens['admin']}"}

    def post(kind: str, body: dict) -> None:
        response = httpx.post(f"{web_server}/tracker/{kind}", json=body, headers=admin)
        assert response.status_code == 201, response.text

    def make() -> dict[str, str]:
        tag = uuid.uuid4().hex[:10]
        ids = {k: f"web-{k}-{tag}" for k in ("forum", "health", "trade", "draft")}
        post(
            "forums",
            {
                "id": ids["forum"],
                "kind": "summit",
                "name": f"AU Assembly test {tag}",
                "bloc_id": "AU",
                "start_date": "2026-02-14",
                "end_date": "2026-02-15",
            },
        )
        for key, pillar, actors, status in (
            ("health", "health", ["KEN", "NGA", "ZAF"], "published"),
            ("trade", "economy", ["KEN", "GHA"], "published"),
            ("draft", "science", ["KEN"], "draft"),
        ):
            post(
                "commitments",
                {
                    "id": ids[key],
                    "forum_id": ids["forum"],
                    "text": f"Test commitment {key} {tag}",
                    "pillar": pillar,
                    "actors": actors,
                    "status": status,
                },
            )
        for commitment, actor, score in (
            ("health", "KEN", 1),
            ("health", "NGA", 0),
            ("trade", "KEN", -1),
        ):
            post(
                "assessments",
                {
                    "commitment_id": ids[commitment],
                    "actor": actor,
                    "period": "interim",
                    "score": score,
                    "grade": "A",
                    "assessor": "test",
                    "status": "published",
                },
            )
        return ids

    return make


def _session(web_server: str, token: str) -> str:
    """Sign in with ``token`` over HTTP; the session secret the cookie was set to."""
    response = httpx.post(f"{web_server}/en/tracker/sign-in", data={"token": token})
    assert response.status_code == 303, response.text
    return response.cookies[COOKIE]


def _cookie(web_server: str, token: str) -> list[dict[str, str]]:
    return [{"name": COOKIE, "value": _session(web_server, token), "url": web_server}]


def _figures(page, table: str) -> dict[str, tuple[str, str, str]]:
    """key → (compliance %, n, expected) of a compliance table."""
    rows = page.locator(f"#compliance-{table} tbody tr")
    return {
        r.get_attribute("data-key"): (
            r.get_attribute("data-pct"),
            r.get_attribute("data-n"),
            r.get_attribute("data-expected"),
        )
        for r in rows.all()
    }


def test_public_sees_published_records_and_no_edit_controls(web_server, browser, seed):
    ids = seed()
    shown = visit(browser, f"{web_server}/en/tracker?forum={ids['forum']}", "tracker-public-en")
    page = shown.page
    try:
        assert page.locator("form[data-edit], #assessment-submit, #commitment-submit").count() == 0
        assert page.locator("#sign-in #token").count() == 1
        assert page.locator(f"#commitment-{ids['health']}").count() == 1
        assert page.locator(f"#commitment-{ids['draft']}").count() == 0
        overall = page.locator("#overall")
        assert (overall.get_attribute("data-pct"), overall.get_attribute("data-n")) == ("50.0", "3")
        assert overall.get_attribute("data-expected") == "5"
        assert _figures(page, "pillar") == {
            "health": ("75.0", "2", "3"),
            "economy": ("0.0", "1", "2"),
        }
        assert _figures(page, "actor") == {"KEN": ("50.0", "2", "2"), "NGA": ("50.0", "1", "1")}
        assert _figures(page, "forum") == {ids["forum"]: ("50.0", "3", "5")}
    finally:
        shown.close()


def test_viewer_sees_drafts_but_no_edit_controls(web_server, browser, web_server_tokens, seed):
    ids = seed()
    shown = visit(
        browser,
        f"{web_server}/en/tracker?forum={ids['forum']}&view=all",
        "tracker-viewer-en",
        cookies=_cookie(web_server, web_server_tokens["viewer"]),
    )
    page = shown.page
    try:
        assert page.locator("#signed-in").get_attribute("data-role") == "viewer"
        assert page.locator(f"#commitment-{ids['draft']}").count() == 1
        assert page.locator("form[data-edit]").count() == 0
        assert page.locator("textarea, input[name=score], select[name=score]").count() == 0
        assert page.locator("#sign-out").count() == 1
    finally:
        shown.close()


def test_editor_records_an_assessment_and_compliance_changes(
    web_server, browser, web_server_tokens, seed
):
    ids = seed()
    shown = visit(browser, f"{web_server}/en/tracker?forum={ids['forum']}", "tracker-signin-en")
    page = shown.page
    try:
        page.fill("#token", web_server_tokens["editor"])
        with page.expect_navigation():
            page.click("#sign-in button[type=submit]")
        assert page.locator("#signed-in").get_attribute("data-role") == "editor"
        cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert cookie["value"].startswith("ssw_") and "sst_" not in cookie["value"]
        assert web_server_tokens["editor"] not in cookie["value"]
        assert 0 < cookie["expires"] - time.time() <= LIFETIME.total_seconds()
        assert page.locator("#overall").get_attribute("data-pct") == "50.0"

        # ZAF fully complied with the health commitment (+1, published).
        page.select_option("#assessment-commitment", ids["health"])
        page.fill("#assessment-actor", "ZAF")
        page.select_option("#assessment-period", "interim")
        page.select_option("#assessment-score", "1")
        page.select_option("#assessment-grade", "B")
        page.fill("#assessment-assessor", "Dashboard test")
        page.fill("#assessment-evidence", "https://au.int/")
        page.select_option("#assessment-status", "published")
        with page.expect_navigation():
            page.click("#assessment-submit")
        assert "notice=assessment" in page.url
        assert page.locator(".notice").count() == 1
        page.screenshot(path=_shot("tracker-editor-recorded-en"), full_page=True)

        # Scores 1, 0, −1, +1: mean 0.25 → 62.5 %, 4 of 5 pairs; health (1 + 0 + 1) / 3 → 83.3 %.
        overall = page.locator("#overall")
        assert (overall.get_attribute("data-pct"), overall.get_attribute("data-n")) == ("62.5", "4")
        assert _figures(page, "pillar") == {
            "health": ("83.3", "3", "3"),
            "economy": ("0.0", "1", "2"),
        }
        assert _figures(page, "actor")["ZAF"] == ("100.0", "1", "1")
        assert _figures(page, "forum") == {ids["forum"]: ("62.5", "4", "5")}
    finally:
        shown.close()


def test_scoped_editor_is_refused_with_a_clear_message(
    web_server, browser, web_server_tokens, seed
):
    ids = seed()
    context = browser.new_context()
    context.add_cookies(_cookie(web_server, web_server_tokens["editor_asean"]))
    page = context.new_page()
    try:
        page.goto(f"{web_server}/en/tracker?forum={ids['forum']}")
        page.select_option("#assessment-commitment", ids["health"])
        page.fill("#assessment-actor", "ZAF")
        page.fill("#assessment-assessor", "ASEAN editor")
        page.select_option("#assessment-status", "published")
        with page.expect_navigation() as navigation:
            page.click("#assessment-submit")
        assert navigation.value.status == 403
        refused = page.locator("#refused")
        assert refused.get_attribute("data-code") == "permission-denied"
        assert catalogue("en")["tracker.error.permission-denied"] in refused.inner_text()
        assert "outside this token's scope (ASEAN)" in refused.inner_text()
        # Nothing changed: the figures are still the seed's, and the form kept its values.
        assert page.locator("#overall").get_attribute("data-pct") == "50.0"
        assert page.locator("#assessment-assessor").input_value() == "ASEAN editor"
        page.screenshot(path=_shot("tracker-refused-en"), full_page=True)
    finally:
        context.close()


def test_arabic_tracker_is_right_to_left(web_server, browser):
    shown = visit(browser, f"{web_server}/ar/tracker", "tracker-ar")
    try:
        assert shown.page.locator("html").get_attribute("dir") == "rtl"
        assert shown.page.locator("h1").inner_text() == catalogue("ar")["tracker.title"]
    finally:
        shown.close()


def test_sign_in_and_forms_refuse_bad_requests(web_server, web_server_tokens):
    url = f"{web_server}/en/tracker"
    bad = httpx.post(url + "/sign-in", data={"token": "sst_not-a-token"})
    assert (
        bad.status_code == 401
        and "refused" in bad.text
        and COOKIE not in bad.headers.get("set-cookie", "")
    )
    foreign = httpx.post(
        url + "/assessments", data={"score": "1"}, headers={"Origin": "https://elsewhere.example"}
    )
    assert foreign.status_code == 403
    as_json = httpx.post(url + "/assessments", json={"score": 1})
    assert as_json.status_code == 415
    public = httpx.post(url + "/assessments", data={"commitment_id": "x", "actor": "KEN"})
    assert public.status_code == 401 and 'data-code="authentication-required"' in public.text
    assert httpx.get(url + "?period=weekly").status_code == 422
    out = httpx.post(url + "/sign-out", data={}, cookies={COOKIE: web_server_tokens["viewer"]})
    assert out.status_code == 303 and f'{COOKIE}=""' in out.headers["set-cookie"]
    # The raw token is no session: a cookie holding it signs no one in, and is deleted.
    raw = httpx.get(url, cookies={COOKIE: web_server_tokens["editor"]})
    assert 'id="signed-in"' not in raw.text and f'{COOKIE}=""' in raw.headers["set-cookie"]


def _signed_in_role(web_server: str, session: str) -> tuple[str | None, bool, str]:
    """(role shown, whether editor forms are shown, Set-Cookie) of the tracker page."""
    page = httpx.get(f"{web_server}/en/tracker", cookies={COOKIE: session})
    assert page.status_code == 200
    role = None
    if 'id="signed-in" data-role="' in page.text:
        role = page.text.split('id="signed-in" data-role="', 1)[1].split('"', 1)[0]
    return role, "data-edit" in page.text, page.headers.get("set-cookie", "")


def test_sign_in_sets_a_session_cookie_never_the_token(web_server, web_server_tokens):
    token = web_server_tokens["editor"]
    response = httpx.post(
        f"{web_server}/en/tracker/sign-in",
        data={"token": token},
        cookies={LEGACY_COOKIE: token},
    )
    assert response.status_code == 303
    set_cookies = response.headers.get_list("set-cookie")
    assert all(token not in c and "sst_" not in c for c in set_cookies)
    (session,) = [c for c in set_cookies if c.startswith(f"{COOKIE}=")]
    attributes = {a.strip().lower() for a in session.split(";")[1:]}
    assert attributes == {
        "httponly",
        "samesite=strict",
        "path=/",
        f"max-age={int(LIFETIME.total_seconds())}",
    }
    # The cookie of the token kept by older versions is deleted.
    assert any(c.startswith(f'{LEGACY_COOKIE}=""') for c in set_cookies)
    assert _signed_in_role(web_server, response.cookies[COOKIE])[:2] == ("editor", True)


def test_a_cookie_replayed_after_sign_out_signs_no_one_in(web_server, web_server_tokens):
    session = _session(web_server, web_server_tokens["editor"])
    assert _signed_in_role(web_server, session)[:2] == ("editor", True)
    out = httpx.post(f"{web_server}/en/tracker/sign-out", data={}, cookies={COOKIE: session})
    assert out.status_code == 303 and f'{COOKIE}=""' in out.headers["set-cookie"]
    role, forms, set_cookie = _signed_in_role(web_server, session)
    assert (role, forms) == (None, False)
    assert f'{COOKIE}=""' in set_cookie
    replayed = httpx.get(f"{web_server}/en/tracker", cookies={COOKIE: session})
    assert catalogue("en")["tracker.expired"] in replayed.text
    write = httpx.post(
        f"{web_server}/en/tracker/commitments",
        data={"forum_id": "x", "text": "replayed"},
        cookies={COOKIE: session},
    )
    assert write.status_code == 401 and 'data-code="authentication-required"' in write.text


def test_revoking_the_token_ends_its_dashboard_sessions(web_server, web_settings):
    tracker = open_tracker(web_settings)
    try:
        info, token = tracker.create_token(local_admin(), role="viewer", name="to revoke")
        session = _session(web_server, token)
        assert _signed_in_role(web_server, session)[:2] == ("viewer", False)
        tracker.revoke_token(local_admin(), info.id)
    finally:
        tracker.close()
    role, forms, set_cookie = _signed_in_role(web_server, session)
    assert (role, forms) == (None, False) and f'{COOKIE}=""' in set_cookie


def _shot(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def test_tracker_tables_download_as_the_visitor_may_read_them(
    web_server, web_server_tokens, seed
) -> None:
    ids = seed()
    base = f"{web_server}/en/tracker"

    def rows(path: str, **cookies: str) -> list[dict[str, str]]:
        response = httpx.get(f"{base}/{path}", cookies=cookies)
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "private, no-store"
        return list(csv.DictReader(io.StringIO(response.text)))

    pillars = rows(f"compliance-pillar.csv?forum={ids['forum']}")
    assert [(r["key"], r["compliance_pct"], r["n"], r["expected"]) for r in pillars] == [
        ("economy", "0.0", "1", "2"),
        ("health", "75.0", "2", "3"),
        ("all", "50.0", "3", "5"),
    ]
    assert all(r["source_ids"] == "" for r in pillars)
    public = rows(f"commitments.csv?forum={ids['forum']}")
    assert sorted(r["id"] for r in public) == sorted([ids["health"], ids["trade"]])
    viewer = _session(web_server, web_server_tokens["viewer"])
    everything = rows(f"commitments.csv?forum={ids['forum']}&view=all", **{COOKIE: viewer})
    assert ids["draft"] in {r["id"] for r in everything} and len(everything) == 3
    book = openpyxl.load_workbook(io.BytesIO(httpx.get(f"{base}/forums.xlsx").content))
    header, *forums = book["data"].values
    seeded = [dict(zip(header, f, strict=True)) for f in forums if ids["forum"] in f]
    assert [(f["id"], f["bloc_id"], f["start_date"]) for f in seeded] == [
        (ids["forum"], "AU", "2026-02-14")
    ]
    page = httpx.get(f"{base}?forum={ids['forum']}").text
    assert f"/en/tracker/compliance-pillar.csv?forum={ids['forum']}" in page
    assert httpx.get(f"{base}/sessions.csv").status_code == 422
