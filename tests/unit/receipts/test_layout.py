"""The receipt's lines, checked against receipts worked out by hand (42 and 32 columns)."""

from __future__ import annotations

from datetime import datetime

import pytest

from receipts import Discount, Part, Payment, Receipt, Refund, Vat, text_lines
from receipts.layout import money, row
from tracker.domain import words

NL = {key: nl for key, (nl, _) in words.RECEIPT.items()}


def _receipt(**changes: object) -> Receipt:
    # A chair of € 15,00 with € 2,50 off (beschadigd), 2 kg of textile for € 3,00: € 15,50.
    # VAT 21% inside 15,50: 1550 × 21 / 121 = 269.01 → 2,69, net 15,50 − 2,69 = 12,81.
    # Paid € 20,00 in cash: € 4,50 change.
    base = dict(
        centre="Kringloop Zutphen", site="Winkel De Hoven", at=datetime(2026, 3, 2, 10, 15),
        number="3f2a9c1e", url="http://test.local/r/3f2a9c1e",
        parts=(Part("Meubilair", "7K3M-9QXZ-R", 1250, 1500, (Discount("beschadigd", 250),)),
               Part("Textiel", "2,000 kg", 300)),
        total_cents=1550, payments=(Payment("Contant", 2000),), words=NL,
        vat=(Vat("21%", 1281, 269),), change_cents=450)
    return Receipt(**(base | changes))  # type: ignore[arg-type]


def test_a_receipt_with_a_discount_vat_and_change_at_42_columns():
    assert text_lines(_receipt(), 42) == [
        "            Kringloop Zutphen",
        "             Winkel De Hoven",
        "             02-03-2026 10:15",
        "               Bon 3f2a9c1e",
        "-" * 42,
        "Meubilair                            15,00",
        "  7K3M-9QXZ-R",
        "  Korting beschadigd                 -2,50",
        "Textiel                               3,00",
        "  2,000 kg",
        "-" * 42,
        "TOTAAL                           EUR 15,50",
        "Contant                              20,00",
        "Wisselgeld                            4,50",
        "",
        "Btw 21% over 12,81                    2,69",
        "-" * 42,
        "   Scan de QR-code voor je digitale bon",
    ]


def test_split_payment_a_receipt_discount_and_a_refund_at_32_columns():
    lines = text_lines(_receipt(
        parts=(Part("Kleingoed (huisraad) en nog veel meer", "AB12-CD34-E", 800),),
        discounts=(Discount("stadspas", 80),), total_cents=720, change_cents=None, vat=(),
        payments=(Payment("Pin", 500), Payment("Contant", 220)),
        refunds=(Refund(datetime(2026, 3, 4, 11, 0), "contant", 720, ("AB12-CD34-E",)),)), 32)
    assert lines[4:] == [
        "-" * 32,
        "Kleingoed (huisraad) en nog 8,00",
        "  AB12-CD34-E",
        "Korting stadspas           -0,80",
        "-" * 32,
        "TOTAAL                  EUR 7,20",
        "Pin                         5,00",
        "Contant                     2,20",
        "-" * 32,
        "Terugbetaald 04-03-2026    -7,20",
        "  contant",
        "  AB12-CD34-E",
        "-" * 32,
        "Scan de QR-code voor je digitale",
        "              bon",
    ]
    assert all(len(line) <= 32 for line in lines)


@pytest.mark.parametrize(("cents", "comma", "shown"), [
    (0, True, "0,00"), (5, True, "0,05"), (-250, True, "-2,50"), (123456, False, "1234.56")])
def test_money_is_exact_cents(cents, comma, shown):
    assert money(cents, comma) == shown


def test_a_long_name_is_cut_never_the_amount():
    assert row("x" * 50, "1234,56", 20) == "x" * 12 + " 1234,56"
