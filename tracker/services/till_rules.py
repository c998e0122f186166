"""The till's rules the admin keeps: discount reasons and markdown rules (CONTRACT §11); and
what a markdown makes of an item's price at the till."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from tracker.domain import till
from tracker.domain.calendar import local_date
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.events import Event
from tracker.domain.items import Item, State, ready_since
from tracker.domain.till import Markdown
from tracker.services.context import Tx
from tracker.store import repository as repo
from tracker.store import till as store

MAX_REASON_CHARS = 64  # the column's width: a reason is a word or two


def reasons(conn: sa.Connection) -> list[str]:
    """The discount reasons a cashier may choose from."""
    return store.reasons(conn)


def add_reason(tx: Tx, reason: str) -> list[str]:
    """A reason added to the list (once); the list."""
    reason = reason.strip().lower()
    if not reason or len(reason) > MAX_REASON_CHARS or reason == till.MARKDOWN:
        raise InvalidInput(f"een reden is een woord of twee (niet '{till.MARKDOWN}')",
                           "invalid_discount_reason",
                           en=f"a reason is a word or two (not '{till.MARKDOWN}')")
    store.add_reason(tx.sql, reason, tx.now)
    return store.reasons(tx.sql)


def remove_reason(tx: Tx, reason: str) -> list[str]:
    """A reason off the list (sales that gave it keep it); the list."""
    if not store.remove_reason(tx.sql, reason):
        raise NotFound(f"reden '{reason}' staat niet in de lijst", "discount_reason_not_found",
                       en=f"reason '{reason}' is not on the list")
    return store.reasons(tx.sql)


def markdowns(conn: sa.Connection) -> list[Markdown]:
    """The markdown rules in force."""
    return store.markdowns(conn)


def add_markdown(tx: Tx, category: str, days: int, pct: Decimal) -> Markdown:
    """Afprijzen: a new rule (several per category: the largest that fits applies)."""
    tx.category(category)
    till.check_markdown(days, pct)
    rule_id = store.add_markdown(tx.sql, category, days, pct, tx.now, tx.actor.station)
    return Markdown(rule_id, category, days, pct)


def remove_markdown(tx: Tx, rule_id: int) -> None:
    """A rule removed: prices are no longer lowered by it."""
    if not store.remove_markdown(tx.sql, rule_id):
        raise NotFound(f"afprijsregel {rule_id} bestaat niet", "markdown_not_found",
                       en=f"markdown rule {rule_id} does not exist")


def pct_for(rules: Sequence[Markdown], item: Item, events: Sequence[Event], now: datetime
            ) -> Decimal | None:
    """The markdown on an item ready for sale: by its whole local days since it last moved
    into ready_for_sale."""
    if item.state != State.READY_FOR_SALE or not any(r.category == item.category
                                                     for r in rules):
        return None
    since = ready_since(events)
    if since is None:
        return None
    return till.markdown_pct(rules, item.category, (local_date(now) - local_date(since)).days)


def marked_down(conn: sa.Connection, found: Sequence[Item], now: datetime
                ) -> dict[str, Decimal]:
    """The markdown (pct) of each item that has one, by code: the shelf and the scan."""
    rules = store.markdowns(conn)
    wanted = [i for i in found if i.state == State.READY_FOR_SALE
              and any(r.category == i.category for r in rules)]
    if not wanted:
        return {}
    histories = repo.events_of_streams(conn, [i.code for i in wanted])
    out = {}
    for item in wanted:
        pct = pct_for(rules, item, histories[item.code], now)
        if pct is not None:
            out[item.code] = pct
    return out
