"""Verkopen: the till sells labelled items and unlabelled goods by weight, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain import codes, items, values, words
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.domain.events import Event, Line
from tracker.domain.items import Item, State
from tracker.services.context import Tx
from tracker.store import repository as repo
from tracker.store.repository import Repository, SqlRepository

PAYMENTS = ("cash", "pin", "other")
# How money goes back (CONTRACT §9). A voucher needs the vouchers of the till's day (§11),
# which are not built yet: refused with a sentence until then.
REFUND_METHODS = ("cash", "pin")
MAX_ITEMS_PER_SALE = 200  # a full cart at a thrift store; more is a scanner gone wild
# Unlabelled goods by weight count in sold kg, the reuse rate and CO2 avoided, so a line must
# be a sale someone could carry out and paid for. The heaviest: a car trailer of bricks, tiles
# or beams from the building materials corner (a small trailer takes about 500 kg).
MAX_LINE_KG = 500
# The cheapest goods a kringloop sells by weight (rubble, bricks, scrap wood) go for about
# €0.10 a kg; half of that is the floor. Below it, a line is a typo or a giveaway, and a
# giveaway is no sale: it would count as reuse that nobody paid for.
MIN_LINE_CENTS_PER_KG = 5


@dataclass(frozen=True)
class Sale:
    sale_id: str
    items: list[Item]
    lines: list[Line]
    payment: str
    total_cents: int
    paid_cents: dict[str, int | None] = field(default_factory=dict)  # per item code


def _not_for_sale(item: Item) -> dict[str, str]:
    shown = codes.display(item.code)
    return {"code": shown, "state": item.state.value,
            "detail": f"{shown} {words.not_for_sale(item.state, 'nl')}",
            "detail_en": f"{shown} {words.not_for_sale(item.state, 'en')}"}


def check_line(n: int, line: Line) -> None:
    """A line by weight is a plausible sale: not heavier than MAX_LINE_KG, and at least
    MIN_LINE_CENTS_PER_KG paid per kg (so never € 0); else a clear 422."""
    kg, eur = values.kg(line.weight_g), values.eur(line.price_cents)
    if line.weight_g > MAX_LINE_KG * 1000:
        raise InvalidInput(
            f"regel {n}: {kg} kg is meer dan {MAX_LINE_KG} kg in één regel: een tikfout?",
            "line_too_heavy", en=f"line {n}: {kg} kg is more than {MAX_LINE_KG} kg in one line: "
                                 "a typo?")
    if line.price_cents * 1000 < line.weight_g * MIN_LINE_CENTS_PER_KG:
        floor = values.eur(MIN_LINE_CENTS_PER_KG)
        raise InvalidInput(
            f"regel {n}: € {eur} voor {kg} kg is minder dan € {floor} per kg: een tikfout? "
            "(iets weggeven is geen verkoop)", "line_price_too_low",
            en=f"line {n}: € {eur} for {kg} kg is less than € {floor} a kg: a typo? "
               "(giving something away is not a sale)")


def _check_receipt(tx: Tx, item_codes: list[str], lines: list[Line], payment: str) -> None:
    """What a receipt must be before anything is looked up: a payment, something on it, each
    item once, lines of known categories within their limits."""
    if payment not in PAYMENTS:
        raise InvalidInput("betaalwijze moet cash, pin of other zijn", "invalid_payment",
                           en="payment must be cash, pin or other")
    if not item_codes and not lines:
        raise InvalidInput("de kassabon is leeg", "empty_sale", en="the receipt is empty")
    if len(item_codes) > MAX_ITEMS_PER_SALE:
        raise InvalidInput(f"meer dan {MAX_ITEMS_PER_SALE} items in één verkoop", "too_many_items",
                           en=f"more than {MAX_ITEMS_PER_SALE} items in one sale")
    if len(set(item_codes)) != len(item_codes):
        raise InvalidInput("een item staat dubbel op de bon", "duplicate_item",
                           en="an item is on the receipt twice")
    for n, line in enumerate(lines, 1):
        tx.category(line.category)
        check_line(n, line)


def sell(tx: Tx, item_codes: list[str], lines: list[Line], payment: str,
         shown_cents: dict[str, int] | None = None) -> Sale:
    """Afrekenen: every item must be ready for sale, or nothing is sold. `shown_cents` are the
    prices a till showed from its copy of the shelf while it was offline: the sale stands at
    those (the money was taken), and a difference is kept for the coordinator."""
    _check_receipt(tx, item_codes, lines, payment)
    by_code = {c: tx.load(c) for c in sorted(item_codes)}  # fixed lock order: no deadlocks
    offending = [_not_for_sale(i) for i in by_code.values() if i.state != State.READY_FOR_SALE]
    if offending:
        raise NotAllowed("niet te koop: " + "; ".join(o["detail"] for o in offending),
                         "not_ready_for_sale", offending,
                         en="not for sale: " + "; ".join(o["detail_en"] for o in offending))
    shown = {c: p for c, p in (shown_cents or {}).items() if c in by_code}
    sale_id = tx.new_id()
    paid = {c: shown.get(c, by_code[c].price_cents) for c in item_codes}
    sold = [tx.change_item(by_code[c], c, items.sell(by_code[c], sale_id, paid[c]))
            for c in item_codes]
    total = sum(paid[i.code] or 0 for i in sold) + sum(line.price_cents for line in lines)
    # differences are for the coordinator: GET /api/sales/price-differences
    differences = tuple(ev.PriceDifference(c, p, by_code[c].price_cents)
                        for c, p in sorted(shown.items()) if p != by_code[c].price_cents)
    tx.record(f"sale:{sale_id}", 1, ev.Sale(
        tuple(ev.SoldItem(i.code, i.category, i.weight_g, paid[i.code]) for i in sold),
        tuple(lines), payment, total, differences))
    return Sale(sale_id, sold, lines, payment, total, paid)


@dataclass
class SaleRecord:
    """A sale as the till looks it up for a refund: what was sold, and what went back."""

    sale_id: str
    at: datetime
    site: str
    sale: ev.Sale
    refunds: list[tuple[datetime, ev.Refund]] = field(default_factory=list)

    @property
    def refunded_items(self) -> set[str]:
        return {i.code for _, r in self.refunds for i in r.items}

    @property
    def refunded_lines(self) -> set[int]:
        return {ln.index for _, r in self.refunds for ln in r.lines}


def _record(sale_id: str, events: list[Event]) -> SaleRecord:
    first, *later = events
    assert isinstance(first.fact, ev.Sale)
    return SaleRecord(sale_id, first.at, first.site, first.fact,
                      [(e.at, e.fact) for e in later if isinstance(e.fact, ev.Refund)])


def _events(stored: Repository, sale_id: str) -> list[Event]:
    """A sale's events (the sale, then its refunds), or 404."""
    events = stored.events_of(f"sale:{sale_id}") if len(sale_id) <= 64 else []
    if not events or not isinstance(events[0].fact, ev.Sale):
        raise NotFound(f"verkoop '{sale_id}' bestaat niet", "sale_not_found",
                       en=f"sale '{sale_id}' does not exist")
    return events


