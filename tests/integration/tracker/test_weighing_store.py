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
