"""Stored events stay readable: a database an earlier version wrote reads into today's event
classes as it was written, and today's code writes the same stored form.

`tests/data/stored/ambacht-2bb2dd0.sqlite` was made by commit 2bb2dd0 (before the typed
events) with `tests/support/every_event.py`: every event type of that time, each optional
part once. Types added since (the outflows) are left out of the comparison; today's log,
which has them too, reads back losslessly.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.every_event import SHOP_ITEM, START, import_ords, record_every_event
from tests.support.tracker import FakeClock, make_tracker
from tracker.domain import events as ev
from tracker.domain import figures
from tracker.services import monitor, rebuild
from tracker.store import repository as repo
from tracker.store import tables as t
from tracker.store.database import Database

OLD = Path(__file__).parents[2] / "data" / "stored" / "ambacht-2bb2dd0.sqlite"


@pytest.fixture
def old_db(tmp_path):
    copy = tmp_path / "old.sqlite"
    shutil.copy(OLD, copy)
    db = Database(f"sqlite:///{copy}")
    db.migrate()
    yield db
    db.dispose()


def _rows(conn: sa.Connection) -> list[tuple[str, dict]]:
    return [(r.type, dict(r.data)) for r in conn.execute(
        sa.select(t.events.c.type, t.events.c.data).order_by(t.events.c.id))]


# Event types added after the old fixture was made (today's every_event log has them too).
NEWER_TYPES = {ev.GivenAway.TYPE, ev.Transferred.TYPE, ev.Outflow.TYPE, ev.VoucherIssued.TYPE,
               ev.VoucherSpent.TYPE, ev.Reserved.TYPE, ev.Wish.TYPE,
               ev.TillOpened.TYPE, ev.TillClosed.TYPE}
NEWER_FIELDS = {"till_day"}  # a sale's and a refund's day of its till (CONTRACT §11)


def _without_vouchers(conn: sa.Connection) -> list[tuple[str, dict]]:
    """Today's log without its vouchers and what they paid for (every_event records them
    last: the items, the sale and the refund are of types the old version wrote, but the old
    version made no more of them)."""
    rows = [(r.stream, r.type, dict(r.data)) for r in conn.execute(
        sa.select(t.events.c.stream, t.events.c.type, t.events.c.data).order_by(t.events.c.id))]
    paid = {f"sale:{data['sale_id']}" for _, type_, data in rows
            if type_ == ev.VoucherSpent.TYPE}
    items = {i["code"] for stream, type_, data in rows if stream in paid and type_ == "sale"
             for i in data["items"]}
    skip = paid | items | {stream for stream, _, _ in rows if stream.startswith("voucher:")}
    return [(type_, data) for stream, type_, data in rows if stream not in skip]


def test_every_stored_event_of_an_earlier_version_reads_into_its_class_losslessly(old_db):
    with old_db.read() as conn:
        rows = _rows(conn)
        read = list(repo.all_events(conn))
    # every type of its time is in it
    assert {type_ for type_, _ in rows} == set(ev.REGISTRY.classes) - NEWER_TYPES
    for (type_, data), event in zip(rows, read, strict=True):
        assert type(event.fact) is ev.REGISTRY.classes[type_]
        assert event.data == data, type_  # written back, it is what was stored


def test_the_projections_rebuilt_from_old_events_equal_what_the_old_version_kept(old_db):
    def snapshot(conn):
        items = {i.code: i for i in repo.items_where(conn)}
        # a row that went back to zero (a refund the same day) is kept, or never written
        figures = sorted(tuple(r) for r in conn.execute(sa.select(t.daily_figures)) if any(r[-3:]))
        stock = sorted(tuple(r) for r in conn.execute(sa.select(t.daily_stock)) if any(r[-2:]))
        return items, figures, stock

    with old_db.read() as conn:
        kept = snapshot(conn)
    # figures version 2 keys visits by municipality: the old ones came from nowhere named
    kept = (kept[0], sorted((*r[:3], "onbekend", *r[4:]) if r[2] == "visit" and r[3] == ""
                            else r for r in kept[1]), kept[2])
    with old_db.write() as conn:
        assert rebuild.rebuild(conn) == len(kept[0])
        monitor.rebuild_figures(conn, START)
    with old_db.read() as conn:
        rebuilt = snapshot(conn)
    # figures version 4 adds the till's money (CONTRACT §11), which the old version did not keep
    till = {figures.TILL_DISCOUNT, figures.TILL_VAT, figures.TILL_PAYMENT}
    assert any(r[2] in till for r in rebuilt[1])
    # version 5 adds demand (CONTRACT §13), folded from the same events; the item row keeps
    # when it last went onto the shelf, which the old version did not
    demand = {figures.SHELF, figures.SHELF_DAYS, figures.WISH}
    assert figures.SHELF_DAYS in {r[2] for r in rebuilt[1]}
    assert any(i.shelved_at for i in rebuilt[0].values())
    items = {code: dataclasses.replace(i, shelved_at=None) for code, i in rebuilt[0].items()}
    assert (items, [r for r in rebuilt[1] if r[2] not in till | demand], rebuilt[2]) == kept


def _shop_item(type_: str, data: dict) -> bool:
    """The events of the shop's item (CONTRACT §13), newer than the stored database."""
    return ((type_ == "collected" and data.get("description") == SHOP_ITEM)
            or (type_ == "inspected" and "condition" in data))


def test_todays_code_writes_the_stored_form_the_earlier_version_wrote(old_db, db_url):
    with old_db.read() as conn:
        old = _rows(conn)
    clock = FakeClock(START)
    for tracker in make_tracker(db_url, clock):
        record_every_event(tracker, clock)
        import_ords(tracker)
        with tracker.db.read() as conn:
            today = _without_vouchers(conn)
    # the earlier version had no outflows and asked no visitor's origin: its shapes are the rest
    new = [(type_, {k: v for k, v in data.items() if k not in NEWER_FIELDS})
           for type_, data in today
           if type_ not in NEWER_TYPES and not (type_ == "visit" and "municipality" in data)
           and not _shop_item(type_, data)]
    assert {type_ for type_, _ in today} - {type_ for type_, _ in new} == NEWER_TYPES - {
        ev.VoucherIssued.TYPE, ev.VoucherSpent.TYPE}
    assert [(type_, sorted(data)) for type_, data in new] == [
        (type_, sorted(data)) for type_, data in old]
    ids = {"into", "inputs", "sale_id", "refund_id", "items", "price_differences",
           "activity_id"}  # random codes and ids
    for (type_, a), (_, b) in zip(new, old, strict=True):
        assert {k: v for k, v in a.items() if k not in ids} == {
            k: v for k, v in b.items() if k not in ids}, (type_, json.dumps(a))


def test_todays_log_has_every_event_type_and_reads_back_losslessly(db_url):
    clock = FakeClock(START)
    for tracker in make_tracker(db_url, clock):
        record_every_event(tracker, clock)
        with tracker.db.read() as conn:
            rows = _rows(conn)
            read = list(repo.all_events(conn))
            kept = {i.code: i for i in repo.items_where(conn)}
        assert {type_ for type_, _ in rows} == set(ev.REGISTRY.classes)
        for (type_, data), event in zip(rows, read, strict=True):
            assert type(event.fact) is ev.REGISTRY.classes[type_]
            assert event.data == data, type_
        with tracker.db.write() as conn:  # the projections fold back from the log
            rebuild.rebuild(conn)
        with tracker.db.read() as conn:
            assert {i.code: i for i in repo.items_where(conn)} == kept
