"""The till's day (CONTRACT §11): open with a float, sell, close with the counted cash; the
Z-report. Pure: services/till_days.py looks the till up, records and reads the events.

Which sales belong to which day: each sale and refund at a till is booked, when it is
recorded, into that till's open day, and says so (`Sale.till_day`). A sale the till kept
while it could not reach the server (its outbox; the `Ambacht-Queued-At` header) that arrives
while the till has no open day goes into its *next* day: the one the till opens next. A live
sale at a till without an open day is refused. So each sale is in exactly one day, decided
once, and a closed day never changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.domain import events as ev
from tracker.domain import sales, till
from tracker.domain.day_totals import Amount, DayTotals, VatTotal
from tracker.domain.errors import NotAllowed, NotFound

CASH = "cash"  # the one way of paying that goes through the drawer
ADMIN = "admin"  # an admin station registers paper records: its sales are at no till's day


def stream(station: str) -> str:
    """The stream of a till's days: TillOpened and TillClosed, two a day."""
    return f"till:{station}"


def opened_seq(n: int) -> int:
    """Where day n's TillOpened stands in its till's stream."""
    return 2 * n - 1


def closed_seq(n: int) -> int:
    """Where day n's TillClosed stands in its till's stream."""
    return 2 * n


@dataclass(frozen=True)
class TillState:
    """Where a till stands: its latest day (0: none yet) and whether that day is open.
    `since_id`: every event booked into the open (or next) day lies after this one in the
    log (where reading the day starts)."""

    station: str
    day: int
    open: bool
    since_id: int


def booked_day(state: TillState | None, role: str, queued: bool) -> int | None:
    """The day of its till a sale (or refund) is booked into: the open day; with none open,
    the next day for one the till kept while offline (`queued`), and no day at all for an
    admin station's paper records. A live sale at a till without an open day: 409."""
    if state is not None and state.open:
        return state.day
    if queued:
        return (state.day if state else 0) + 1
    if role == ADMIN:
        return None
    raise NotAllowed("de kassa heeft geen open dag: open de dag eerst (met het wisselgeld in de "
                     "lade)", "day_not_open",
                     en="the till has no open day: open the day first (with the float in the "
                        "drawer)")


def opening(state: TillState | None) -> int:
    """The number of the day a till opens now; 409 while a day is open."""
    if state is not None and state.open:
        raise NotAllowed(f"dag {state.day} van deze kassa is al open; sluit hem eerst af",
                         "day_already_open",
                         en=f"day {state.day} of this till is already open; close it first")
    return (state.day if state else 0) + 1


def closing(state: TillState | None) -> int:
    """The number of the day a till closes now; 409 when none is open (never opened, or
    closed already: a closed day is final)."""
    if state is None or state.day == 0:
        raise NotAllowed("deze kassa heeft nog geen dag geopend: er is niets af te sluiten",
                         "day_not_open",
                         en="this till has not opened a day yet: there is nothing to close")
    if not state.open:
        raise NotAllowed(f"dag {state.day} van deze kassa is al afgesloten; een afgesloten dag "
                         "verandert niet meer", "day_closed",
                         en=f"day {state.day} of this till has already been closed; a closed "
                            "day does not change any more")
    return state.day


Part = tuple[int, int, list[tuple[str, int]]]  # paid cents, VAT rate (bp), discounts


class _Sums:
    """The running sums of a day, fed sale by sale and refund by refund."""

    def __init__(self) -> None:
        self.sales = self.revenue = self.refunds = self.refunded = self.rounding = 0
        self.discounts: dict[str, int] = {}
        self.payments: dict[str, int] = {}
        self.paid_back: dict[str, int] = {}
        self.vat: dict[int, list[int]] = {}

    def parts(self, parts: Iterable[Part], sign: int) -> None:
        for price, vat_bp, given in parts:
            for reason, cents in given:
                self.discounts[reason] = self.discounts.get(reason, 0) + sign * cents
            acc = self.vat.setdefault(vat_bp, [0, 0])
            vat = till.vat_cents(price, vat_bp)  # per line, as on its receipt
            acc[0] += sign * (price - vat)
            acc[1] += sign * vat

    def sale(self, total: int, rounding: int, paid: Iterable[tuple[str, int]],
             parts: Iterable[Part]) -> None:
        self.sales += 1
        self.revenue += total
        self.rounding += rounding
        for method, cents in paid:
            self.payments[method] = self.payments.get(method, 0) + cents
        self.parts(parts, 1)

    def refund(self, amount: int, method: str, parts: Iterable[Part]) -> None:
        self.refunds += 1
        self.refunded += amount
        self.paid_back[method] = self.paid_back.get(method, 0) + amount
        self.parts(parts, -1)

    def totals(self) -> DayTotals:
        return DayTotals(
            self.sales, self.revenue, self.refunds, self.refunded,
            tuple(Amount(k, c) for k, c in sorted(self.discounts.items()) if c),
            tuple(VatTotal(r, net, v) for r, (net, v) in sorted(self.vat.items()) if net or v),
            tuple(Amount(k, c) for k, c in sorted(self.payments.items())),
            tuple(Amount(k, c) for k, c in sorted(self.paid_back.items())), self.rounding)


