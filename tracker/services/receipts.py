"""Kassabon: a sale's receipt as the customer gets it (text, PDF, printed, and its public page
/r/{sale_id}), from the sale's record. Nothing about the station, the cashier or a card."""

from __future__ import annotations

import re
from collections.abc import Mapping

import sqlalchemy as sa

from receipts import Discount, Part, Payment, Receipt, Refund, Vat
from tracker.domain import codes, till, words
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
    return sale.sale.payment == CASH or any(p.method == CASH for p in sale.sale.payments)


def _kg(grams: int, lang: str) -> str:
    return f"{grams // 1000}{'.' if lang == 'en' else ','}{grams % 1000:03d} kg"


def _category(categories: Mapping[str, Category], name: str, lang: str) -> str:
    found = categories.get(name)
    if found is None:
        return name
    return found.label_en if lang == "en" else found.label_nl


def _discounts(part: SoldItem | Line, lang: str) -> tuple[Discount, ...]:
    return tuple(Discount(words.say(words.DISCOUNT_REASONS[d.reason], lang)
                          if d.reason in words.DISCOUNT_REASONS else d.reason, d.cents)
                 for d in part.discounts)


def _item(item: SoldItem, categories: Mapping[str, Category], lang: str) -> Part:
    return Part(_category(categories, item.category, lang), codes.display(item.code),
                item.price_cents or 0, item.list_cents, _discounts(item, lang))


def _line(line: Line | RefundedLine, categories: Mapping[str, Category], lang: str) -> Part:
    if isinstance(line, RefundedLine):
        return Part(_category(categories, line.category, lang), _kg(line.weight_g, lang),
                    line.price_cents)
    return Part(_category(categories, line.category, lang), _kg(line.weight_g, lang),
                line.price_cents, line.list_cents, _discounts(line, lang))


def _vat(parts: tuple[SoldItem | Line, ...], lang: str) -> tuple[Vat, ...]:
    """VAT per rate, summed over the lines (each rounded half up), as the sale kept it."""
    sums = till.vat_by_rate((p.price_cents or 0, p.vat_bp or till.DEFAULT_VAT_BP)
                            for p in parts)
    comma = lang != "en"
    return tuple(Vat(f"{till.rate(v.vat_bp) * 100:g}%".replace(".", "," if comma else "."),
                     v.net_cents, v.vat_cents) for v in sums)


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
        payments=tuple(Payment(words.say(words.PAYMENTS[p.method], lang), p.cents)
                       for p in fact.payments) or (
            Payment(words.say(words.PAYMENTS[fact.payment], lang), fact.total_cents),),
        words={key: words.say(pair, lang) for key, pair in words.RECEIPT.items()},
        decimal_comma=lang != "en", refunds=refunds, vat=_vat((*fact.items, *fact.lines), lang),
        rounding_cents=fact.rounding_cents, change_cents=fact.change_cents)
