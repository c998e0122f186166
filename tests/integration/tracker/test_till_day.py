"""The till's day through the API (CONTRACT §11): open with a float, sell, close with the
counted cash; the Z-report worked out by hand (VAT per rate, discounts, split payments, a
refund, the cash rounding), as JSON, text, PDF and on the till's ESC/POS printer; a closed day
is final; a sale the till kept offline goes into its next day; bad input changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pypdfium2
import pytest

from tests.support.escpos import ReceiptPrinter, parse
from tests.support.tracker import SITE, Tracker, make_tracker
from tracker.services import stations

QUEUED = {"Ambacht-Queued-At": "2026-03-02T09:30:00.000Z"}  # what the till page's outbox sends


@pytest.fixture
def shop(db_url, clock) -> Iterator[tuple[Tracker, dict[str, str]]]:
    """A tracker where books carry 9% VAT, and a second till (till-2) that never opened a day."""
    for tracker in make_tracker(db_url, clock, vat_rates={"boeken": "0.09"}):
        with tracker.db.write() as conn:
            token = stations.add_station(conn, "till-2", "till", SITE, clock())
        yield tracker, {"Authorization": f"Bearer {token}"}


def _post(tracker, till, path, body, **headers):
    return tracker.client.post(path, json=body, headers={**till, **headers})


def _get(tracker, till, path, **kw):
    return tracker.client.get(path, headers=till, **kw)


def _sold(r):
    assert r.status_code == 201, r.text
    return r.json()


def _day_of_sales(tracker, till, clock):
    """Four sales and a refund at one till. Worked out by hand (prices incl. VAT; books 9%,
    the rest 21%; VAT per line rounded half up; a receipt's discount spread by largest
    remainder; cash rounded to 5 cents):

    A  lamp 12,50 − 10% stadspas (1,25) = 11,25; book 3,00; line 7,99 (bouwmaterialen, 20 kg);
       € 2 vrijwilliger over 11,25/3,00/7,99 (22,24): 1,01 + 0,27 + 0,72 (floors 1,01/0,26/0,71,
       the two cents to the largest remainders: book, line) → 10,24 + 2,73 + 7,27 = 20,24.
       VAT 21%: 10,24 holds 1,78 (net 8,46), 7,27 holds 1,26 (net 6,01); 9%: 2,73 holds 0,23
       (net 2,50). Pin 10,00; cash due 10,24 → 10,25 (afronding +0,01), given 20 (change 9,75).
    B  chair 20,00 cash (exact): 21% holds 3,47 (net 16,53).
    C  toy 4,99 − 0,50 beschadigd = 4,49 pin: 21% holds 0,78 (net 3,71).
    D  books by weight 2 kg 1,02 cash: due 1,02 → 1,00 (afronding −0,02); 9% holds 0,08 (0,94).
    R  the chair back in cash: −20,00; VAT −3,47 (net −16,53).

    Sales 4, revenue 20,24 + 20,00 + 4,49 + 1,02 = 45,75; refunds 1, 20,00; net 25,75.
    Discounts: stadspas 1,25, vrijwilliger 2,00, beschadigd 0,50.
    VAT 9%: net 2,50 + 0,94 = 3,44, VAT 0,31. 21%: net 8,46 + 6,01 + 16,53 + 3,71 − 16,53 =
    18,18, VAT 1,78 + 1,26 + 3,47 + 0,78 − 3,47 = 3,82.
    Payments: cash 10,25 + 20,00 + 1,00 = 31,25; pin 10,00 + 4,49 = 14,49. Refunded: cash 20,00.
    Afronding +0,01 − 0,02 = −0,01. Cash: float 100,00 + 31,25 − 20,00 = 111,25 expected."""
    lamp = tracker.ready(price=12.5, category="kleingoed")
    book = tracker.ready(price=3.0, category="boeken")
    chair = tracker.ready(price=20.0, category="meubilair")
    toy = tracker.ready(price=4.99, category="speelgoed")
    clock.advance(minutes=10)
    _sold(_post(tracker, till, "/api/sales", {
        "items": [lamp, book],
        "lines": [{"category": "bouwmaterialen", "weight_kg": 20, "price_eur": 7.99}],
        "discounts": [{"item": lamp, "pct": 10, "reason": "stadspas"},
                      {"eur": 2, "reason": "vrijwilliger"}],
        "payments": [{"method": "pin", "amount_eur": 10}, {"method": "cash", "amount_eur": 20}]}))
    chair_sale = _sold(_post(tracker, till, "/api/sales", {"items": [chair], "payment": "cash"}))
    _sold(_post(tracker, till, "/api/sales", {
        "items": [toy], "payment": "pin", "discounts": [{"item": toy, "eur": 0.5,
                                                          "reason": "beschadigd"}]}))
    _sold(_post(tracker, till, "/api/sales", {
        "lines": [{"category": "boeken", "weight_kg": 2, "price_eur": 1.02}], "payment": "cash"}))
    r = _post(tracker, till, f"/api/sales/{chair_sale['sale_id']}/refund",
              {"items": [chair], "method": "cash"})
    assert r.status_code == 201, r.text
    clock.advance(hours=8)


EXPECTED = {
    "id": "till-2:1", "station": "till-2", "day": 1, "site": SITE, "float_eur": 100.0,
    "sales": {"count": 4, "revenue_eur": 45.75}, "refunds": {"count": 1, "amount_eur": 20.0},
    "net_revenue_eur": 25.75,
    "discounts": {"beschadigd": 0.5, "stadspas": 1.25, "vrijwilliger": 2.0},
    "discount_eur": 3.75,
    "vat": [{"rate": 0.09, "net_eur": 3.44, "vat_eur": 0.31},
            {"rate": 0.21, "net_eur": 18.18, "vat_eur": 3.82}],
    "payments": {"cash": 31.25, "pin": 14.49}, "refunds_paid": {"cash": 20.0},
    "rounding_eur": -0.01, "expected_cash_eur": 111.25}

# The Z-report at 42 columns (test clock: opened 10:00, closed 18:10 Amsterdam time).
def _r(left: str, right: str) -> str:
    return left + " " * (42 - len(left) - len(right)) + right


Z_LINES = [
    "        Circulair Ambachtscentrum", "            Milieustraat Noord",
    "       Z-rapport kassa till-2 dag 1", "         Geopend 02-03-2026 10:00",
    "        Gesloten 02-03-2026 18:10", "-" * 42,
    _r("Verkopen", "4"), _r("Omzet", "45,75"), _r("Terugbetalingen", "1"),
    _r("Terugbetaald", "-20,00"), _r("Netto omzet", "25,75"), "",
    "Korting", _r("  Beschadigd", "0,50"), _r("  Stadspas", "1,25"),
    _r("  Vrijwilliger", "2,00"), "",
    "Btw", _r("  9% over 3,44", "0,31"), _r("  21% over 18,18", "3,82"), "",
    "Betalingen", _r("  Contant", "31,25"), _r("  Pin", "14,49"), _r("  Afronding", "-0,01"), "",
    "Terugbetaald per betaalwijze", _r("  Contant", "-20,00"), "",
    "Kas", _r("  Wisselgeld begin", "100,00"), _r("  Contant ontvangen", "31,25"),
    _r("  Contant terugbetaald", "-20,00"), _r("  Verwacht", "111,25"),
    _r("  Geteld", "111,20"), _r("  Verschil", "-0,05"), "-" * 42]


def test_a_day_at_the_till_closes_with_its_z_report_worked_out_by_hand(shop, clock):
    tracker, till = shop
    opened = _post(tracker, till, "/api/till/open", {"float_eur": 100})
    assert opened.status_code == 201, opened.text
    assert (opened.json()["id"], opened.json()["open"], opened.json()["float_eur"]) == (
        "till-2:1", True, 100.0)
    _day_of_sales(tracker, till, clock)
    so_far = _get(tracker, till, "/api/till/days/till-2:1").json()  # the X-report: still open
    assert so_far["open"] and so_far["counted_cash_eur"] is None
    assert {k: so_far[k] for k in EXPECTED} == EXPECTED

    closed = _post(tracker, till, "/api/till/close", {"counted_eur": "111.20"})
    assert closed.status_code == 200, closed.text
    z = closed.json()
    assert {k: z[k] for k in EXPECTED} == EXPECTED
    assert (z["open"], z["counted_cash_eur"], z["difference_eur"]) == (False, 111.2, -0.05)
    assert _get(tracker, till, "/api/till/days/till-2:1").json() == z
    listed = _get(tracker, till, "/api/till/days").json()
    assert listed["open_day"] is None and listed["days"] == [z]

    text = _get(tracker, till, "/api/till/days/till-2:1.txt")
    assert text.status_code == 200 and text.text.splitlines() == Z_LINES
    english = _get(tracker, {**till, "Accept-Language": "en"}, "/api/till/days/till-2:1.txt")
    assert "Z report till till-2 day 1" in english.text and "Expected" in english.text
    assert "111.25" in english.text
    pdf = _get(tracker, till, "/api/till/days/till-2:1.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    shown = document[0].get_textpage().get_text_range()
    assert "Z-rapport kassa till-2 dag 1" in shown and "111,25" in shown


@pytest.fixture
def printer() -> Iterator[ReceiptPrinter]:
    device = ReceiptPrinter()
    try:
        yield device
    finally:
        device.close()


def test_the_z_report_prints_on_the_tills_receipt_printer_and_opens_the_drawer(shop, clock,
                                                                              printer):
    tracker, till = shop
    with tracker.db.write() as conn:
        stations.set_receipt_printer(conn, "till-2", printer.uri)
    _post(tracker, till, "/api/till/open", {"float_eur": 100})
    _day_of_sales(tracker, till, clock)
    _post(tracker, till, "/api/till/close", {"counted_eur": "111.20"})
    r = _post(tracker, till, "/api/till/days/till-2:1/print", None)
    assert r.status_code == 200, r.text
    assert r.json() == {"day": "till-2:1", "printer": printer.uri, "drawer": True}
    (raw,) = printer.printed()
    job = parse(raw)
    assert job.lines == Z_LINES
    assert (job.qr, job.cuts, job.drawer_kicks, job.order) == ([], 1, [2], ["cut", "drawer"])


def test_a_closed_day_is_final_and_bad_input_changes_nothing(shop, clock):
    tracker, till = shop
    never = _post(tracker, till, "/api/till/close", {"counted_eur": 0})
    assert never.status_code == 409 and never.json()["code"] == "day_not_open"
    assert "nog geen dag geopend" in never.json()["detail"]
    item = tracker.ready(price=5.0)
    live = _post(tracker, till, "/api/sales", {"items": [item], "payment": "pin"})
    assert live.status_code == 409 and live.json()["code"] == "day_not_open"
    assert "open de dag eerst" in live.json()["detail"]
    en = _post(tracker, till, "/api/sales", {"items": [item], "payment": "pin"},
               **{"Accept-Language": "en"})
    assert "open the day first" in en.json()["detail"]
    for body, field in (({"float_eur": -5}, "float_eur"), ({"float_eur": "1.234"}, "float_eur"),
                        ({"float_eur": "veel"}, "float_eur"), ({}, "float_eur")):
        bad = _post(tracker, till, "/api/till/open", body)
        assert bad.status_code == 422, bad.text
        assert field in bad.text
    assert _get(tracker, till, "/api/till/days").json() == {
        "station": "till-2", "open_day": None, "days": []}
    assert tracker.get("till", f"/api/items/{item}").json()["state"] == "ready_for_sale"

    assert _post(tracker, till, "/api/till/open", {"float_eur": 50}).status_code == 201
    again = _post(tracker, till, "/api/till/open", {"float_eur": 50})
    assert again.status_code == 409 and again.json()["code"] == "day_already_open"
    negative = _post(tracker, till, "/api/till/close", {"counted_eur": -1})
    assert negative.status_code == 422 and "niet negatief" in negative.json()["detail"]
    sale = _sold(_post(tracker, till, "/api/sales", {"items": [item], "payment": "cash"}))
    z = _post(tracker, till, "/api/till/close", {"counted_eur": 55})
    assert z.status_code == 200 and z.json()["difference_eur"] == 0.0
    twice = _post(tracker, till, "/api/till/close", {"counted_eur": 10})
    assert twice.status_code == 409 and twice.json()["code"] == "day_closed"
    assert "al afgesloten" in twice.json()["detail"]
    late_refund = _post(tracker, till, f"/api/sales/{sale['sale_id']}/refund",
                        {"items": [item], "method": "cash"})
    assert late_refund.status_code == 409 and late_refund.json()["code"] == "day_not_open"
    assert _get(tracker, till, "/api/till/days/till-2:1").json() == z.json()  # unchanged
    assert _get(tracker, till, "/api/till/days/till-2:2").status_code == 404
    assert _get(tracker, till, "/api/till/days/nonsense").status_code == 404
    other = tracker.get("till", "/api/till/days/till-2:1")  # till-1 sees only its own days
    assert other.status_code == 403
    assert tracker.get("monitor", "/api/till/days/till-2:1").json() == z.json()
    bad_header = _post(tracker, till, "/api/sales", {"items": [item], "payment": "pin"},
                       **{"Ambacht-Queued-At": "gisteren"})
    assert bad_header.status_code == 422 and bad_header.json()["code"] == "invalid_queued_at"


def test_a_sale_the_till_kept_offline_that_arrives_after_the_close_is_in_its_next_day(shop,
                                                                                      clock):
    tracker, till = shop
    _post(tracker, till, "/api/till/open", {"float_eur": 20})
    first = tracker.ready(price=6.0)
    kept = tracker.ready(price=8.0)
    _sold(_post(tracker, till, "/api/sales", {"items": [first], "payment": "cash"}))
    z = _post(tracker, till, "/api/till/close", {"counted_eur": 26}).json()
    # rung up at 10:30 while the Wi-Fi was down, sent from the outbox after the close
    body = {"items": [kept], "payment": "cash"}
    late = _post(tracker, till, "/api/sales", body, **QUEUED, **{"Idempotency-Key": "k-1"})
    assert late.status_code == 201, late.text
    again = _post(tracker, till, "/api/sales", body, **QUEUED, **{"Idempotency-Key": "k-1"})
    assert again.json() == late.json()  # the outbox's resend: the same sale, once
    assert _get(tracker, till, "/api/till/days/till-2:1").json() == z  # the closed day stays
    opened = _post(tracker, till, "/api/till/open", {"float_eur": 20}).json()
    assert opened["id"] == "till-2:2"
    assert (opened["sales"], opened["payments"], opened["expected_cash_eur"]) == (
        {"count": 1, "revenue_eur": 8.0}, {"cash": 8.0}, 28.0)
    assert _post(tracker, till, "/api/till/close", {"counted_eur": 28}).json()["sales"] == {
        "count": 1, "revenue_eur": 8.0}


def test_a_till_that_never_opened_a_day_keeps_its_offline_sales_for_its_first(shop):
    tracker, till = shop
    kept = tracker.ready(price=3.5)
    assert _post(tracker, till, "/api/sales", {"items": [kept], "payment": "pin"},
                 **QUEUED).status_code == 201
    first = _post(tracker, till, "/api/till/open", {"float_eur": 0}).json()
    assert (first["id"], first["sales"]) == ("till-2:1", {"count": 1, "revenue_eur": 3.5})


def test_an_admin_registering_paper_records_sells_outside_any_day(shop):
    tracker, _ = shop
    item = tracker.ready(price=2.0)
    r = tracker.post("admin", "/api/sales", {"items": [item], "payment": "cash"})
    assert r.status_code == 201, r.text
    assert tracker.get("admin", "/api/till/days").json()["days"] == []
