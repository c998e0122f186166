"""The till's day (CONTRACT §11): open with a float, sell, close with the counted cash; the
Z-report. Pure: services/till_days.py looks the till up, records and reads the events.

Which sales belong to which day: each sale and refund at a till is booked, when it is
recorded, into that till's open day, and says so (`Sale.till_day`). A sale the till kept
while it could not reach the server (its outbox; the `Ambacht-Queued-At` header) that arrives
while the till has no open day goes into its *next* day: the one the till opens next. A live
sale at a till without an open day is refused. So each sale is in exactly one day, decided
once, and a closed day never changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

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


def _add(acc: dict[str, int], key: str, cents: int) -> None:
    acc[key] = acc.get(key, 0) + cents


def totals(facts: Iterable[ev.Sale | ev.Refund]) -> DayTotals:
    """A day's figures from its sales and refunds (in any order)."""
    n_sales = revenue = n_refunds = refunded = rounding = 0
    discounts: dict[str, int] = {}
    payments: dict[str, int] = {}
    paid_back: dict[str, int] = {}
    vat: dict[int, list[int]] = {}
    for f in facts:
        sign = 1 if isinstance(f, ev.Sale) else -1
        if isinstance(f, ev.Sale):
            n_sales += 1
            revenue += f.total_cents
            rounding += f.rounding_cents or 0
            for p in sales.payments(f):
                _add(payments, p.method, p.cents)
        else:
            n_refunds += 1
            refunded += f.amount_cents
            _add(paid_back, f.method, f.amount_cents)
        for part in (*f.items, *f.lines):
            for d in part.discounts:
                _add(discounts, d.reason, sign * d.cents)
        for v in sales.vat(f):
            acc = vat.setdefault(v.vat_bp, [0, 0])
            acc[0] += sign * v.net_cents
            acc[1] += sign * v.vat_cents
    return DayTotals(
        n_sales, revenue, n_refunds, refunded,
        tuple(Amount(k, c) for k, c in sorted(discounts.items()) if c),
        tuple(VatTotal(r, net, v) for r, (net, v) in sorted(vat.items()) if net or v),
        tuple(Amount(k, c) for k, c in sorted(payments.items())),
        tuple(Amount(k, c) for k, c in sorted(paid_back.items())), rounding)


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
