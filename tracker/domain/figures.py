"""What each event adds to the monitor's daily figures (pure; CONTRACT §6 definitions).

A figure row is (local day, site, figure, key) → (n, grams, cents); a period's figures are
the sum of its days. Stock is kept as daily changes per state, so the stock at the end of a
day is the sum of all changes up to it. `tracker.domain.monitor.recompute` derives the same
totals straight from the event log; the two must always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from tracker.domain import events as ev
from tracker.domain import sales
from tracker.domain.calendar import local_date
from tracker.domain.events import Event
from tracker.domain.items import Item, State, apply, as_if_right, counted
from tracker.domain.postcodes import UNKNOWN

# Bump when a definition below changes: stored figures of an older version are rebuilt.
# 2: visits are keyed by the visitor's municipality; 3: outflow batches, given-away items,
# transfers between sites; 4: the till's discounts, VAT and payments; 5: demand (shelf per
# category, days on the shelf, wishes).
FIGURES_VERSION = 5

INFLOW = "inflow"  # labelled items in: intake and returns (key: category)
BULK = "bulk"  # unlabelled intake by weight (key: category)
SOLD = "sold"  # labelled items sold (key: category; cents: price)
SOLD_LINE = "sold_line"  # unlabelled goods sold by weight (key: category)
RECYCLED = "recycled"  # to the recycle stream (key: category)
DISPOSED = "disposed"  # to residual waste (key: category)
UPCYCLED_INPUT = "upcycled_input"  # used as material for a new item (key: category)
REPAIR = "repair"  # repair-bench actions on items (key: outcome)
OWN_USE = "own_use"  # own-use repairs (key: outcome, `unknown` from imports)
BARRIER = "barrier"  # end-of-life barriers of both kinds of repair (key: ORDS barrier)
LEAD_DAYS = "lead_days"  # items sold (key: whole local days since the life began)
SALE = "sale"  # sales at the till (visitors who bought)
# refunds at the till (key "": one per refund, grams and cents refunded; key "items": the
# labelled items in them); the sold figures go down on the refund's day
REFUND = "refund"
# visitors at the drop-off point ("Nieuwe bezoeker"; key: their municipality, "onbekend" when
# not given, as for every visit recorded before origins were asked)
VISIT = "visit"
STOCK = "stock"  # stock changes (key: state)
# the till's money (CONTRACT §11), net of refunds on the refund's day (cents): discounts
# given, VAT in the prices paid (key: rate in basis points), money taken (key: method; cash
# after rounding, without the change)
TILL_DISCOUNT = "till_discount"
TILL_VAT = "till_vat"
TILL_PAYMENT = "till_payment"
# outflow batches leaving the centre (CONTRACT §10; grams: the batch's weight, items inside it)
OUTFLOW = "outflow"  # batches (key: "{stream}:{category or ''}")
OUTFLOW_PARTNER = "outflow_partner"  # batches, transfers too (key: "{stream}:{partner}")
GIVEN_AWAY = "given_away"  # labelled items given away for reuse (key: category; item weight)
# mass moving between sites of the centre (key: the other site): a transfer batch by its
# weight; any other item event at another site than the item's by the item's weight
TRANSFER_IN = "transfer_in"
TRANSFER_OUT = "transfer_out"
# activities count on the activity's own date (key: kind)
ACTIVITY = "activity"  # sessions
PARTICIPANTS = "participants"  # people who took part (residents, pupils: counts only)
UNDER_18 = "participants_u18"  # of them under 18
SKILLS = "skills"  # participants who completed a skill

# demand (CONTRACT §13): what is on the shelf per category, kept as daily changes like STOCK
# (key: category; the figure at the end of a day is the sum of all changes up to it); the
# days on the shelf of items sold (key "{category}:{days}", gone again when refunded, on the
# sale's day); what customers asked for and the shop did not have (key: category)
SHELF = "shelf"
SHELF_DAYS = "shelf_days"
WISH = "wish"

STOCK_STATES = (State.COLLECTED, State.IN_REPAIR, State.READY_FOR_SALE)
_OUT = {State.RECYCLED: RECYCLED, State.DISPOSED: DISPOSED, State.UPCYCLED: UPCYCLED_INPUT}


@dataclass(frozen=True)
class Delta:
    """A change to one figure row."""

    figure: str
    site: str
    day: date
    key: str
    n: int
    grams: int = 0
    cents: int = 0


def refund_sums(f: ev.Refund) -> tuple[int, int, int]:
    """A refund's labelled items, grams and cents."""
    parts: list[ev.SoldItem | ev.RefundedLine] = [*f.items, *f.lines]
    return (len(f.items), sum(p.weight_g for p in parts),
            sum(p.price_cents or 0 for p in parts))


def lead_days(sold_on: date, item: Item) -> int:
    """Whole local days from the start of the item's current life to its sale."""
    started = item.cycle_started_at or item.created_at
    return (sold_on - local_date(started)).days


