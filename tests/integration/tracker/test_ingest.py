"""MQTT ingest against a real Mosquitto: store once, ack after commit, bind at intake."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import paho.mqtt.client as mqtt
import pytest
import sqlalchemy as sa
from paho.mqtt.enums import CallbackAPIVersion

from tests.support.tracker import make_tracker
from tracker.store import tables as t

CENTRE = "ingest-test"  # the gateway tests use "test" on the same session broker
SCALE = "ms-1"
ROOT = f"ambacht/{CENTRE}/scale/{SCALE}/"


def wait_for(cond, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class FakeGateway:
    """Plays the gateway's side of the contract: publishes weighings, collects acks."""

    def __init__(self, broker):
        self.acked: list[str] = []
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"gw-{time.time_ns()}")
        self.client.on_message = lambda c, u, m: self.acked.extend(json.loads(m.payload)["ids"])
        self.client.connect("127.0.0.1", broker.port)
        self.client.subscribe(ROOT + "ack", qos=1)
        self.client.loop_start()
        self.seq = 0

    def weighing(self, net_kg="12.345", at=None, **over):
        self.seq += 1
        payload = {"id": f"{SCALE}:0001:{self.seq:06d}", "scale_id": SCALE, "seq": self.seq,
                   "at": (at or datetime.now(UTC)).isoformat().replace("+00:00", "Z"),
                   "clock_synced": True, "protocol": "mt-sics", "gross_kg": net_kg,
                   "tare_kg": 0, "net_kg": net_kg, "stable": True, "status": "ok",
                   "raw": f"S S {net_kg} kg"}
        payload.update(over)
        text = json.dumps(payload).replace(f'"{net_kg}"', net_kg)  # a number with exact digits
        self.client.publish(ROOT + "weighing", text, qos=1).wait_for_publish(5)
        return payload["id"]

    def raw(self, kind, payload):
        self.client.publish(ROOT + kind, payload, qos=1).wait_for_publish(5)

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def live(db_url, broker, clock):
    clock.now = datetime.now(UTC)  # weighings carry the gateway's real time
    yield from make_tracker(db_url, clock, mqtt_url=broker.url, mqtt_ingest=True, centre=CENTRE)


@pytest.fixture
def gateway(broker):
    gw = FakeGateway(broker)
    yield gw
    gw.close()


def stored(tracker):
    with tracker.db.read() as conn:
        return {r.id: r for r in conn.execute(sa.select(t.weighings))}


def test_weighing_is_stored_once_and_acked(live, gateway):
    wait_for(lambda: live.svc.ingest.connected, what="ingest connected")
    wid = gateway.weighing("12.340")
    wait_for(lambda: wid in gateway.acked, what="ack")
    row = stored(live)[wid]
    assert (row.net_kg, row.net_g, row.protocol) == ("12.340", 12340, "mt-sics")
    gateway.raw("weighing", json.dumps({**json.loads(row.raw and "{}"), **{
        "id": wid, "scale_id": SCALE, "seq": 1, "at": "2026-01-01T00:00:00Z",
        "clock_synced": True, "protocol": "mt-sics", "net_kg": 12.34, "stable": True,
        "status": "ok", "raw": "again"}}))  # a re-delivery after a lost ack
    wait_for(lambda: gateway.acked.count(wid) == 2, what="second ack")
    assert len(stored(live)) == 1
    assert live.client.get("/api/health").json()["mqtt"] == "connected"


@pytest.mark.parametrize("bad", [
    b"not json", b"[1,2]", b'{"id": "x"}',
    json.dumps({"id": "a", "scale_id": "other-scale", "seq": 1, "at": "2026-01-01T00:00:00Z",
                "clock_synced": True, "protocol": "p", "net_kg": 1, "stable": True,
                "status": "ok"}).encode(),
    json.dumps({"id": "a", "scale_id": SCALE, "seq": 1, "at": "2026-01-01T00:00:00Z",
                "clock_synced": True, "protocol": "p", "net_kg": "heavy", "stable": True,
                "status": "ok"}).encode(),
    # a NUL in any text (PostgreSQL cannot store one) must not block the queue either
    json.dumps({"id": "a\u0000", "scale_id": SCALE, "seq": 1, "at": "2026-01-01T00:00:00Z",
                "clock_synced": True, "protocol": "p", "net_kg": 1, "stable": True,
                "status": "ok"}).encode(),
    json.dumps({"id": "b", "scale_id": SCALE, "seq": 1, "at": "2026-01-01T00:00:00Z",
                "clock_synced": True, "protocol": "p", "net_kg": 1, "stable": True,
                "status": "ok", "raw": "S S \u0000 1 kg"}).encode(),
])
def test_malformed_messages_are_dropped_and_ingest_goes_on(live, gateway, bad):
    wait_for(lambda: live.svc.ingest.connected, what="ingest connected")
    gateway.raw("weighing", bad)
    wid = gateway.weighing("3.5")
    wait_for(lambda: wid in gateway.acked, what="ack of the good one")
    assert list(stored(live)) == [wid]


