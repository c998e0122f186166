"""Verkopen: the till sells labelled items and unlabelled goods by weight, all or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.domain import items, till
from tracker.domain import vouchers as voucher_rules
from tracker.domain.errors import NotFound
from tracker.domain.events import Event, Line
from tracker.domain.items import Item, State
from tracker.domain.sales import (
    PAYMENTS,
    REFUND_METHODS,
    SPLIT,
    SaleRecord,
    check_all_for_sale,
    check_receipt,
    check_refund_method,
    record,
    refundable,
)
from tracker.services import vouchers as voucher_service
from tracker.services.context import Tx
from tracker.services.till_rules import pct_for
from tracker.store import repository as repo
from tracker.store.repository import Repository, SqlRepository

__all__ = ["PAYMENTS", "REFUND_METHODS", "Sale", "SaleRecord", "find", "price_differences",
           "refund", "sell", "shelf"]


VOUCHER_REASON = "refund"  # the reason of a voucher a refund issued


@dataclass(frozen=True)
class Sale:
    sale_id: str
    items: list[Item]
    lines: list[Line]
    payment: str
    total_cents: int
    paid_cents: dict[str, int | None] = field(default_factory=dict)  # per item code
    sold: ev.Sale | None = None  # the receipt as recorded: discounts, VAT rates, payments


def sell(tx: Tx, item_codes: list[str], lines: list[Line], payment: str | None,
         shown_cents: dict[str, int] | None = None,
         discounts: Sequence[till.Discount] = (),
         payments: Sequence[tuple[str, int | None]] | None = None,
         reasons: Sequence[str] = till.DISCOUNT_REASONS,
         markdowns: Sequence[till.Markdown] = (),
         vouchers: Sequence[tuple[str, int]] = (), till_day: int | None = None) -> Sale:
    """Afrekenen: every item must be ready for sale, or nothing is sold. `shown_cents` are the
    prices a till showed from its copy of the shelf while it was offline: the sale stands at
    those (the money was taken), and a difference is kept for the coordinator. Discounts lower
    what is paid per item or line (CONTRACT §11); `payments` split it over ways of paying
    (`payment` alone: all of it), and `vouchers` (code, cents offered) pay what they can of it
    (services/vouchers.py). A markdown rule lowers an item's price first, with reason
    `markdown` (`reasons`: the admin's list for the rest). `till_day`: the day of its till it
    is booked into (services/till_days.book)."""
    paid_by = list(payments) if payments is not None else [(payment or "", None)]
    check_receipt(item_codes, lines, paid_by[0][0] if paid_by else till.VOUCHER, tx.category)
    by_code = {c: tx.load(c) for c in sorted(item_codes)}  # fixed lock order: no deadlocks
    check_all_for_sale(list(by_code.values()))
    shown = {c: p for c, p in (shown_cents or {}).items() if c in by_code}
    listed: list[int | None] = [shown.get(c, by_code[c].price_cents) for c in item_codes]
    listed += [ln.price_cents for ln in lines]
    lowered = _markdowns(tx, [by_code[c] for c in item_codes], listed, markdowns)
    given, after = _discounted(listed, [*lowered, *discounts], reasons)
    total = sum(p or 0 for p in after)
    voucher_service.check_usable(tx, vouchers)
    settled, used = voucher_rules.settle(total, paid_by, vouchers)
    sale_id = tx.new_id()
    voucher_service.spend(tx, sale_id, used)
    paid = dict(zip(item_codes, after[:len(item_codes)], strict=True))
    sold = [tx.change_item(by_code[c], c, items.sell(by_code[c], sale_id, paid[c]))
            for c in item_codes]
    fact = _receipt(tx, sold, lines, listed, given, after, total, settled,
                    _differences(shown, by_code), till_day, used)
    tx.record(f"sale:{sale_id}", 1, fact)
    return Sale(sale_id, sold, list(fact.lines), fact.payment, total, paid, fact)


def _differences(shown: dict[str, int], by_code: dict[str, Item]
                 ) -> tuple[ev.PriceDifference, ...]:
    """Prices an offline till showed that were no longer the item's (for the coordinator:
    GET /api/sales/price-differences)."""
    return tuple(ev.PriceDifference(c, p, by_code[c].price_cents)
                 for c, p in sorted(shown.items()) if p != by_code[c].price_cents)


def _discounted(listed: list[int | None], asked: Sequence[till.Discount],
                reasons: Sequence[str]) -> tuple[list[list[tuple[str, int]]], list[int | None]]:
    """Each part's discounts, and what is paid for it after them."""
    given = till.discounts([p or 0 for p in listed], asked, reasons)
    return given, [None if p is None else p - sum(c for _, c in d)
                   for p, d in zip(listed, given, strict=True)]


def _markdowns(tx: Tx, items_: list[Item], listed: list[int | None],
               markdowns: Sequence[till.Markdown]) -> list[till.Discount]:
    """The markdown discounts of the items on the receipt (by days on the shelf)."""
    out = []
    for n, item in enumerate(items_):
        pct = pct_for(markdowns, item, tx.now)
        if listed[n] and pct is not None:
            out.append(till.Discount(n, till.MARKDOWN, pct=pct))
    return out


