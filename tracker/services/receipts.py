"""Kassabon: a sale's receipt as the customer gets it (text, PDF, printed, and its public page
/r/{sale_id}), from the sale's record. Nothing about the station, the cashier or a card."""

from __future__ import annotations

import re
from collections.abc import Mapping

import sqlalchemy as sa

from receipts import Part, Payment, Receipt, Refund
from tracker.domain import codes, words
from tracker.domain.categories import Category
from tracker.domain.errors import NotFound
from tracker.domain.events import Line, RefundedLine, SoldItem
from tracker.domain.sales import SaleRecord
from tracker.services import sales
from tracker.services.context import LOCAL_ZONE
from tracker.store import stations as stored

# What a sale id looks like: uuid4 as 32 hex digits (122 random bits, not guessable). The
# public page refuses anything else before a lookup.
SALE_ID = re.compile(r"[0-9a-f]{32}")
# Payment methods whose money goes through the drawer: printing opens it (kick pulse).
CASH = "cash"


def well_formed(sale_id: str) -> bool:
    """Whether a text can be a sale id at all (the public page says so before looking it up)."""
    return SALE_ID.fullmatch(sale_id) is not None


def public_url(base_url: str, sale_id: str) -> str:
    """The receipt's public page: what its QR code holds (CONTRACT §11)."""
    return f"{base_url.rstrip('/')}/r/{sale_id}"


def find(conn: sa.Connection, sale_id: str) -> tuple[SaleRecord, str]:
    """A sale (404 when unknown) and the name of the site where it was sold."""
    if not well_formed(sale_id):
        raise NotFound(f"verkoop '{sale_id[:64]}' bestaat niet", "sale_not_found",
                       en=f"sale '{sale_id[:64]}' does not exist")
    sale = sales.find(conn, sale_id)
    site = stored.get_site(conn, sale.site)
    return sale, str(site["name"] or site["id"]) if site else sale.site


def paid_in_cash(sale: SaleRecord) -> bool:
    """Whether (part of) the sale was paid in cash: printing its receipt opens the drawer."""
    return sale.sale.payment == CASH


def _kg(grams: int, lang: str) -> str:
    return f"{grams // 1000}{'.' if lang == 'en' else ','}{grams % 1000:03d} kg"


def _category(categories: Mapping[str, Category], name: str, lang: str) -> str:
    found = categories.get(name)
    if found is None:
        return name
    return found.label_en if lang == "en" else found.label_nl


def _item(item: SoldItem, categories: Mapping[str, Category], lang: str) -> Part:
    return Part(_category(categories, item.category, lang), codes.display(item.code),
                item.price_cents or 0)


def _line(line: Line | RefundedLine, categories: Mapping[str, Category], lang: str) -> Part:
    return Part(_category(categories, line.category, lang), _kg(line.weight_g, lang),
                line.price_cents)


def receipt(sale: SaleRecord, site_name: str, centre_name: str, base_url: str,
            categories: Mapping[str, Category], lang: str) -> Receipt:
    """The receipt of a sale with its refunds, in `lang` (nl or en)."""
    fact = sale.sale
    parts = tuple(_item(i, categories, lang) for i in fact.items) + tuple(
        _line(ln, categories, lang) for ln in fact.lines)
    refunds = tuple(Refund(
        at.astimezone(LOCAL_ZONE), words.say(words.PAID[r.method], lang), r.amount_cents,
        tuple(codes.display(i.code) for i in r.items) + tuple(
            f"{_category(categories, ln.category, lang)} {_kg(ln.weight_g, lang)}"
            for ln in r.lines)) for at, r in sale.refunds)
    return Receipt(
        centre=centre_name, site=site_name, at=sale.at.astimezone(LOCAL_ZONE),
        number=sale.sale_id, url=public_url(base_url, sale.sale_id), parts=parts,
        total_cents=fact.total_cents,
        payments=(Payment(words.say(words.PAYMENTS[fact.payment], lang), fact.total_cents),),
        words={key: words.say(pair, lang) for key, pair in words.RECEIPT.items()},
        decimal_comma=lang != "en", refunds=refunds)
