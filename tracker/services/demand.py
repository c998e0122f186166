"""Reservations, wishes and the price suggestion (CONTRACT §13)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from tracker.domain import demand, items
from tracker.domain import events as ev
from tracker.domain.items import Item
from tracker.services.context import Tx
from tracker.store import repository as repo

# Events read per query while the price fold catches up (a first request after a start reads
# the whole log in slices this big, later ones only what is new).
FOLD_SLICE = 20_000


def reserve(tx: Tx, code: str, hours: float, note: str | None) -> Item:
    """Reserveren: hold an item on the shelf for a customer; it lapses by itself."""
    item = tx.load(code)
    until = tx.at + timedelta(hours=hours)
    return tx.change_item(item, code, items.reserve(item, until, hours, note))


def wish(tx: Tx, category: str, text: str) -> dict[str, Any]:
    """Gevraagd maar niet in de winkel: what a customer asked for at the till."""
    tx.category(category)
    wish_id = tx.new_id()
    tx.record(f"wish:{wish_id}", 1, ev.Wish(category, text.strip()))
    return {"wish_id": wish_id, "category": category, "text": text.strip()}


class PriceFold:
    """The centre's prices paid, folded in memory and brought up to date from the log at each
    question (only the events written since the last one are read)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._prices = demand.Prices()
        self._last_id = 0

    def suggestion(self, conn: sa.Connection, category: str | None,
                   ords_category_id: int | None, condition: str | None) -> dict[str, Any]:
        """Median, p25, p75 and n of what items like this fetched (null under 5 sales)."""
        with self._lock:
            if repo.last_event_id(conn) < self._last_id:  # a restore: start over
                self._prices, self._last_id = demand.Prices(), 0
            while True:
                new = repo.events_since(conn, self._last_id, demand.PRICE_EVENT_TYPES,
                                        FOLD_SLICE)
                self._prices.fold(e for _, e in new)
                if new:
                    self._last_id = new[-1][0]
                if len(new) < FOLD_SLICE:
                    break
            return demand.suggestion(self._prices.like(category, ords_category_id, condition))
