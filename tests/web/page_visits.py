"""Loading a page as a first visit: status, console errors, transferred bytes, a screenshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Transferred bytes allowed for a page's first load (HTML, CSS, script, no downloads).
PAGE_BUDGET = 300 * 1024
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
#: Transferred bytes of every page visited in this session, by screenshot name.
WEIGHTS: dict[str, dict[str, Any]] = {}


@dataclass
class Visit:
    """A loaded page and what loading it cost."""

    page: Any
    status: int
    weight_bytes: int
    console_errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Close the page's browser context."""
        self.page.context.close()


def visit(
    browser: Any,
    url: str,
    name: str,
    *,
    cookies: list[dict[str, Any]] | None = None,
    viewport: dict[str, int] | None = None,
    budget: int = PAGE_BUDGET,
) -> Visit:
    """Load ``url`` as a first visit; check 200, no console errors, weight; screenshot it."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    errors: list[str] = []
    sizes: list[int] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def finished(request: Any) -> None:
        measured = request.sizes()
        sizes.append(measured["responseBodySize"] + measured["responseHeadersSize"])

    page.on("requestfinished", finished)
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    result = Visit(page, response.status if response else 0, sum(sizes), errors)
    WEIGHTS[name] = {"url": url, "bytes": result.weight_bytes, "requests": len(sizes)}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert result.status == 200, f"{url}: status {result.status}"
    assert errors == [], f"{url}: console errors {errors}"
    assert result.weight_bytes < budget, f"{url}: {result.weight_bytes} bytes transferred"
    return result
