"""/docs works on a network without internet: Swagger UI comes from the package, not a CDN
(it was a blank page at a drop-off point)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import pages


def test_the_api_documentation_shows_without_internet(open_page):
    docs = open_page(None, "/docs", ready=False)
    requests: list[str] = []
    docs.on("request", lambda r: requests.append(r.url))
    docs.reload()
    expect(docs.locator(".opblock-summary-path").first).to_be_visible()
    expect(docs.get_by_text("/api/items/{code}/correct", exact=True)).to_be_visible()
    origin = docs.url.split("/docs")[0]
    assert all(url.startswith(origin) for url in requests), requests  # nothing from outside
    pages.screenshot(docs, "api-docs")
    assert docs.js_errors == []