def _typed(sums: _Sums, f: ev.Sale | ev.Refund) -> None:
    parts = [(p.price_cents or 0, till.DEFAULT_VAT_BP if p.vat_bp is None else p.vat_bp,
              [(d.reason, d.cents) for d in p.discounts]) for p in (*f.items, *f.lines)]
    if isinstance(f, ev.Sale):
        sums.sale(f.total_cents, f.rounding_cents or 0,
                  [(p.method, p.cents) for p in sales.payments(f)], parts)
    else:
        sums.refund(f.amount_cents, f.method, parts)


def totals(facts: Iterable[ev.Sale | ev.Refund]) -> DayTotals:
    """A day's figures from its sales and refunds (in any order)."""
    sums = _Sums()
    for f in facts:
        _typed(sums, f)
    return sums.totals()


def _stored_parts(data: Mapping[str, Any]) -> list[Part]:
    return [(p["price_cents"] or 0, till.DEFAULT_VAT_BP if p.get("vat_bp") is None
             else p["vat_bp"], [(d["reason"], d["cents"]) for d in p.get("discounts", ())])
            for p in (*data["items"], *data["lines"])]


def stored_totals(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> DayTotals:
    """The same figures as `totals`, read straight from the stored form of the day's sales and
    refunds (type, data): a busy day's Z-report without building a class per sale (the
    benchmark's 2,000 sales). A shape this reader does not know goes through the classes."""
    sums = _Sums()
    for type_, data in rows:
        if data.get("v", 1) != 1:
            fact = ev.REGISTRY.read(type_, data)
            assert isinstance(fact, ev.Sale | ev.Refund)
            _typed(sums, fact)
        elif type_ == ev.Sale.TYPE:
            paid = [(p["method"], p["cents"]) for p in data.get("payments", ())] or [
                (data["payment"], data["total_cents"])]
            sums.sale(data["total_cents"], data.get("rounding_cents") or 0, paid,
                      _stored_parts(data))
        else:
            sums.refund(data["amount_cents"], data["method"], _stored_parts(data))
    return sums.totals()


def expected_cash(float_cents: int, day: DayTotals) -> int:
    """What the drawer should hold: the float, plus cash taken (after rounding, the change
    already given back), less cash paid back in refunds."""
    return float_cents + day.taken(CASH) - day.paid_back(CASH)


@dataclass(frozen=True)
class Day:
    """One day of one till, open or closed, with its figures (the Z-report once closed)."""

    station: str
    number: int
    site: str
    opened_at: datetime
    float_cents: int
    totals: DayTotals
    closed_at: datetime | None = None
    counted_cents: int | None = None
    expected_at_close: int | None = None  # as the Z-report said it when the day closed

    @property
    def id(self) -> str:
        """How the API names it: `{station}:{n}`."""
        return f"{self.station}:{self.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def expected_cents(self) -> int:
        if self.expected_at_close is not None:
            return self.expected_at_close
        return expected_cash(self.float_cents, self.totals)

    @property
    def difference_cents(self) -> int | None:
        """Counted less expected: below zero the drawer is short."""
        return None if self.counted_cents is None else self.counted_cents - self.expected_cents


def day_id(text: str) -> tuple[str, int]:
    """`{station}:{n}` → (station, n), or 404 for anything else."""
    station, _, n = text.rpartition(":")
    if not station or not n.isdigit() or len(n) > 9 or int(n) < 1:
        shown = text[:80]
        raise NotFound(f"kassadag '{shown}' bestaat niet (zo: kassa-1:3)", "day_not_found",
                       en=f"till day '{shown}' does not exist (like this: kassa-1:3)")
    return station, int(n)


def not_found(station: str, n: int) -> NotFound:
    """The 404 of a day a till never opened."""
    shown = f"{station}:{n}"[:80]
    return NotFound(f"kassadag '{shown}' bestaat niet", "day_not_found",
                    en=f"till day '{shown}' does not exist")


def vat_rate(v: VatTotal) -> float:
    """The rate as the API shows it (0.21)."""
    return till.rate(v.vat_bp)


__all__ = ["Amount", "Day", "DayTotals", "TillState", "VatTotal", "booked_day", "closing",
           "day_id", "expected_cash", "not_found", "opening", "totals"]
