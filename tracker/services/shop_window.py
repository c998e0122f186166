"""The shop window (CONTRACT §13): the shelf with prices after markdowns, newest photos and
reservations, kept in memory and rebuilt only when something it shows has changed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain import shop_window
from tracker.domain.calendar import local_date
from tracker.domain.categories import Category
from tracker.domain.items import State
from tracker.domain.shop_window import Entry
from tracker.services import till_rules
from tracker.store import repository as repo
from tracker.store import shop_window as stored


@dataclass
class Shelf:
    """One build of the shop window, and what it was built from."""

    entries: list[Entry]
    sites: dict[str, str]  # id → the name a customer reads
    key: tuple[Any, ...]
    valid_until: datetime | None  # a reservation lapses then: build again
    memo: dict[Any, Any] = field(default_factory=dict)  # what callers derived (feeds), by key

    def derived(self, key: Any, make: Callable[[], Any]) -> Any:
        """`make()` once per build of the shelf (a feed's bytes and ETag)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]


def _labels(categories: Mapping[str, Category]) -> dict[str, tuple[str, str]]:
    return {c.id: (c.label_nl, c.label_en) for c in categories.values()}


class ShopWindow:
    """The shelf as the shop window shows it. Every question costs one small fingerprint
    query; the shelf is read again only after a change (an event, a photo, a site, a
    markdown rule or a category's name), a new local day (markdowns count days), or a
    reservation's end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: Shelf | None = None

    def shelf(self, conn: sa.Connection, rules: till_rules.RulesCache,
              categories: Mapping[str, Category], now: datetime) -> Shelf:
        """The shelf now (built again when something it shows changed)."""
        markdowns = rules.get(conn).markdowns
        labels = _labels(categories)
        key = (stored.fingerprint(conn), tuple(markdowns), tuple(sorted(labels.items())),
               local_date(now))
        kept = self._kept
        if kept is not None and kept.key == key and (kept.valid_until is None
                                                     or now < kept.valid_until):
            return kept
        with self._lock:
            found = repo.items_in_state(conn, State.READY_FOR_SALE)
            pcts = till_rules.marked_down(till_rules.Rules([], markdowns), found, now)
            entries = shop_window.entries(found, stored.newest_photos(conn), pcts, labels, now)
            built = Shelf(entries, stored.site_names(conn), key,
                          shop_window.next_change(entries, now))
            self._kept = built
            return built
