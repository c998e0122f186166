"""Rebuild the item projection from the event log: proof that events are the truth."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from tracker.domain.events import is_item_event
from tracker.domain.items import Item, apply
from tracker.store import figures as versions
from tracker.store import repository as repo

ITEMS = "items"  # the projection's name in `projections`
# Goes up when the item row gains a field folded from the events (2: ready_since; 3: condition,
# reservation, shelved_at), so that the service rebuilds the rows once when it starts after
# the upgrade.
ITEMS_VERSION = 3


def replay_items(conn: sa.Connection) -> dict[str, Item]:
    """Every item's state, folded from the event log alone."""
    items: dict[str, Item] = {}
    for event in repo.all_events(conn):
        if not is_item_event(event.fact):
            continue
        items[event.stream] = apply(items.get(event.stream), event)
    return items


def rebuild(conn: sa.Connection) -> int:
    """Replace the item projection with a replay of the events; returns the item count."""
    items = replay_items(conn)
    repo.clear_items(conn)
    for item in items.values():
        repo.insert_item(conn, item)
    return len(items)


def ensure_items(conn: sa.Connection, now: datetime) -> bool:
    """Rebuild the item projection if it was folded by older definitions."""
    if versions.version(conn, ITEMS) == ITEMS_VERSION:
        return False
    if repo.count_events(conn):
        rebuild(conn)
    versions.set_version(conn, ITEMS_VERSION, now, ITEMS)
    return True