def _stock(day: date, before: Item | None, after: Item | None) -> list[Delta]:
    out = []
    if before is not None and before.state in STOCK_STATES:
        out.append(Delta(STOCK, before.site, day, before.state.value, -1, -before.weight_g))
    if after is not None and after.state in STOCK_STATES:
        out.append(Delta(STOCK, after.site, day, after.state.value, 1, after.weight_g))
    return out


def _shelf(day: date, before: Item | None, after: Item | None) -> list[Delta]:
    out = []
    if before is not None and before.state == State.READY_FOR_SALE:
        out.append(Delta(SHELF, before.site, day, before.category, -1, -before.weight_g))
    if after is not None and after.state == State.READY_FOR_SALE:
        out.append(Delta(SHELF, after.site, day, after.category, 1, after.weight_g))
    return out


def shelf_days(sold_on: date, item: Item) -> int:
    """Whole local days from the item's last move onto the shelf to its sale."""
    shelved = item.shelved_at or item.cycle_started_at or item.created_at
    return max(0, (sold_on - local_date(shelved)).days)


def _moved(day: date, grams: int, from_site: str, to_site: str) -> list[Delta]:
    return [Delta(TRANSFER_OUT, from_site, day, to_site, 1, grams),
            Delta(TRANSFER_IN, to_site, day, from_site, 1, grams)]


def item_deltas(event: Event, before: Item | None, after: Item) -> list[Delta]:
    """The figures an item event changes, given the item just before and after it."""
    day, site, f = local_date(event.at), event.site, event.fact
    out = _stock(day, before, after) + _shelf(day, before, after)
    if (before is not None and before.site != after.site and not isinstance(f, ev.Transferred)
            and not isinstance(f, ev.Corrected)):  # a transfer batch counts by its weight
        out.extend(_moved(day, before.weight_g, before.site, after.site))
    match f:
        case ev.Corrected():  # moves figures on the days they belong to: correction_deltas
            return []
        case ev.Reserved():  # holds an item: it stays on the shelf, no figure moves
            return []
        case ev.GivenAway():
            out.append(Delta(GIVEN_AWAY, site, day, after.category, 1, after.weight_g))
        case ev.Collected() | ev.Returned():  # a return is a new life coming in
            out.append(Delta(INFLOW, site, day, after.category, 1, after.weight_g))
        case ev.Sold(price_cents=price):
            assert before is not None
            out.append(Delta(SOLD, site, day, after.category, 1, after.weight_g, price or 0))
            out.append(Delta(LEAD_DAYS, site, day, str(lead_days(day, before)), 1))
            out.append(Delta(SHELF_DAYS, site, day,
                             f"{after.category}:{shelf_days(day, before)}", 1))
        case ev.Refunded():  # sold no more, from the refund's day; no lead time on the sale's
            assert before is not None
            out.append(Delta(SOLD, site, day, before.category, -1, -before.weight_g,
                             -(f.price_cents or 0)))
            sold_on = local_date(f.sold_at)
            out.append(Delta(LEAD_DAYS, f.sold_site, sold_on, str(lead_days(sold_on, before)),
                             -1))
            out.append(Delta(SHELF_DAYS, f.sold_site, sold_on,
                             f"{before.category}:{shelf_days(sold_on, before)}", -1))
        case ev.Repaired():
            out.append(Delta(REPAIR, site, day, f.outcome, 1))
            if f.barrier:
                out.append(Delta(BARRIER, site, day, f.barrier, 1))
        case (ev.Made() | ev.Inspected() | ev.Priced() | ev.Upcycled() | ev.Transferred()
              | ev.Sale() | ev.Refund() | ev.BulkCollected() | ev.OwnUseRepair() | ev.Visit()
              | ev.Activity() | ev.Outflow() | ev.VoucherIssued() | ev.VoucherSpent()
              | ev.Wish() | ev.TillOpened() | ev.TillClosed()):
            pass  # no flow of their own (a stream event has no item: see stream_deltas)
        case _:
            assert_never(f)
    if (before is None or before.state != after.state) and after.state in _OUT:
        out.append(Delta(_OUT[after.state], site, day, after.category, 1, after.weight_g))
    return out


def history_deltas(events: Iterable[Event]) -> list[Delta]:
    """Everything an item's events added to the figures, each on its own day."""
    out: list[Delta] = []
    item: Item | None = None
    for event in events:
        after = apply(item, event)
        out.extend(item_deltas(event, item, after))
        item = after
    return out


def correction_deltas(history: list[Event], before: Item, after: Item) -> list[Delta]:
    """A correction makes every figure what it would have been had the intake been right: the
    item's whole history counted again with the new weight and category, minus what it
    counted with the old (inflow moves on the intake's date, sold kg on the sale's, stock on
    every day since)."""
    was = history_deltas(as_if_right(history, before.weight_g, before.category))
    now = history_deltas(as_if_right(history, after.weight_g, after.category))
    return now + [Delta(x.figure, x.site, x.day, x.key, -x.n, -x.grams, -x.cents) for x in was]


