"""Rebuild the item projection from the event log: proof that events are the truth."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.domain.events import is_item_event
from tracker.domain.items import Item, apply
from tracker.store import repository as repo


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
