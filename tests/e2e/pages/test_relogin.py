"""A station's token revoked or logged out while sales wait in the page's outbox: the page
says to log in again, the waiting sales go out with the new login's token under their own
idempotency keys (each stored once), and no token is left on the device after a logout."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import expect

from tests.support import pages

SITE = "milieustraat"  # the demo's site


def _scan(page: Any, text: str) -> None:
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _new_till(demo: pages.Demo, name: str) -> str:
    """A new till station, its day opened (CONTRACT §11: a till sells in an open day)."""
    token = demo.cli("station", "add", name, "--role", "till", "--site", SITE).strip()
    with httpx.Client(base_url=demo.url, timeout=10) as http:
        opened = http.post("/api/till/open", json={"float_eur": 0},
                           headers={"Authorization": f"Bearer {token}"})
    assert opened.status_code == 201, opened.text
    return token


def _log_in(page: Any, token: str) -> None:
    """Type the token on /login, as someone holding the administrator's note would."""
    page.wait_for_selector("body[data-ready=true]")
    page.locator("#token").click()
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/till")  # not /login?next=/till
    page.wait_for_selector("body[data-ready=true]")


def _revoke(demo: pages.Demo, name: str, token: str) -> None:
    """Revoke the station and wait until the tracker refuses its token."""
    demo.cli("station", "revoke", name)
    with httpx.Client(base_url=demo.url, timeout=10) as http:
        pages.until(lambda: http.get("/api/me", headers={"Authorization": f"Bearer {token}"}
                                     ).status_code == 401)


def _stored(page: Any) -> str:
    """Everything the page keeps on the device: local and session storage, IndexedDB names."""
    return str(page.evaluate("""async () => {
        const out = [];
        for (const store of [localStorage, sessionStorage]) {
          for (let i = 0; i < store.length; i += 1) {
            out.push(`${store.key(i)}=${store.getItem(store.key(i))}`);
          }
        }
        for (const db of await indexedDB.databases()) out.push(`indexedDB:${db.name}`);
        return out.join("\\n");
    }"""))


def _waiting(page: Any) -> list[dict[str, Any]]:
    return list(json.loads(page.evaluate("localStorage.getItem('ambacht.outbox') || '[]'")))


def _sold_events(demo: pages.Demo, code: str) -> list[Any]:
    return [e for e in demo.call("till", "GET", f"/api/items/{code}/events")
            if e["type"] == "sold"]


def _watch_sales(page: Any) -> list[Any]:
    """The sale requests the page sends from now on."""
    sent: list[Any] = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/api/sales") else None)
    return sent


def _stored_once(demo: pages.Demo, token: str, sent: list[Any]) -> None:
    """Each sent key is remembered by the tracker: the same request again gets the first
    answer back (`Idempotent-Replayed`) and sells nothing more."""
    with httpx.Client(base_url=demo.url, timeout=10) as http:
        for request in sent:
            again = http.post("/api/sales", content=request.post_data, headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json",
                "Idempotency-Key": request.headers["idempotency-key"]})
            assert again.status_code == 201, again.text
            assert again.headers.get("idempotent-replayed") == "true"


def test_a_revoked_token_stops_the_outbox_until_a_new_login_sends_it(
        browser: Any, demo: pages.Demo) -> None:
    first, second = demo.item(price=3), demo.item(price=4.5)
    old = _new_till(demo, "kassa-oud")
    context = pages.station_context(browser, demo, None)
    errors: list[str] = []
    try:
        till = context.new_page()
        till.on("pageerror", lambda exc: errors.append(str(exc)))
        till.goto("/login?next=/till")
        _log_in(till, old)
        expect(till.locator("#who")).to_contain_text("kassa-oud")
        _scan(till, first)
        expect(till.locator(f'#cart-body tr[data-code="{first}"]')).to_be_visible()
        context.set_offline(True)
        till.keyboard.press("F8")
        expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
        _scan(till, second)
        expect(till.locator(f'#cart-body tr[data-code="{second}"]')).to_be_visible()
        till.keyboard.press("F9")
        expect(till.locator("#pin-confirm")).to_be_visible()
        till.keyboard.press("Enter")  # the terminal said Akkoord
        expect(till.locator("#outbox")).to_have_attribute("data-count", "2")
        keys = sorted(e["key"] for e in _waiting(till))

        _revoke(demo, "kassa-oud", old)
        context.set_offline(False)  # the page sends the first sale: 401
        relogin = till.locator("#relogin")
        expect(relogin).to_contain_text("Dit apparaat is afgemeld: de server weigert het token")
        expect(relogin).to_contain_text("Meld opnieuw aan om verder te werken")
        expect(relogin).to_contain_text("(2) blijft op dit apparaat")
        pages.screenshot(till, "till-relogin")
        expect(till.locator("#outbox")).to_have_attribute("data-count", "2")  # kept, in order
        assert sorted(e["key"] for e in _waiting(till)) == keys
        assert old not in _stored(till)
        for code in (first, second):
            assert demo.call("till", "GET", f"/api/items/{code}")["state"] == "ready_for_sale"

        # a revoked token never works again: the administrator makes the till a new station
        new = _new_till(demo, "kassa-nieuw")
        sent = _watch_sales(till)
        relogin.get_by_role("link", name="Opnieuw aanmelden").click()
        till.wait_for_url(re.compile(r"/login\?next=%2Ftill$"))
        expect(till.locator("#login-waiting")).to_contain_text("2 acties wachten op dit apparaat")
        _log_in(till, new)
        expect(till.locator("#who")).to_contain_text("kassa-nieuw")
        expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
        expect(till.locator("#relogin")).to_be_hidden()
        assert sorted(r.headers["idempotency-key"] for r in sent) == keys
        assert {r.headers["authorization"] for r in sent} == {f"Bearer {new}"}
        for code in (first, second):
            assert len(_sold_events(demo, code)) == 1
        _stored_once(demo, new, sent)
        for code in (first, second):
            assert len(_sold_events(demo, code)) == 1

        till.locator("#logout").click()
        till.wait_for_url(lambda url: urlsplit(url).path == "/login")
        stored = _stored(till)
        assert old not in stored and new not in stored
        assert errors == []
    finally:
        context.close()


