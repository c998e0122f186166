"""The intake desk sees when the scale's Pi falls behind (weighings waiting in its outbox),
from the status the gateway publishes, and not for a scale that keeps up."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.support import pages

BEHIND, FINE = "milieustraat-8", "milieustraat-9"


def _status(demo: pages.Demo, scale: str, outbox: int) -> None:
    status = {"state": "online", "detail": "", "at": pages._now(), "outbox": outbox,
              "last_weighing": None, "uptime_s": 3600}
    pages._publish(demo, f"ambacht/demo/scale/{scale}/status", json.dumps(status), 1,
                   retain=True)


@pytest.mark.parametrize(("lang", "viewport", "says"), [
    ("nl", pages.TABLET, "Let op: 25 wegingen wachten nog op de Pi van de weegschaal"),
    ("en", pages.PHONE, "Note: 25 weighings are still waiting on the scale's Pi"),
])
def test_the_desk_is_told_when_the_scales_pi_falls_behind(open_page, demo, lang, viewport, says):
    _status(demo, BEHIND, 25)
    _status(demo, FINE, 0)
    with demo.api("intake") as http:
        pages.until(lambda: {BEHIND: ["outbox_backlog"], FINE: []}.items() <= {
            s["scale_id"]: s["behind"] for s in http.get("/api/scales").json()}.items())
    intake = open_page("intake", "/intake", viewport=viewport, lang=lang)
    note = intake.locator("#scale-behind")
    intake.locator("#scale-select").select_option(FINE)
    expect(note).to_be_hidden()
    intake.locator("#scale-select").select_option(BEHIND)
    expect(note).to_be_visible()
    expect(note).to_contain_text(says)
    intake.locator("#scale-select").select_option(FINE)
    expect(note).to_be_hidden()
    assert intake.js_errors == []