def _receipt(tx: Tx, sold: list[Item], lines: list[Line], listed: list[int | None],
             given: list[list[tuple[str, int]]], after: list[int | None], total: int,
             settled: till.Settled, differences: tuple[ev.PriceDifference, ...],
             till_day: int | None, used: Sequence[tuple[str, int]] = ()) -> ev.Sale:
    """The sale as it is recorded: items and lines with what was paid, discounts and VAT
    rates, and how it was paid."""
    items_ = tuple(
        ev.SoldItem(i.code, i.category, i.weight_g, after[n],
                    **_part(given[n], listed[n], tx.category(i.category).vat_rate))
        for n, i in enumerate(sold))
    sold_lines = tuple(
        dataclasses.replace(ln, price_cents=after[n] or 0, **_part(
            given[n], listed[n], tx.category(ln.category).vat_rate))
        for n, ln in enumerate(lines, len(sold)))
    taken = tuple(ev.Payment(m, c) for m, c in settled.payments) + tuple(
        ev.Payment(till.VOUCHER, c, code) for code, c in used)
    method = taken[0].method if len(taken) == 1 else SPLIT
    return ev.Sale(
        items_, sold_lines, method, total, differences,
        # kept when they say more than `payment` and `total_cents` do (the stored form of a
        # plain sale stays what it was)
        () if taken == (ev.Payment(method, total),) else taken,
        settled.rounding_cents or None, settled.change_cents or None, till_day)


def _part(given: list[tuple[str, int]], listed: int | None, vat_rate: Decimal
          ) -> dict[str, Any]:
    """The optional fields of a sold item or line: list price and discounts (when any), the VAT
    rate (when not the default, which is what a sale without one is read as)."""
    vat_bp = till.bp(vat_rate)
    return {"list_cents": listed if given else None,
            "discounts": tuple(ev.Discount(r, c) for r, c in given),
            "vat_bp": None if vat_bp == till.DEFAULT_VAT_BP else vat_bp}


def _events(stored: Repository, sale_id: str) -> list[Event]:
    """A sale's events (the sale, then its refunds), or 404."""
    events = stored.events_of(f"sale:{sale_id}") if len(sale_id) <= 64 else []
    if not events or not isinstance(events[0].fact, ev.Sale):
        raise NotFound(f"verkoop '{sale_id}' bestaat niet", "sale_not_found",
                       en=f"sale '{sale_id}' does not exist")
    return events


def find(conn: sa.Connection, sale_id: str) -> SaleRecord:
    """A sale by id (as on the receipt), or 404."""
    return record(sale_id, _events(SqlRepository(conn), sale_id))


def refund(tx: Tx, sale_id: str, item_codes: list[str] | None, line_indexes: list[int] | None,
           method: str, faulty: bool = False, reason: str | None = None,
           till_day: int | None = None) -> dict[str, Any]:
    """Terugbetalen: (part of) a sale goes back for its money. Each item returns to the shelf
    (to the bench when faulty), each item or line once; the sold figures go down on today's
    date. Nothing is new inflow. Without items and lines: everything not yet refunded.
    `till_day`: the day of its till it is booked into (services/till_days.book)."""
    check_refund_method(method)
    events = _events(tx.repo, sale_id)
    sale = record(sale_id, events)
    sold = {i.code: i for i in sale.sale.items}
    item_codes, line_indexes = refundable(sale, item_codes, line_indexes)
    refund_id = tx.new_id()
    back = []
    for c in sorted(item_codes):  # fixed lock order: no deadlocks
        item = tx.load(c)
        change = items.refund(item, sale_id, refund_id, sold[c].price_cents, faulty,
                              sale.at, sale.site)
        back.append(tx.change_item(item, c, change))
    lines = [ev.RefundedLine(n, ln.category, ln.weight_g, ln.price_cents, ln.discounts,
                             ln.vat_bp)
             for n, ln in ((n, sale.sale.lines[n]) for n in sorted(line_indexes))]
    refunded_items = tuple(sold[c] for c in sorted(item_codes))
    amount = sum(i.price_cents or 0 for i in refunded_items) + sum(
        ln.price_cents for ln in lines)
    # into a tegoedbon: store credit for the amount (none for nothing)
    voucher = voucher_service.issue(tx, amount, VOUCHER_REASON, sale_id=sale_id,
                                    refund_id=refund_id) if method == till.VOUCHER and amount \
        else None
    tx.record(f"sale:{sale_id}", len(events) + 1, ev.Refund(
        refund_id, refunded_items, tuple(lines), amount, method, faulty, reason or None,
        voucher, till_day))
    return {"refund_id": refund_id, "sale_id": sale_id, "amount_cents": amount,
            "method": method, "items": back, "lines": lines, "voucher": voucher}


def price_differences(conn: sa.Connection, start: date, end: date) -> list[dict[str, Any]]:
    """Sales made offline at a price that was no longer the item's, local dates start..end."""
    out = []
    for row in repo.rows_of_type(conn, ev.Sale.TYPE, since=start, until=end):
        sale = ev.REGISTRY.read(row.type, row.data)
        assert isinstance(sale, ev.Sale)
        for diff in sale.price_differences:
            out.append({"sale_id": row.stream.removeprefix("sale:"), "at": row.at,
                        "site": row.site_id, "station": row.station, **ev.to_data(diff)})
    return out


def shelf(conn: sa.Connection) -> list[Item]:
    """Everything ready for sale: the till's copy for scanning while offline."""
    return repo.items_in_state(conn, State.READY_FOR_SALE)
