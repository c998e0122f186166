"""The repository contract a unit of work relies on, run against each implementation: the
in-memory one the service unit tests use, and the SQL one on SQLite and PostgreSQL. What the
fast tests show of the use cases holds for the database only as far as these agree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.tracker import fresh_postgres_url
from tracker.domain import events as ev
from tracker.domain.calendar import local_date
from tracker.domain.events import Event
from tracker.domain.items import Item, apply
from tracker.services import stations
from tracker.store.database import Database
from tracker.store.memory import MemoryRepository
from tracker.store.repository import ConcurrentChange, Repository, SqlRepository

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CODE = "ABCDEFGH0"


@pytest.fixture(params=["memory", "sqlite",
                        pytest.param("postgresql", marks=pytest.mark.postgres)])
def repository(request: pytest.FixtureRequest, tmp_path) -> Iterator[Repository]:
    if request.param == "memory":
        yield MemoryRepository()
        return
    url = (f"sqlite:///{tmp_path / 'ambacht.db'}" if request.param == "sqlite"
           else fresh_postgres_url(request.getfixturevalue("postgres_url")))
    db = Database(url)
    db.migrate()
    try:
        with db.engine.connect() as conn:
            conn.begin()
            stations.add_site(conn, "winkel", "Zwolle", None, T0)
            yield SqlRepository(conn)
            conn.rollback()
    finally:
        db.dispose()


def refused(repository: Repository, change: Callable[[], None]) -> None:
    """Make a change that must raise ConcurrentChange; on SQL inside a savepoint, as the API's
    transaction would be rolled back, so that what stayed can be read afterwards."""
    with pytest.raises(ConcurrentChange):
        if isinstance(repository, SqlRepository):
            with repository.conn.begin_nested():
                change()
        else:
            change()


def event(seq: int, fact: ev.ItemFact, stream: str = CODE) -> Event:
    return Event(stream, seq, T0 + timedelta(minutes=seq), "winkel", "balie", None, fact)


def dated(*events: Event) -> list[tuple[Event, object]]:
    return [(e, local_date(e.at)) for e in events]


def collected() -> tuple[Event, Item]:
    first = event(1, ev.Collected("kleingoed", 1200, description="lamp"))
    return first, apply(None, first)


def test_an_item_and_its_events_read_back_as_written(repository):
    first, item = collected()
    assert repository.get_item(CODE) is None
    assert not repository.stream_exists(CODE)
    second = event(2, ev.Inspected("sellable", price_cents=500))
    repository.append_all(dated(first, second))
    repository.save_item(item, 0)
    repository.save_item(apply(item, second), 1)
    assert repository.get_item(CODE, for_update=True) == apply(item, second)
    assert repository.events_of(CODE) == [first, second]
    assert repository.stream_exists(CODE)
    assert repository.events_of("sale:none") == []


def test_a_taken_stream_position_stores_none_of_the_batch(repository):
    first, _ = collected()
    repository.append_all(dated(first))
    other = event(1, ev.Collected("textiel", 800), stream="BCDEFGHJ1")
    refused(repository, lambda: repository.append_all(
        dated(other, event(1, ev.Inspected("needs_repair")))))
    assert repository.events_of(CODE) == [first]
    assert not repository.stream_exists("BCDEFGHJ1")


def test_an_item_changed_meanwhile_is_not_overwritten(repository):
    _, item = collected()
    repository.save_item(item, 0)
    moved = replace(item, version=2, weight_g=900)
    repository.save_item(moved, 1)
    refused(repository, lambda: repository.save_item(replace(item, version=2, weight_g=5), 1))
    assert repository.get_item(CODE) == moved
