"""Looking items up: an item's current state and its history, as stations and the public
page show them."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.domain.events import Event
from tracker.domain.items import Item
from tracker.store import repository as repo


def find(conn: sa.Connection, code: str) -> Item | None:
    """The item with this canonical code, or None (the till's scan: keep it one lookup)."""
    return repo.get_item(conn, code)


def history(conn: sa.Connection, code: str) -> list[Event]:
    """The item's events, oldest first (none: no such item)."""
    return repo.events_of(conn, code)
