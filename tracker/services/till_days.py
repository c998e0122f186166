"""De kassadag: a till opens its day with a float, books each sale and refund into it, and
closes it with the counted cash; the Z-report (CONTRACT §11). Rules in domain/till_day.py."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.domain import till_day
from tracker.domain.events import Event
from tracker.domain.till_day import Day, TillState
from tracker.services.context import Actor, Tx
from tracker.store import repository as repo
from tracker.store import stations as stored_sites
from tracker.store import till_days as stored


def book(tx: Tx, queued: bool) -> int | None:
    """The day of this till a sale or refund goes into (see till_day.booked_day); its till
    stays locked till the commit, so its day cannot close in between. `queued`: the till kept
    it while it could not reach the server."""
    station = tx.actor.station
    state = stored.state(tx.sql, station, for_update=True)
    if state is None and (queued or tx.actor.role != till_day.ADMIN):
        state = _locked(tx)  # once per till: its row, from its stream of days
    return till_day.booked_day(state, tx.actor.role, queued)


def _locked(tx: Tx) -> TillState:
    stored.ensure(tx.sql, tx.actor.station)
    found = stored.state(tx.sql, tx.actor.station, for_update=True)
    assert found is not None
    return found


def open_day(tx: Tx, float_cents: int) -> Day:
    """De dag openen with `float_cents` in the drawer; 409 while a day is open. Sales the till
    kept offline and sent after its last close are in it already."""
    state = _locked(tx)
    n = till_day.opening(state)
    station = tx.actor.station
    stored.put(tx.sql, TillState(station, n, True, state.since_id))
    tx.record(till_day.stream(station), till_day.opened_seq(n), ev.TillOpened(n, float_cents))
    totals = till_day.stored_totals(stored.booked(tx.sql, station, state.since_id, n))
    return Day(station, n, tx.actor.site, tx.at, float_cents, totals)


def close_day(tx: Tx, counted_cents: int) -> Day:
    """De dag afsluiten with the cash counted in the drawer: the Z-report, final from now on
    (409 when no day is open: never opened, or closed already)."""
    state = _locked(tx)
    n = till_day.closing(state)
    station = tx.actor.station
    opened = _opened(tx.repo.events_of(till_day.stream(station)), station, n)
    assert isinstance(opened.fact, ev.TillOpened)
    totals = till_day.stored_totals(stored.booked(tx.sql, station, state.since_id, n))
    expected = till_day.expected_cash(opened.fact.float_cents, totals)
    # what this till books from now on (into its next day) is recorded after this
    stored.put(tx.sql, TillState(station, n, False, stored.last_event_id(tx.sql)))
    tx.record(till_day.stream(station), till_day.closed_seq(n),
              ev.TillClosed(n, counted_cents, expected, totals))
    return Day(station, n, opened.site, opened.at, opened.fact.float_cents, totals, tx.at,
               counted_cents, expected)


def _opened(events: list[Event], station: str, n: int) -> Event:
    found = [e for e in events if e.seq == till_day.opened_seq(n)]
    if not found:
        raise till_day.not_found(station, n)
    return found[0]


def _day(conn: sa.Connection, events: list[Event], station: str, n: int) -> Day:
    """Day n from its till's stream: the Z-report as it was closed, or the figures so far."""
    opened = _opened(events, station, n)
    assert isinstance(opened.fact, ev.TillOpened)
    closed = next((e for e in events if e.seq == till_day.closed_seq(n)), None)
    if closed is not None:
        assert isinstance(closed.fact, ev.TillClosed)
        return Day(station, n, opened.site, opened.at, opened.fact.float_cents,
                   closed.fact.totals, closed.at, closed.fact.counted_cents,
                   closed.fact.expected_cents)
    state = stored.state(conn, station)
    assert state is not None
    return Day(station, n, opened.site, opened.at, opened.fact.float_cents,
               till_day.stored_totals(stored.booked(conn, station, state.since_id, n)))


def day(conn: sa.Connection, station: str, n: int) -> Day:
    """One day of a till; 404 when the till never opened it."""
    return _day(conn, repo.events_of(conn, till_day.stream(station)), station, n)


def days(conn: sa.Connection, station: str) -> list[Day]:
    """A till's days, newest first: each closed one's Z-report, the open one's figures so far."""
    events = repo.events_of(conn, till_day.stream(station))
    return [_day(conn, events, station, e.fact.day) for e in reversed(events)
            if isinstance(e.fact, ev.TillOpened)]


def current(conn: sa.Connection, station: str) -> TillState | None:
    """Where a till stands (None: it never opened a day)."""
    return stored.state(conn, station)


def site_name(conn: sa.Connection, site: str) -> str:
    """A site's name as its reports show it (its id when it has none)."""
    found = stored_sites.get_site(conn, site)
    return str(found["name"] or found["id"]) if found else site


def ensure_open(conn: sa.Connection, actor: Actor, now: datetime, float_cents: int) -> bool:
    """Open the till's day unless one is open (the demo's till sells at once); whether it did."""
    stored.ensure(conn, actor.station)
    state = stored.state(conn, actor.station)
    if state is not None and state.open:
        return False
    tx = Tx.on(conn, actor, now)
    open_day(tx, float_cents)
    tx.commit()
    return True