def find(conn: sa.Connection, sale_id: str) -> SaleRecord:
    """A sale by id (as on the receipt), or 404."""
    return _record(sale_id, _events(SqlRepository(conn), sale_id))


def refund(tx: Tx, sale_id: str, item_codes: list[str] | None, line_indexes: list[int] | None,
           method: str, faulty: bool = False, reason: str | None = None) -> dict[str, Any]:
    """Terugbetalen: (part of) a sale goes back for its money. Each item returns to the shelf
    (to the bench when faulty), each item or line once; the sold figures go down on today's
    date. Nothing is new inflow. Without items and lines: everything not yet refunded."""
    if method not in REFUND_METHODS:
        raise InvalidInput("terugbetalen kan contant (cash) of met de pin; een tegoedbon kan nog "
                           "niet", "invalid_refund_method",
                           en="refunds are paid in cash or by card (pin); vouchers are not "
                              "available yet")
    events = _events(tx.repo, sale_id)
    sale = _record(sale_id, events)
    sold = {i.code: i for i in sale.sale.items}
    item_codes, line_indexes = _refundable(sale, item_codes, line_indexes)
    refund_id = tx.new_id()
    back = []
    for c in sorted(item_codes):  # fixed lock order: no deadlocks
        item = tx.load(c)
        change = items.refund(item, sale_id, refund_id, sold[c].price_cents, faulty,
                              sale.at, sale.site)
        back.append(tx.change_item(item, c, change))
    lines = [ev.RefundedLine(n, ln.category, ln.weight_g, ln.price_cents)
             for n, ln in ((n, sale.sale.lines[n]) for n in sorted(line_indexes))]
    refunded_items = tuple(sold[c] for c in sorted(item_codes))
    amount = sum(i.price_cents or 0 for i in refunded_items) + sum(
        ln.price_cents for ln in lines)
    tx.record(f"sale:{sale_id}", len(events) + 1, ev.Refund(
        refund_id, refunded_items, tuple(lines), amount, method, faulty, reason or None))
    return {"refund_id": refund_id, "sale_id": sale_id, "amount_cents": amount,
            "method": method, "items": back, "lines": lines}