def _till(day: date, site: str, f: ev.Sale | ev.Refund, sign: int) -> list[Delta]:
    """A sale's discounts and VAT (sign 1), or what a refund takes back of them (sign -1)."""
    return [Delta(TILL_DISCOUNT, site, day, "", sign, 0, sign * sales.discount_cents(f))] + [
        Delta(TILL_VAT, site, day, str(v.vat_bp), sign, 0, sign * v.vat_cents)
        for v in sales.vat(f)]


def stream_deltas(event: Event) -> list[Delta]:
    """The figures an event on another stream (sale, bulk, own-use repair, visit, activity)
    changes."""
    day, site, f = local_date(event.at), event.site, event.fact
    match f:
        case ev.Sale():
            return [Delta(SALE, site, day, "", 1)] + [
                Delta(SOLD_LINE, site, day, ln.category, 1, ln.weight_g, ln.price_cents)
                for ln in f.lines] + _till(day, site, f, 1) + [
                Delta(TILL_PAYMENT, site, day, p.method, 1, 0, p.cents)
                for p in sales.payments(f)]
        case ev.Refund():
            n_items, grams, cents = refund_sums(f)
            return [Delta(REFUND, site, day, "", 1, grams, cents),
                    Delta(REFUND, site, day, "items", n_items)] + [
                Delta(SOLD_LINE, site, day, ln.category, -1, -ln.weight_g, -ln.price_cents)
                for ln in f.lines] + _till(day, site, f, -1) + [
                Delta(TILL_PAYMENT, site, day, f.method, -1, 0, -f.amount_cents)]
        case ev.BulkCollected():
            return [Delta(BULK, site, day, f.category, 1, f.weight_g)]
        case ev.OwnUseRepair():
            out = [Delta(OWN_USE, site, day, f.outcome, 1)]
            if f.barrier:
                out.append(Delta(BARRIER, site, day, f.barrier, 1))
            return out
        case ev.Visit():
            return [Delta(VISIT, site, day, f.municipality or UNKNOWN, 1)]
        case ev.Activity():  # counts on the activity's own date, whenever recorded
            return [Delta(ACTIVITY, site, f.day, f.kind, 1),
                    Delta(PARTICIPANTS, site, f.day, f.kind, f.participants),
                    Delta(UNDER_18, site, f.day, f.kind, f.under_18),
                    Delta(SKILLS, site, f.day, f.kind, f.skills_learned)]
        case ev.Wish():
            return [Delta(WISH, site, day, f.category, 1)]
        case ev.Outflow():
            by_partner = Delta(OUTFLOW_PARTNER, site, day, f"{f.stream}:{f.partner}", 1,
                               f.weight_g)
            if f.to_site is not None:  # a transfer: the mass stays in the centre
                return [by_partner, *_moved(day, f.weight_g, site, f.to_site)]
            return [by_partner,
                    Delta(OUTFLOW, site, day, f"{f.stream}:{f.category or ''}", 1, f.weight_g)]
        # A tegoedbon is store credit, not revenue: issuing one (from a refund, or a gift
        # voucher bought at the till) counts nothing; spending it counts as the sale it pays,
        # under payments "voucher". A refund into a voucher takes its amount off "voucher", so
        # the payments always add up to the revenue (refunded once, sold again once).
        case ev.VoucherIssued() | ev.VoucherSpent():
            return []
        case (ev.Collected() | ev.Made() | ev.Inspected() | ev.Repaired() | ev.Priced()
              | ev.Sold() | ev.Refunded() | ev.Returned() | ev.Corrected() | ev.Upcycled()
              | ev.GivenAway() | ev.Transferred() | ev.Reserved()):
            return []  # item events: item_deltas
        case ev.TillOpened() | ev.TillClosed():
            return []  # the till's day moves no goods; its money is in its sales and refunds
        case _:
            assert_never(f)


def log_deltas(events: Iterable[Event], corrections: Mapping[str, tuple[int, str]]
               ) -> Iterator[Delta]:
    """Everything an event log (oldest first) adds to the figures, each on its own day; a
    corrected item (`items.final_corrections`) counts as if its intake had been right."""
    items: dict[str, Item] = {}
    for original in events:
        e = counted(original, corrections)
        if e is None:
            continue
        if isinstance(e.fact, ev.ITEM_FACTS):
            before = items.get(e.stream)
            after = items[e.stream] = apply(before, e)
            yield from item_deltas(e, before, after)
        else:
            yield from stream_deltas(e)


Row = tuple[str, str, date, str]  # figure, site, day, key


def merge(deltas: Iterable[Delta]) -> list[Delta]:
    """One delta per row, zero changes dropped, in a fixed order (row locks never deadlock)."""
    sums: dict[Row, list[int]] = {}
    for x in deltas:
        acc = sums.setdefault((x.figure, x.site, x.day, x.key), [0, 0, 0])
        acc[0] += x.n
        acc[1] += x.grams
        acc[2] += x.cents
    return [Delta(f, s, day, k, n, g, c) for (f, s, day, k), (n, g, c) in sorted(sums.items())
            if n or g or c]
