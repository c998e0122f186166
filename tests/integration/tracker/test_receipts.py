"""Kassabon (CONTRACT §11): a sale's receipt as text and PDF, printed on the till's ESC/POS
receipt printer (a raw TCP port on loopback, as port 9100 on the shop network), and its public
page /r/{sale_id}. Bad input is a clear 4xx that prints and changes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pypdfium2
import pytest
import zxingcpp

from tests.support.escpos import ReceiptPrinter, parse
from tests.support.services import free_port
from tracker.services import stations

UNKNOWN = "0" * 32


@pytest.fixture
def printer() -> Iterator[ReceiptPrinter]:
    device = ReceiptPrinter()
    try:
        yield device
    finally:
        device.close()


def _give_printer(tracker, uri: str | None) -> None:
    with tracker.db.write() as conn:
        stations.set_receipt_printer(conn, "till-1", uri)


def _sale(tracker, payment: str = "cash") -> tuple[str, str]:
    chair = tracker.ready(price=12.5, category="meubilair", weight_kg=8.0)
    r = tracker.post("till", "/api/sales", {
        "items": [chair], "payment": payment,
        "lines": [{"category": "textiel", "weight_kg": 2.0, "price_eur": 3.0}]})
    assert r.status_code == 201, r.text
    return r.json()["sale_id"], chair


def _lines(sale_id: str, chair: str, refunded: bool = False) -> list[str]:
    """The receipt at 42 columns, worked out by hand (the test clock's 09:00 UTC is 10:00 in
    Amsterdam on 2 March)."""
    rule = "-" * 42
    head = ["        Circulair Ambachtscentrum", "            Milieustraat Noord",
            "             02-03-2026 10:00", "   Bon " + sale_id, rule,
            "Meubilair" + " " * 28 + "12,50", "  " + chair,
            "Textiel" + " " * 31 + "3,00", "  2,000 kg", rule,
            "TOTAAL" + " " * 27 + "EUR 15,50", "Contant" + " " * 30 + "15,50",
            # VAT per line, half up: 12,50 holds 2,17 and 3,00 holds 0,52 (21 %)
            "", "Btw 21% over 12,81" + " " * 20 + "2,69"]
    refund = [rule, "Terugbetaald 04-03-2026" + " " * 13 + "-12,50", "  pin", "  " + chair]
    return head + (refund if refunded else []) + [
        rule, "   Scan de QR-code voor je digitale bon"]


def test_the_text_receipt_shows_the_sale_its_refunds_and_the_public_page(tracker, clock):
    sale_id, chair = _sale(tracker)
    r = tracker.get("till", f"/api/sales/{sale_id}/receipt.txt")
    assert r.status_code == 200, r.text
    assert r.text.splitlines() == _lines(sale_id, chair) + [f"http://test.local/r/{sale_id}"]
    clock.advance(days=2)
    assert tracker.post("till", f"/api/sales/{sale_id}/refund",
                        {"items": [chair], "method": "pin"}).status_code == 201
    r = tracker.get("till", f"/api/sales/{sale_id}/receipt.txt")
    assert r.text.splitlines()[:-1] == _lines(sale_id, chair, refunded=True)
    narrow = tracker.get("till", f"/api/sales/{sale_id}/receipt.txt", params={"width": 32})
    assert max(len(line) for line in narrow.text.splitlines()[:-1]) == 32
    english = tracker.get("till", f"/api/sales/{sale_id}/receipt.txt",
                          headers={"Accept-Language": "en"}).text
    assert "Furniture" in english and "TOTAL" in english and "EUR 15.50" in english


def test_a_receipt_shows_discounts_each_payment_the_change_and_vat_per_rate(tracker):
    """The sale of tests/integration/tracker/test_till_money.py, as the customer gets it."""
    lamp = tracker.ready(price=12.5, category="kleingoed")
    book = tracker.ready(price=3.0, category="boeken")
    r = tracker.post("till", "/api/sales", {
        "items": [lamp, book],
        "lines": [{"category": "bouwmaterialen", "weight_kg": 20, "price_eur": 7.99}],
        "discounts": [{"item": lamp, "pct": 10, "reason": "stadspas"},
                      {"eur": 2, "reason": "vrijwilliger"}],
        "payments": [{"method": "pin", "amount_eur": 10}, {"method": "cash", "amount_eur": 20}]})
    assert r.status_code == 201, r.text
    text = tracker.get("till", f"/api/sales/{r.json()['sale_id']}/receipt.txt").text
    lines = [ln.rstrip() for ln in text.splitlines()]
    assert "TOTAAL" + " " * 27 + "EUR 20,24" in lines
    assert "Contant" + " " * 30 + "10,25" in lines and "Pin" + " " * 34 + "10,00" in lines
    assert "Btw 21% over 16,73" + " " * 20 + "3,51" in lines  # 178 + 47 + 126 cents, by hand
    assert any("Stadspas" in ln and "-1,25" in ln for ln in lines)
    assert any("9,75" in ln for ln in lines)  # the change
    assert printed_paid_in_cash(tracker, r.json()["sale_id"])


def printed_paid_in_cash(tracker, sale_id: str) -> bool:
    """Whether printing would open the drawer (cash among the payments)."""
    from tracker.services import receipts

    with tracker.db.read() as conn:
        sale, _ = receipts.find(conn, sale_id)
    return receipts.paid_in_cash(sale)


def test_the_pdf_receipt_carries_the_lines_and_a_qr_code_to_the_public_page(tracker):
    sale_id, chair = _sale(tracker)
    r = tracker.get("till", f"/api/sales/{sale_id}/receipt.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    page = pypdfium2.PdfDocument(r.content)[0]
    text = page.get_textpage().get_text_range()
    assert "TOTAAL" in text and chair in text and "EUR 15,50" in text
    found = [c.text for c in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]
    assert found == [f"http://test.local/r/{sale_id}"]


def test_a_receipt_that_cannot_be_is_a_clear_4xx(tracker):
    sale_id, _ = _sale(tracker)
    for path, status, code in (
            (f"/api/sales/{UNKNOWN}/receipt.txt", 404, "sale_not_found"),
            ("/api/sales/nonsense/receipt.pdf", 404, "sale_not_found"),
            (f"/api/sales/{sale_id}/receipt.doc", 422, "unsupported_format"),
            (f"/api/sales/{sale_id}/receipt.txt?width=7", 422, "invalid_width")):
        r = tracker.get("till", path)
        assert (r.status_code, r.json()["code"]) == (status, code), path
    assert tracker.get("intake", f"/api/sales/{sale_id}/receipt.txt").status_code == 403


def test_printing_sends_lines_qr_cut_and_the_drawer_kick_for_cash(tracker, printer):
    _give_printer(tracker, printer.uri)
    sale_id, chair = _sale(tracker, "cash")
    assert tracker.get("till", "/api/me").json()["receipt_printer"] is True
    r = tracker.post("till", f"/api/sales/{sale_id}/print")
    assert r.status_code == 200, r.text
    assert r.json() == {"sale_id": sale_id, "printer": printer.uri, "drawer": True}
    (job,) = printer.printed()
    printed = parse(job)
    assert printed.lines == _lines(sale_id, chair)
    assert printed.qr == [f"http://test.local/r/{sale_id}"]
    assert printed.order == ["qr", "cut", "drawer"] and printed.drawer_kicks == [2]


def test_a_card_payment_prints_without_opening_the_drawer_and_once_per_key(tracker, printer):
    _give_printer(tracker, printer.uri + "?columns=32")
    sale_id, _ = _sale(tracker, "pin")
    key = {"Idempotency-Key": "till-1:print:1"}
    first = tracker.post("till", f"/api/sales/{sale_id}/print", headers=key)
    again = tracker.post("till", f"/api/sales/{sale_id}/print", headers=key)
    assert first.status_code == again.status_code == 200, first.text
    assert again.headers["Idempotent-Replayed"] == "true" and first.json()["drawer"] is False
    (job,) = printer.printed()
    printed = parse(job)
    assert printed.order == ["qr", "cut"] and printed.drawer_kicks == []
    assert max(map(len, printed.lines)) == 32
    assert "Pin" + " " * 24 + "15,50" in printed.lines


def test_printing_without_a_printer_an_unknown_sale_or_a_printer_that_is_off(tracker, printer):
    sale_id, _ = _sale(tracker)
    assert tracker.get("till", "/api/me").json()["receipt_printer"] is False
    r = tracker.post("till", f"/api/sales/{sale_id}/print")
    assert (r.status_code, r.json()["code"]) == (409, "no_receipt_printer")
    assert "ambacht station receipt-printer till-1" in r.json()["detail"]
    _give_printer(tracker, printer.uri)
    r = tracker.post("till", f"/api/sales/{UNKNOWN}/print")
    assert (r.status_code, r.json()["code"]) == (404, "sale_not_found")
    _give_printer(tracker, f"escpos://127.0.0.1:{free_port()}")  # nobody listens
    for language, said in (("nl", "niet bereikbaar"), ("en", "cannot be reached")):
        r = tracker.post("till", f"/api/sales/{sale_id}/print",
                         headers={"Accept-Language": language,
                                  "Idempotency-Key": f"till-1:print:{language}"})
        assert (r.status_code, r.json()["code"]) == (409, "printer_failed")
        assert said in r.json()["detail"]
    _give_printer(tracker, printer.uri)  # the failed key was not remembered: it prints now
    r = tracker.post("till", f"/api/sales/{sale_id}/print",
                     headers={"Idempotency-Key": "till-1:print:nl"})
    assert r.status_code == 200, r.text
    assert len(printer.printed()) == 1


def test_a_server_without_python_escpos_says_how_to_install_it(tracker, printer, monkeypatch):
    _give_printer(tracker, printer.uri)
    sale_id, _ = _sale(tracker)
    monkeypatch.setitem(sys.modules, "escpos", None)  # `import escpos` now fails
    r = tracker.post("till", f"/api/sales/{sale_id}/print")
    assert (r.status_code, r.json()["code"]) == (409, "printing_not_installed")
    assert "pip install 'ambacht[printing]'" in r.json()["detail"]
    assert printer.jobs == []


@pytest.mark.parametrize("uri", ["escpos://", "zpl://host:9100", "escpos-usb://printer",
                                 "escpos://host:99999", "escpos://host?columns=40"])
def test_a_receipt_printer_address_that_cannot_work_is_refused(tracker, uri):
    with pytest.raises(Exception) as refused, tracker.db.write() as conn:
        stations.set_receipt_printer(conn, "till-1", uri)
    assert getattr(refused.value, "code", None) == "invalid_printer"


def test_the_public_receipt_page_shows_the_receipt_without_personal_data(tracker):
    sale_id, chair = _sale(tracker)
    page = tracker.client.get(f"/r/{sale_id}")
    assert page.status_code == 200
    assert chair in page.text and "15,50" in page.text and "Milieustraat Noord" in page.text
    assert "till-1" not in page.text  # no station (nor person, nor card) on it
    english = tracker.client.get(f"/r/{sale_id}", headers={"Accept-Language": "en"})
    assert 'lang="en"' in english.text and "Furniture" in english.text
    for wrong, said in ((UNKNOWN, "Deze bon kennen we niet."),
                        ("not-a-sale", "Dit bonnummer klopt niet."),
                        ("A" * 500, "Dit bonnummer klopt niet.")):
        r = tracker.client.get(f"/r/{wrong}")
        assert r.status_code == 404 and said in r.text


def test_the_command_line_gives_and_takes_a_tills_receipt_printer(tracker, tmp_path):
    env = {"AMBACHT_DATABASE_URL": tracker.db.url, "PATH": "/usr/bin:/bin"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tracker", *args], env=env,
                              capture_output=True, text=True)

    device = tmp_path / "lp0"  # a device file, as /dev/usb/lp0 on a till's computer
    done = cli("station", "receipt-printer", "till-1", f"file://{device}")
    assert done.returncode == 0, done.stderr
    assert f"file://{device}" in cli("station", "list").stdout
    sale_id, chair = _sale(tracker)
    r = tracker.post("till", f"/api/sales/{sale_id}/print")
    assert r.status_code == 200, r.text
    printed = parse(device.read_bytes())
    assert printed.lines == _lines(sale_id, chair) and printed.drawer_kicks == [2]
    done = cli("station", "receipt-printer", "till-1")  # no address: the PDF again
    assert done.returncode == 0 and "PDF" in done.stdout, done.stderr
    assert tracker.get("till", "/api/me").json()["receipt_printer"] is False
    done = cli("station", "receipt-printer", "till-1", "zpl://zebra:9100")
    assert done.returncode != 0 and "Onbekend bonprinteradres" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # one line, no traceback
