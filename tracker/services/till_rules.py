"""The till's rules the admin keeps: discount reasons and markdown rules (CONTRACT §11); and
what a markdown makes of an item's price at the till."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from tracker.domain import till
from tracker.domain.calendar import local_date
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.items import Item
from tracker.domain.till import Markdown
from tracker.services.context import Tx
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


def pct_for(rules: Sequence[Markdown], item: Item, now: datetime) -> Decimal | None:
    """The markdown on an item ready for sale: by its whole local days since it last moved
    into ready_for_sale."""
    if item.ready_since is None or not any(r.category == item.category for r in rules):
        return None
    days = (local_date(now) - local_date(item.ready_since)).days
    return till.markdown_pct(rules, item.category, days)


RULES_CACHE_SECONDS = 60.0  # a change made by another process (a restore) shows this late


@dataclass(frozen=True)
class Rules:
    """The till's rules as one copy: the discount reasons and the markdown rules."""

    reasons: list[str]
    markdowns: list[Markdown]


class RulesCache:
    """The till's rules in memory: read on every scan and sale, changed by the admin a few
    times a year. A change through this service drops the copy at once (`drop`); one made
    outside it is seen within `ttl` seconds."""

    def __init__(self, ttl: float = RULES_CACHE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._kept: tuple[Rules, float] | None = None
        self._generation = 0  # a copy read before a drop is not kept after it

    def get(self, conn: sa.Connection) -> Rules:
        kept = self._kept
        if kept is not None and kept[1] > self.clock():
            return kept[0]
        generation = self._generation
        rules = Rules(store.reasons(conn), store.markdowns(conn))
        if generation == self._generation:
            self._kept = (rules, self.clock() + self.ttl)
        return rules

    def drop(self) -> None:
        """After a change is committed: the next reader reads it."""
        self._generation += 1
        self._kept = None


def marked_down(rules: Rules, found: Iterable[Item], now: datetime) -> dict[str, Decimal]:
    """The markdown (pct) of each item that has one, by code: the shelf and the scan."""
    pcts = {i.code: pct_for(rules.markdowns, i, now) for i in found if i.ready_since}
    return {code: pct for code, pct in pcts.items() if pct is not None}
