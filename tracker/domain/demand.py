"""Demand (CONTRACT §13): what sells and how fast, what customers ask for, and what an item
usually fetches (pure: the monitor's `demand` block and the price suggestion)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tracker.domain import events as ev
from tracker.domain import figures as f
from tracker.domain.events import Event
from tracker.domain.values import eur

if TYPE_CHECKING:
    from tracker.domain.monitor import Totals

SHARE_DIGITS = 4  # a share: 0.1234 is 12.34 %
# Fewer sales than this say little about a price: the suggestion is null below it.
MIN_SALES = 5


def _median(histogram: Mapping[int, int]) -> float | None:
    """The middle value of a histogram's multiset (the mean of the two middle ones)."""
    values = sorted(v for v, n in histogram.items() for _ in range(max(n, 0)))
    return float(statistics.median(values)) if values else None


def block(totals: Totals, categories: Sequence[str]) -> dict[str, Any]:
    """The monitor's `demand` block: per category the labelled items sold (net of refunds),
    the median days they stood on the shelf, and the sell-through against what is still on
    the shelf at the end of the period (a reserved item is on the shelf); wishes per
    category."""
    sold, wishes = totals.of(f.SOLD), totals.of(f.WISH)
    days: dict[str, dict[int, int]] = {}
    for key, s in totals.of(f.SHELF_DAYS).items():
        category, _, n_days = key.rpartition(":")
        days.setdefault(category, {})[int(n_days)] = s.n
    seen = set(categories) | set(sold) | set(days) | set(totals.shelf) | set(wishes)
    cats = list(categories) + sorted(seen - set(categories))
    by_category = {}
    for c in cats:
        n_sold = sold[c].n if c in sold else 0
        on_shelf = totals.shelf[c].n if c in totals.shelf else 0
        whole = n_sold + on_shelf
        by_category[c] = {
            "sold": n_sold, "days_on_shelf_median": _median(days.get(c, {})),
            "sell_through": round(n_sold / whole, SHARE_DIGITS) if whole > 0 else None}
    return {"by_category": by_category,
            "wishes": {c: wishes[c].n if c in wishes else 0 for c in cats}}


# --- the price suggestion ---------------------------------------------------------------------

@dataclass(frozen=True)
class Paid:
    """What one labelled item fetched: its category, ORDS category and condition when sold."""

    category: str
    ords_category_id: int | None
    condition: str | None
    cents: int


@dataclass
class Prices:
    """The centre's sales folded event by event (oldest first): every labelled item sold and
    not refunded, with what was paid for it after discounts."""

    _items: dict[str, tuple[int | None, str | None]] = field(default_factory=dict)
    _paid: dict[tuple[str, str], Paid] = field(default_factory=dict)  # (sale, code)

    def fold(self, events: Iterable[Event]) -> None:
        for e in events:
            self._fold(e)

    def _fold(self, e: Event) -> None:
        x = e.fact
        if isinstance(x, ev.Collected):
            self._items[e.stream] = (x.ords_category_id, None)
        elif isinstance(x, (ev.Inspected, ev.Repaired)) and x.condition is not None:
            ords_id, _ = self._items.get(e.stream, (None, None))
            self._items[e.stream] = (ords_id, x.condition)
        elif isinstance(x, ev.Returned):  # a new life: looked at again before it is sold
            self._items[e.stream] = (self._items.get(e.stream, (None, None))[0], None)
        elif isinstance(x, ev.Sale):
            for it in x.items:
                if it.price_cents is None:
                    continue
                ords_id, condition = self._items.get(it.code, (None, None))
                self._paid[e.stream, it.code] = Paid(it.category, ords_id, condition,
                                                     it.price_cents)
        elif isinstance(x, ev.Refund):
            for it in x.items:
                self._paid.pop((e.stream, it.code), None)

    def like(self, category: str | None, ords_category_id: int | None,
             condition: str | None) -> list[int]:
        """The prices paid for items like this (each criterion given must match)."""
        return [p.cents for p in self._paid.values()
                if (category is None or p.category == category)
                and (ords_category_id is None or p.ords_category_id == ords_category_id)
                and (condition is None or p.condition == condition)]


# The event types the price suggestion folds (the rest never changes it).
PRICE_EVENT_TYPES = (ev.Collected.TYPE, ev.Inspected.TYPE, ev.Repaired.TYPE, ev.Returned.TYPE,
                     ev.Sale.TYPE, ev.Refund.TYPE)


def suggestion(cents: Sequence[int]) -> dict[str, Any]:
    """Median and the middle half (p25-p75, linear between the nearest sales) of the prices
    paid, and how many sales they rest on; null figures under MIN_SALES sales."""
    n = len(cents)
    if n < MIN_SALES:
        return {"median_eur": None, "p25": None, "p75": None, "n": n}
    ordered = sorted(Decimal(c) for c in cents)
    p25, _, p75 = statistics.quantiles(ordered, n=4, method="inclusive")
    return {"median_eur": eur(round(statistics.median(ordered))), "p25": eur(round(p25)),
            "p75": eur(round(p75)), "n": n}
