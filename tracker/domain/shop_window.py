"""The shop window (CONTRACT §13): what is on the shelf, as people outside the shop see it.

Pure: an entry per item ready for sale, with its price after markdowns, its newest photo and
whether a reservation holds it; the filters and the search of `/winkel`; pages of them. Nothing
in an entry is about people or stations, and the reservation's note is not in it at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tracker.domain import items, till
from tracker.domain.items import Item, State

PAGE_SIZE = 24  # tiles per page: a phone scrolls through them in seconds, thumbnails ~15 kB each
MAX_PAGE = 10_000  # a page number beyond any shelf (5,000 items are 209 pages)
SEARCH_MAX = 100  # characters of a search: a few words


@dataclass(frozen=True)
class Entry:
    """One item in the shop window."""

    code: str
    category: str
    site: str
    description: str | None
    condition: str | None
    list_cents: int | None  # the price on its label
    price_cents: int | None  # what it costs now: after a markdown rule, if one applies
    reserved_until: datetime | None  # held for a customer until then (still on the shelf)
    photo: str | None  # its newest photo's id
    shelved_at: datetime  # when it came on the shelf: the newest come first
    words: str  # what a search looks in, in lower case

    @property
    def reserved(self) -> bool:
        return self.reserved_until is not None

    @property
    def marked_down(self) -> bool:
        return (self.price_cents is not None and self.list_cents is not None
                and self.price_cents < self.list_cents)


def entries(shelf: Iterable[Item], photos: Mapping[str, str],
            markdowns: Mapping[str, Decimal], labels: Mapping[str, Sequence[str]],
            now: datetime) -> list[Entry]:
    """The shelf as the shop window shows it, newest on the shelf first. `markdowns` holds the
    pct of each item a rule lowers, `labels` each category's names (searched too)."""
    found = []
    for item in shelf:
        if item.state != State.READY_FOR_SALE:
            continue
        pct, price = markdowns.get(item.code), item.price_cents
        names = labels.get(item.category, (item.category,))
        found.append(Entry(
            code=item.code, category=item.category, site=item.site,
            description=item.description, condition=item.condition, list_cents=price,
            price_cents=price if pct is None or price is None else till.marked_down(price, pct),
            reserved_until=item.reserved_until if items.reserved(item, now) else None,
            photo=photos.get(item.code), shelved_at=item.ready_since or item.updated_at,
            words=" ".join([item.code, item.description or "", *names]).lower()))
    found.sort(key=lambda e: (e.shelved_at, e.code), reverse=True)
    return found


def next_change(shelf: Iterable[Entry], now: datetime) -> datetime | None:
    """The first moment after `now` at which an entry changes by itself (a reservation lapses);
    a markdown changes with the local date, which whoever keeps entries watches too."""
    return min((e.reserved_until for e in shelf
                if e.reserved_until is not None and e.reserved_until > now), default=None)


@dataclass(frozen=True)
class Filter:
    """What a visitor narrowed the shop window to (None or empty: everything)."""

    site: str | None = None
    category: str | None = None
    condition: str | None = None
    text: str = ""

    def admits(self, entry: Entry) -> bool:
        return ((self.site is None or entry.site == self.site)
                and (self.category is None or entry.category == self.category)
                and (self.condition is None or entry.condition == self.condition)
                and all(word in entry.words for word in self.text.lower().split()))


def chosen(shelf: Iterable[Entry], wanted: Filter) -> list[Entry]:
    """The entries the filter admits, in the shop window's order."""
    if wanted == Filter():
        return list(shelf)
    return [e for e in shelf if wanted.admits(e)]


@dataclass(frozen=True)
class Page:
    """One page of the shop window: its entries, its number and how many there are."""

    entries: list[Entry]
    number: int
    pages: int
    total: int


def page(found: Sequence[Entry], number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` (from 1) of `found`; a number beyond the last gives the last page."""
    pages = max(1, -(-len(found) // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(list(found[start:start + size]), number, pages, len(found))