def test_weighings_published_while_tracker_is_down_arrive_later(db_url, broker, gateway,
                                                                  tmp_path):
    from tracker.ingest.subscriber import Ingest

    gen = make_tracker(db_url, centre=CENTRE)
    tracker = next(gen)

    def ingest():
        return Ingest(tracker.db, broker.url, CENTRE, tracker.svc.board, tracker.svc.clock,
                      client_id=f"tracker-persistent-{time.time_ns()}"[:23])

    first = ingest()
    first.start()  # subscribes once: the broker now keeps a session for this client id
    wait_for(lambda: first.connected)
    time.sleep(0.2)
    first.stop()
    ids = [gateway.weighing(f"{i}.5") for i in range(1, 6)]  # the tracker is away
    again = Ingest(tracker.db, broker.url, CENTRE, tracker.svc.board, tracker.svc.clock,
                   client_id=first.client._client_id.decode())
    again.start()
    try:
        wait_for(lambda: set(ids) <= set(gateway.acked), what="acks after restart")
        assert set(ids) <= set(stored(tracker))
    finally:
        again.stop()
        next(gen, None)


def test_intake_binds_the_newest_fresh_weighing_once(live, gateway):
    wait_for(lambda: live.svc.ingest.connected)
    older = gateway.weighing("2.000")
    newest = gateway.weighing("4.250")
    wait_for(lambda: {older, newest} <= set(gateway.acked))
    r = live.post("intake", "/api/items", {"category": "elektrisch", "scale_id": SCALE})
    assert r.status_code == 201, r.text
    assert r.json()["weight_kg"] == 4.25
    code = r.json()["code"]
    history = live.get("intake", f"/api/items/{code}/events").json()
    assert history[0]["data"]["weighing_id"] == newest
    page = live.get("intake", f"/api/scales/{SCALE}/weighings").json()
    assert [(w["id"], w["item"]) for w in page] == [(older, None), (newest, code)]
    # Inzamelen pressed again: the newest is used, and the older one is never taken instead
    # (it weighed something that has left the scale)
    for path in ("/api/items", "/api/bulk"):
        r = live.post("intake", path, {"category": "textiel", "scale_id": SCALE})
        assert r.status_code == 409 and r.json()["code"] == "weighing_used", r.text
        assert "zet het item op de weegschaal" in r.json()["detail"]


def test_intake_binds_exactly_the_weighing_the_page_showed(live, gateway):
    """Weigh A, take it off, weigh B, register B twice: the second must not get A's weight."""
    wait_for(lambda: live.svc.ingest.connected)
    a = gateway.weighing("7.100")
    b = gateway.weighing("3.300")
    wait_for(lambda: {a, b} <= set(gateway.acked))
    r = live.post("intake", "/api/items", {"category": "meubilair", "weighing_id": b})
    assert (r.status_code, r.json()["weight_kg"]) == (201, 3.3)
    again = live.post("intake", "/api/items", {"category": "meubilair", "weighing_id": b})
    assert again.status_code == 409 and again.json()["code"] == "weighing_used"
    r = live.post("intake", "/api/bulk", {"category": "textiel", "weighing_id": a})
    assert (r.status_code, r.json()["weight_kg"]) == (201, 7.1)  # A, as the page showed it
    r = live.post("intake", "/api/items", {"category": "meubilair", "weighing_id": "nope"})
    assert r.status_code == 404 and r.json()["code"] == "weighing_not_found"
    stale = gateway.weighing("5.000", at=datetime.now(UTC) - timedelta(minutes=10))
    wait_for(lambda: stale in gateway.acked)
    r = live.post("intake", "/api/items", {"category": "meubilair", "weighing_id": stale})
    assert r.status_code == 409 and r.json()["code"] == "no_fresh_weighing"
    r = live.post("intake", "/api/items", {"category": "meubilair", "weighing_id": stale},
                  headers={"Accept-Language": "en"})
    assert "put the object on the scale" in r.json()["detail"]


