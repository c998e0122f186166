"""The national dashboard in Chromium, in Dutch, against `ambacht national serve` fed over
HTTP by three centres in two provinces (one of which missed a month)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.support import pages
from tests.support.national import document
from tests.support.receiver import cli, serving

CENTRES = {"utrecht": ("Utrecht", "Utrecht"), "amersfoort": ("Amersfoort", "Utrecht"),
           "arnhem": ("Arnhem", "Gelderland")}


def _months(count: int) -> list[str]:
    now = datetime.now(UTC)
    index = now.year * 12 + now.month - 1
    return [f"{(index - k) // 12:04d}-{(index - k) % 12 + 1:02d}" for k in range(count, 0, -1)]


@pytest.mark.timeout(180)
def test_the_national_dashboard_shows_totals_provinces_and_centres_in_dutch(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'national.db'}"
    tokens = {}
    for centre, (municipality, province) in CENTRES.items():
        tokens[centre] = cli(url, "centre", "add", centre, "--name", f"Centrum {municipality}",
                             "--municipality", municipality, "--province", province).strip()
    months = _months(2)  # the two months before this one: the page opens on closed months
    with serving(url) as base, pages.chromium() as browser:
        for centre, token in tokens.items():
            for month in months if centre != "arnhem" else months[:1]:
                answer = httpx.post(f"{base}/national/api/monitor", headers={
                    "Authorization": f"Bearer {token}"}, json=document(
                        centre, month, inflow_kg=1000.5, sold_kg=600.0, revenue_eur=812.5))
                assert answer.status_code == 201, answer.text
        page = browser.new_page(viewport=pages.TABLET, locale="nl-NL")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/national")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        # 5 reports × 1000.5 kg, in Dutch: a point between thousands
        expect(page.locator('[data-figure="inflow.kg"]')).to_have_text("5.003")
        expect(page.locator('[data-figure="reported"]')).to_have_text("5")
        expect(page.locator('[data-figure="centres"]')).to_have_text("3")
        # the stock of the last month only: utrecht's and amersfoort's 50 kg (arnhem missed it)
        expect(page.locator('[data-figure="stock.kg"]')).to_have_text("100")
        provinces = page.locator("#provinces tbody tr")
        expect(provinces).to_have_count(2)
        expect(provinces.filter(has_text="Utrecht")).to_contain_text("4.002")
        centres = page.locator("#centres tbody tr")
        expect(centres).to_have_count(3)
        arnhem = centres.filter(has_text="Centrum Arnhem")
        expect(arnhem.locator(".missing")).to_contain_text("maand")
        expect(page.get_by_role("heading", name="Per provincie", exact=True)).to_be_visible()
        page.select_option("#province", "Gelderland")
        page.get_by_role("button", name="Toon").click()
        expect(page.locator('[data-figure="inflow.kg"]')).to_have_text("1.001")
        expect(centres).to_have_count(1)
        pages.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(pages.SCREENSHOTS / "national-dashboard.png"), full_page=True)
        assert page.locator("canvas#chart-months").is_visible()
        assert not errors, errors
