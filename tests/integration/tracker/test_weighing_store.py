"""Storing weighings: each id once, in arrival order, on both backends."""

import json
from datetime import UTC, datetime

import sqlalchemy as sa

from tracker.domain.weighings import parse_weighing
from tracker.services import weighings
from tracker.store import tables as t
from tracker.store.database import Database


def _weighing(n, kg="1.250"):
    payload = json.dumps({
        "id": f"s1:run:{n:06d}", "scale_id": "s1", "seq": n, "at": "2026-11-28T10:15:30Z",
        "clock_synced": True, "protocol": "st-gs", "gross_kg": 0, "tare_kg": 0, "net_kg": 0,
        "stable": True, "status": "ok", "raw": f"ST,GS,+{kg}kg"})
    return parse_weighing("s1", payload.replace('"net_kg": 0', f'"net_kg": {kg}').encode())


def test_a_batch_with_redeliveries_stores_each_weighing_once_in_arrival_order(db_url):
    db = Database(db_url)
    db.migrate()
    with db.write() as conn:
        weighings.store_many(conn, [_weighing(1), _weighing(2)], datetime.now(UTC))
    # a redelivery of 2 (the broker never saw our PUBACK), 3 twice in one batch, then 4
    with db.write() as conn:
        weighings.store_many(conn, [_weighing(2, "9.999"), _weighing(3), _weighing(3),
                                    _weighing(4)], datetime.now(UTC))
    with db.read() as conn:
        rows = conn.execute(sa.select(t.weighings.c.id, t.weighings.c.net_kg)
                            .order_by(t.weighings.c.n)).all()
    assert rows == [("s1:run:000001", "1.250"), ("s1:run:000002", "1.250"),
                    ("s1:run:000003", "1.250"), ("s1:run:000004", "1.250")]
    db.dispose()


def test_a_stored_weighing_reads_back_exactly_as_the_gateway_sent_it(db_url):
    payload = {
        "id": "s1:run:000001", "scale_id": "s1", "seq": 1, "at": "2026-11-28T11:15:30.123+01:00",
        "clock_synced": False, "protocol": "st-gs", "net_kg": 12.340, "stable": False,
        "status": "overload", "raw": 'ST,GS,+0012.34kg "ü"'}
    weighing = parse_weighing("s1", json.dumps(payload).replace("12.34,", "12.340,").encode())
    received = datetime(2026, 11, 28, 10, 15, 31, 5, tzinfo=UTC)
    db = Database(db_url)
    db.migrate()
    with db.write() as conn:
        weighings.store_many(conn, [weighing], received)
    with db.read() as conn:
        row = conn.execute(sa.select(t.weighings)).one()._asdict()
    del row["n"]
    assert row == {
        "id": "s1:run:000001", "scale_id": "s1", "seq": 1,
        "at": datetime(2026, 11, 28, 10, 15, 30, 123000, tzinfo=UTC), "clock_synced": False,
        "received_at": received, "protocol": "st-gs", "net_kg": "12.340", "gross_kg": None,
        "tare_kg": None, "net_g": 12340, "stable": False, "status": "overload",
        "raw": 'ST,GS,+0012.34kg "ü"', "bound_to": None, "bound_at": None}
    db.dispose()