def test_old_weighings_are_not_fresh(live, gateway, clock):
    wait_for(lambda: live.svc.ingest.connected)
    wid = gateway.weighing("5.000", at=datetime.now(UTC) - timedelta(minutes=10))
    wait_for(lambda: wid in gateway.acked)
    r = live.post("intake", "/api/items", {"category": "meubilair", "scale_id": SCALE})
    assert r.status_code == 409
    fresh = gateway.weighing("5.000")
    wait_for(lambda: fresh in gateway.acked)
    clock.advance(seconds=live.svc.settings.weighing_max_age_s + 1)  # the operator went for tea
    r = live.post("intake", "/api/items", {"category": "meubilair", "scale_id": SCALE})
    assert r.status_code == 409


def test_concurrent_intakes_share_no_weighing(live, gateway):
    wait_for(lambda: live.svc.ingest.connected)
    wid = gateway.weighing("7.700")
    wait_for(lambda: wid in gateway.acked)
    results = []
    start = threading.Barrier(8)

    def intake():
        start.wait()
        results.append(live.post("intake", "/api/items", {"category": "fietsen",
                                                          "scale_id": SCALE}).status_code)

    threads = [threading.Thread(target=intake) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == [201] + [409] * 7


def test_scales_endpoint_and_live_status(live, gateway):
    wait_for(lambda: live.svc.ingest.connected)
    gateway.raw("status", json.dumps({"state": "online", "detail": "",
                                      "at": "2026-03-02T09:00:00.000Z"}))
    gateway.raw("live", json.dumps({"scale_id": SCALE, "net_kg": 1.2, "stable": False,
                                    "status": "ok"}))
    def ours():
        return next((s for s in live.get("till", "/api/scales").json()
                     if s["scale_id"] == SCALE), None)

    wait_for(lambda: ours() is not None and ours()["last_reading"] is not None)
    scale = ours()
    assert (scale["scale_id"], scale["status"]) == (SCALE, "online")
    assert scale["last_reading"]["net_kg"] == 1.2


def test_weighings_are_paginated(live, gateway):
    wait_for(lambda: live.svc.ingest.connected)
    ids = [gateway.weighing(f"{i}.0") for i in range(1, 8)]
    wait_for(lambda: set(ids) <= set(gateway.acked))
    first = live.get("till", f"/api/scales/{SCALE}/weighings", params={"limit": 3}).json()
    rest = live.get("till", f"/api/scales/{SCALE}/weighings",
                    params={"limit": 10, "after": first[-1]["id"]}).json()
    assert [w["id"] for w in first + rest] == ids
    r = live.get("till", f"/api/scales/{SCALE}/weighings", params={"after": "nope"})
    assert r.status_code == 404


def test_scales_show_a_gateway_that_falls_behind(live, gateway, clock):
    wait_for(lambda: live.svc.ingest.connected)
    made = datetime.now(UTC) - timedelta(minutes=10)
    kept = gateway.weighing("4.200", at=made)
    wait_for(lambda: kept in gateway.acked)

    def status(outbox, last_id, at=made):
        gateway.raw("status", json.dumps({
            "state": "online", "detail": "reading the scale (mt-sics)",
            "at": at.isoformat().replace("+00:00", "Z"), "outbox": outbox,
            "last_weighing": {"id": last_id, "at": made.isoformat().replace("+00:00", "Z")},
            "uptime_s": 7200}))

    def ours():
        return next(s for s in live.get("till", "/api/scales").json() if s["scale_id"] == SCALE)

    now = datetime.now(UTC)
    status(0, kept, at=now)  # the last weighing arrived, nothing waits: keeping up
    wait_for(lambda: ours()["uptime_s"] == 7200)
    scale = ours()
    assert (scale["outbox"], scale["behind"]) == (0, [])
    assert scale["gateway_last_weighing"]["id"] == kept

    lost = f"{SCALE}:0001:999999"  # made ten minutes ago, never arrived, 25 waiting
    status(25, lost, at=now)
    wait_for(lambda: ours()["outbox"] == 25)
    assert ours()["behind"] == ["outbox_backlog", "weighing_not_received"]

    status(0, kept, at=now - timedelta(minutes=6))  # said nothing for six minutes
    wait_for(lambda: ours()["outbox"] == 0)
    assert ours()["behind"] == ["status_stale"]