def test_logout_keeps_waiting_sales_but_no_token_and_a_revoked_one_asks_in_english(
        browser: Any, demo: pages.Demo) -> None:
    code = demo.item(price=2.5)
    token = _new_till(demo, "till-en")
    context = pages.station_context(browser, demo, None, lang="en")
    errors: list[str] = []
    try:
        till = context.new_page()
        till.on("pageerror", lambda exc: errors.append(str(exc)))
        till.goto("/login?next=/till")
        till.wait_for_selector("body[data-ready=true]")
        till.locator("#lang").click()
        expect(till.locator("#login-form button")).to_have_text("Log in")
        _log_in(till, token)
        _scan(till, code)
        expect(till.locator(f'#cart-body tr[data-code="{code}"]')).to_be_visible()
        # the server cannot be reached for sales (the rest of the site still answers)
        context.route("**/api/sales", lambda route: route.abort("connectionrefused"))
        till.keyboard.press("F8")
        expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
        expect(till.locator("#outbox")).to_have_attribute("data-count", "1")

        till.locator("#logout").click()
        till.wait_for_url(lambda url: urlsplit(url).path == "/login")
        stored = _stored(till)
        assert token not in stored, stored
        assert len(_waiting(till)) == 1  # the sale belongs to the device: it waits
        expect(till.locator("#login-waiting")).to_have_text(
            "1 actions are waiting on this device. "
            "They are sent as soon as a station is logged in here.")

        till.goto("/login?next=/till")
        _log_in(till, token)
        expect(till.locator("#outbox")).to_have_attribute("data-count", "1")
        _revoke(demo, "till-en", token)
        context.unroute("**/api/sales")  # the next try reaches the tracker: 401
        relogin = till.locator("#relogin")
        expect(relogin).to_contain_text(
            "This device has been logged out: the server refuses this station's token")
        expect(relogin.get_by_role("link", name="Log in again")).to_have_attribute(
            "href", "/login?next=%2Ftill")
        assert token not in _stored(till)
        assert len(_waiting(till)) == 1
        assert demo.call("till", "GET", f"/api/items/{code}")["state"] == "ready_for_sale"
        assert errors == []
    finally:
        context.close()


def test_a_sale_queued_by_the_previous_release_is_sent_with_the_current_token(
        open_page: Any, demo: pages.Demo) -> None:
    """Entries used to carry their token: on load the page takes it out, and the sale goes
    with the token the device is logged in with."""
    code = demo.item(price=1.5)
    till = open_page("till", "/till")
    legacy = {"key": "legacy-sale-1", "path": "/api/sales", "label": "Verkoop",
              "body": {"items": [code], "lines": [], "payment": "cash"},
              "token": "amb_of_a_station_long_gone", "at": "2026-01-01T10:00:00Z"}
    till.evaluate("e => localStorage.setItem('ambacht.outbox', JSON.stringify([e]))", legacy)
    till.reload()
    till.wait_for_selector("body[data-ready=true]")
    expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
    assert "amb_of_a_station_long_gone" not in _stored(till)
    assert len(_sold_events(demo, code)) == 1
    assert till.js_errors == []