def _refundable(sale: SaleRecord, item_codes: list[str] | None,
                line_indexes: list[int] | None) -> tuple[list[str], list[int]]:
    """The items and lines a refund takes back (none named: whatever is left), each checked
    to be part of the sale and not refunded before."""
    sold = {i.code for i in sale.sale.items}
    if item_codes is None and line_indexes is None:
        item_codes = [c for c in sold if c not in sale.refunded_items]
        line_indexes = [n for n in range(len(sale.sale.lines)) if n not in sale.refunded_lines]
    codes_, indexes = list(item_codes or []), list(line_indexes or [])
    if len(set(codes_)) != len(codes_) or len(set(indexes)) != len(indexes):
        raise InvalidInput("een item of regel staat dubbel in de terugbetaling", "duplicate_item",
                           en="an item or line is in the refund twice")
    problems = _problems(sale, codes_, indexes)
    if problems:
        raise NotAllowed("niet terug te betalen: " + "; ".join(p["detail"] for p in problems),
                         "not_refundable", problems,
                         en="cannot be refunded: " + "; ".join(p["detail_en"] for p in problems))
    if not codes_ and not indexes:
        raise NotAllowed("alles van deze verkoop is al terugbetaald", "not_refundable",
                         en="everything in this sale has already been refunded")
    return codes_, indexes


def _problems(sale: SaleRecord, item_codes: list[str], indexes: list[int]
              ) -> list[dict[str, str]]:
    sold = {i.code for i in sale.sale.items}
    found = [_not_in(sale, c, sold) for c in item_codes] + [
        _line_problem(sale, n) for n in indexes]
    return [p for p in found if p is not None]


def _not_in(sale: SaleRecord, code: str, sold: set[str]) -> dict[str, str] | None:
    shown = codes.display(code)
    if code not in sold:
        return {"code": shown, "detail": f"{shown} hoort niet bij deze verkoop",
                "detail_en": f"{shown} is not part of this sale"}
    if code in sale.refunded_items:
        return {"code": shown, "detail": f"{shown} is al terugbetaald",
                "detail_en": f"{shown} has already been refunded"}
    return None


def _line_problem(sale: SaleRecord, index: int) -> dict[str, str] | None:
    if not 0 <= index < len(sale.sale.lines):
        return {"line": str(index), "detail": f"regel {index} bestaat niet in deze verkoop",
                "detail_en": f"line {index} does not exist in this sale"}
    if index in sale.refunded_lines:
        return {"line": str(index), "detail": f"regel {index} is al terugbetaald",
                "detail_en": f"line {index} has already been refunded"}
    return None


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
