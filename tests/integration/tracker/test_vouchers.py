"""Tegoedbonnen through the API (CONTRACT §11, §9): issued at the till or by a refund, spent in
part or whole, refused in plain words when wrong, spent, or too small (nothing changes), the
monitor's till block (store credit is no revenue), on paper (text, PDF, a loopback ESC/POS
printer) and the public balance page /v/{code}. Both backends."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp

from tests.integration.tracker.test_receipts import _give_printer, printer  # noqa: F401
from tests.integration.tracker.test_till_money import _monitor
from tests.support.escpos import parse
from tracker.domain import vouchers


def _issue(tracker, eur: float = 20.0, **kw) -> str:
    r = tracker.post("till", "/api/vouchers", {"amount_eur": eur, "reason": "cadeaubon", **kw})
    assert r.status_code == 201, r.text
    return r.json()["code"]


def _balance(tracker, code: str) -> float:
    r = tracker.get("till", f"/api/vouchers/{code}")
    assert r.status_code == 200, r.text
    return r.json()["balance_eur"]


def _pay(tracker, items, *payments, **kw):
    return tracker.post("till", "/api/sales", {"items": items, "payments": list(payments)}, **kw)


def voucher(code: str, eur: float) -> dict:
    return {"method": "voucher", "amount_eur": eur, "voucher": code}


def test_a_voucher_is_issued_with_a_code_and_its_balance_follows_what_is_spent(tracker):
    r = tracker.post("till", "/api/vouchers", {"amount_eur": "20.00", "reason": "cadeaubon",
                                               "payment": "cash"})
    assert r.status_code == 201, r.text
    made = r.json()
    code = made["code"]
    assert vouchers.display(vouchers.parse(code)) == code and code.startswith("TB-")
    assert made["qr"] == f"http://test.local/v/{code}"
    assert (made["issued_eur"], made["balance_eur"], made["reason"]) == (20.0, 20.0, "cadeaubon")

    lamp = tracker.ready(price=12.5)
    r = _pay(tracker, [lamp], voucher(code, 20))  # offers all: only what is due comes off
    assert r.status_code == 201, r.text
    sale = r.json()
    assert (sale["payment"], sale["change_eur"]) == ("voucher", 0.0)
    assert sale["payments"] == [{"method": "voucher", "amount_eur": 12.5, "voucher": code}]
    seen = tracker.get("intake", f"/api/vouchers/{code.lower()}").json()  # any station reads
    assert seen["balance_eur"] == 7.5
    assert [(m["kind"], m["amount_eur"], m["sale_id"]) for m in seen["history"]] == [
        ("issued", 20.0, None), ("spent", 12.5, sale["sale_id"])]

    # the rest with the voucher, the remainder in cash: rounded to 5 cents, with change
    book = tracker.ready(price=10.03)
    r = _pay(tracker, [book], voucher(code, 7.5), {"method": "cash", "amount_eur": 5})
    assert r.status_code == 201, r.text
    assert r.json()["payments"] == [{"method": "cash", "amount_eur": 2.55},
                                    {"method": "voucher", "amount_eur": 7.5, "voucher": code}]
    assert (r.json()["change_eur"], r.json()["rounding_eur"]) == (2.45, 0.02)
    assert _balance(tracker, code) == 0.0
    seen = tracker.get("till", f"/api/sales/{r.json()['sale_id']}").json()
    assert seen["payments"] == r.json()["payments"]
    # the till's money: the voucher counts as a way of paying, its issue as nothing
    doc = _monitor(tracker)
    assert doc["outflow"]["sold"]["revenue_eur"] == 22.53
    assert doc["till"]["payments"] == {"cash": 2.55, "pin": 0.0, "other": 0.0, "voucher": 20.0}


def test_a_refund_onto_a_voucher_is_store_credit_and_counts_revenue_once(tracker):
    chair = tracker.ready(price=20.0, category="meubilair")
    sold = tracker.post("till", "/api/sales", {"items": [chair], "payment": "pin"}).json()
    r = tracker.post("till", f"/api/sales/{sold['sale_id']}/refund", {"method": "voucher"})
    assert r.status_code == 201, r.text
    back = r.json()
    code = back["voucher"]
    assert back["method"] == "voucher" and back["voucher_qr"] == f"http://test.local/v/{code}"
    issued = tracker.get("till", f"/api/vouchers/{code}").json()
    assert (issued["balance_eur"], issued["reason"]) == (20.0, "refund")
    assert issued["history"][0]["refund_id"] == back["refund_id"]
    seen = tracker.get("till", f"/api/sales/{sold['sale_id']}").json()
    assert seen["refunds"][0]["method"] == "voucher"
    paid = tracker.get("till", f"/api/sales/{sold['sale_id']}").json()["payments"]
    assert paid == [{"method": "pin", "amount_eur": 20.0}]

    # the customer spends the credit on something else: revenue is that sale, once
    table = tracker.ready(price=25.0, category="meubilair")
    r = _pay(tracker, [table], voucher(code, 20), {"method": "pin", "amount_eur": 5})
    assert r.status_code == 201, r.text
    doc = _monitor(tracker)
    assert doc["outflow"]["sold"]["revenue_eur"] == 25.0
    assert doc["refunds"]["amount_eur"] == 20.0
    payments = doc["till"]["payments"]  # voucher: 20 spent - 20 refunded onto one
    assert {"voucher": 0.0, **payments} == {"cash": 0.0, "pin": 25.0, "other": 0.0,
                                            "voucher": 0.0}
    assert sum(payments.values()) == doc["outflow"]["sold"]["revenue_eur"]


def _refusals(tracker, spent: str, small: str, lamp: str):
    """(request, status, code, Dutch words) for each way paying with a voucher goes wrong."""
    typo = spent[:-1] + ("0" if spent[-1] != "0" else "1")
    unknown = vouchers.display(vouchers.new_code(lambda bits: 12345))
    return [
        ([voucher(unknown, 5)], 404, "voucher_not_found", "bestaat niet"),
        ([voucher(typo, 5)], 422, "invalid_voucher", "controleteken"),
        ([voucher(lamp, 5)], 422, "invalid_voucher", "geen geldige tegoedbon"),
        ([voucher(spent, 5)], 409, "voucher_spent", "helemaal gebruikt"),
        ([voucher(small, 5)], 409, "voucher_insufficient", "nog € 3,00, niet € 5,00"),
        ([voucher(small, 3)], 422, "payments_do_not_add_up", "nog € 2,00 te betalen"),
        ([{"method": "cash", "amount_eur": 5, "voucher": small}], 422, "invalid_payment",
         "noemt de code"),
        ([{"method": "voucher", "amount_eur": 5}], 422, "invalid_payment", "noemt de code"),
    ]


def test_a_wrong_spent_or_too_small_voucher_is_refused_in_words_and_changes_nothing(tracker):
    spent, small = _issue(tracker, 4), _issue(tracker, 3)
    assert _pay(tracker, [tracker.ready(price=4)], voucher(spent, 4)).status_code == 201
    lamp = tracker.ready(price=5.0)
    before = _monitor(tracker)
    for payments, status, code, words in _refusals(tracker, spent, small, lamp):
        r = _pay(tracker, [lamp], *payments)
        assert (r.status_code, r.json()["code"]) == (status, code), (payments, r.text)
        assert words in r.json()["detail"], r.json()
        en = _pay(tracker, [lamp], *payments, headers={"Accept-Language": "en"})
        assert en.status_code == status and en.json()["detail"] != r.json()["detail"]
    r = tracker.post("till", "/api/sales", {"items": [lamp], "payment": "voucher"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_payment")
    assert tracker.get("till", f"/api/items/{lamp}").json()["state"] == "ready_for_sale"
    assert (_balance(tracker, spent), _balance(tracker, small)) == (0.0, 3.0)
    assert _monitor(tracker) == before


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"amount_eur": 0, "reason": "x"}, 422, "invalid_price"),
    ({"amount_eur": -5, "reason": "x"}, 422, "invalid_price"),
    ({"amount_eur": "1.234", "reason": "x"}, 422, "invalid_price"),
    ({"amount_eur": 5, "reason": ""}, 422, "invalid_input"),
    ({"amount_eur": 5}, 422, "invalid_input"),
    ({"amount_eur": 5, "reason": "x", "payment": "voucher"}, 422, "invalid_input"),
])
def test_issuing_a_voucher_that_cannot_be_is_refused(tracker, body, status, code):
    r = tracker.post("till", "/api/vouchers", body)
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert r.json()["detail"]


def test_who_may_issue_and_read_vouchers(tracker):
    code = _issue(tracker)
    assert tracker.post("admin", "/api/vouchers", {"amount_eur": 5, "reason": "x"}
                        ).status_code == 201
    for role in ("intake", "repair", "monitor"):
        assert tracker.post(role, "/api/vouchers", {"amount_eur": 5, "reason": "x"}
                            ).status_code == 403
        assert tracker.get(role, f"/api/vouchers/{code}").status_code == 200
        assert tracker.get(role, f"/api/vouchers/{code}/voucher.pdf").status_code == 403
    assert tracker.client.get(f"/api/vouchers/{code}").status_code == 401
    r = tracker.get("till", "/api/vouchers/TB-0000-0000-0000-1")
    assert (r.status_code, r.json()["code"]) == (422, "invalid_voucher")


def _slip_lines(code: str, issued: str, balance: str) -> list[str]:
    """The voucher at 42 columns, worked out by hand (09:00 UTC is 10:00 in Amsterdam)."""
    rule = "-" * 42
    return ["        Circulair Ambachtscentrum", "            Milieustraat Noord",
            "             02-03-2026 10:00", rule, "                TEGOEDBON", "",
            "Tegoed" + " " * (32 - len(issued)) + "EUR " + issued,
            "SALDO" + " " * (33 - len(balance)) + "EUR " + balance, "",
            " " * 11 + code, rule, " Bewaar deze bon goed: wie de code heeft,",
            "        kan het tegoed gebruiken.", "      Scan de QR-code voor het saldo"]


def test_a_voucher_prints_its_lines_qr_and_cut_on_the_receipt_printer(tracker, printer):  # noqa: F811
    code = _issue(tracker, 15.5)
    _pay(tracker, [tracker.ready(price=5)], voucher(code, 5))
    r = tracker.post("till", f"/api/vouchers/{code}/print")
    assert (r.status_code, r.json()["code"]) == (409, "no_receipt_printer")
    _give_printer(tracker, printer.uri)
    r = tracker.post("till", f"/api/vouchers/{code}/print")
    assert r.status_code == 200, r.text
    assert r.json() == {"voucher": code, "printer": printer.uri}
    (job,) = printer.printed()
    printed = parse(job)
    assert printed.lines == _slip_lines(code, "15,50", "10,50")
    assert printed.qr == [f"http://test.local/v/{code}"]
    assert printed.order == ["qr", "cut"] and printed.drawer_kicks == []
    text = tracker.get("till", f"/api/vouchers/{code}/voucher.txt").text
    assert text.splitlines() == [*_slip_lines(code, "15,50", "10,50"),
                                 f"http://test.local/v/{code}"]


def test_the_voucher_pdf_carries_the_balance_and_a_qr_code_to_its_page(tracker):
    code = _issue(tracker, 7.25)
    r = tracker.get("till", f"/api/vouchers/{code}/voucher.pdf",
                    headers={"Accept-Language": "en"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["cache-control"] == "no-store"
    page = pypdfium2.PdfDocument(r.content)[0]
    text = page.get_textpage().get_text_range()
    assert "VOUCHER" in text and "EUR 7.25" in text and code in text
    found = [c.text for c in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]
    assert found == [f"http://test.local/v/{code}"]


def test_the_public_voucher_page_shows_the_balance_and_nothing_else(tracker):
    code = _issue(tracker, 20)
    sale = _pay(tracker, [tracker.ready(price=12.5)], voucher(code, 20)).json()
    r = tracker.client.get(f"/v/{code}")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert 'id="balance">€ 7,50<' in r.text and code in r.text
    for private in (sale["sale_id"], "till-1", "cadeaubon", "milieustraat-1"):
        assert private not in r.text
    english = tracker.client.get(f"/v/{code.lower()}?lang=en")
    assert "Balance" in english.text and "€ 7.50" in english.text
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert tracker.client.get(f"/v/{typo}").status_code == 404
    assert "klopt niet" in tracker.client.get(f"/v/{typo}").text
    unknown = vouchers.display(vouchers.new_code(lambda bits: 12345))
    assert "kennen we niet" in tracker.client.get(f"/v/{unknown}").text
