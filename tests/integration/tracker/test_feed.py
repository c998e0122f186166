"""The national monitor feed against real receivers on loopback: an HTTP endpoint that is
down, answers 500 and times out before it recovers, and a Mosquitto broker keeping the newest
revision retained. In the end every document arrives; a resend is the same revision."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import paho.mqtt.client as mqtt
import pytest
from fastapi.testclient import TestClient
from paho.mqtt.enums import CallbackAPIVersion

from tests.support.monitor import valid
from tests.support.services import free_port, wait_for_port
from tests.support.tracker import FakeClock, make_tracker
from tracker.domain.calendar import local_date
from tracker.feed.transports import HttpReceiver, MqttReceiver
from tracker.feed.worker import FeedWorker
from tracker.service import build_app
from tracker.services import feed
from tracker.settings import Settings

TOKEN = "rws-feed-secret"
CLIENT_TIMEOUT_S = 0.5
STALL_S = 1.2  # the receiver's answer in 'timeout' mode comes after the client gave up


class Receiver:
    """A national-monitor endpoint on loopback whose behaviour the test switches."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mode = "ok"  # ok | error | stall
        self.got: list[dict] = []  # every request that reached us, with its headers
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/monitor"

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.got.append({"headers": dict(self.headers), "body": body,
                                     "mode": receiver.mode})
                if receiver.mode == "stall":
                    time.sleep(STALL_S)
                status = 500 if receiver.mode == "error" else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        wait_for_port(self.port)

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def documents(self) -> dict[tuple[str, int], bytes]:
        """What arrived, by (month, revision); a resend must carry identical bytes."""
        out: dict[tuple[str, int], bytes] = {}
        for g in self.got:
            if g["mode"] == "error":
                continue
            doc = json.loads(g["body"])
            key = (doc["from"][:7], doc["revision"])
            assert out.setdefault(key, g["body"]) == g["body"], "a resend must be identical"
        return out


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.down()


def worker(tracker, sends):
    return FeedWorker(tracker.db, sends, centre="demo", categories=tracker.svc.categories,
                      clock=tracker.svc.clock, retry_base_s=60, retry_max_s=3600)


def test_every_document_arrives_through_downtime_errors_and_timeouts(tracker, receiver, caplog):
    caplog.set_level("INFO", logger="ambacht.feed")
    clock = tracker.svc.clock
    clock.now = datetime(2026, 3, 27, 9, tzinfo=UTC)
    w = worker(tracker, {"http": HttpReceiver(receiver.url, TOKEN, "demo", CLIENT_TIMEOUT_S)})
    # day by day over the month's end: the receiver is down, then broken, then stalling
    plan = ["down", "down", "error", "stall", "ok", "ok", "ok", "ok"]
    for mode in plan:
        if mode == "down":
            receiver.down()
        else:
            if receiver.server is None:
                receiver.up()
            receiver.mode = mode
        tracker.intake("textiel", 1.25)
        for _ in range(8):  # the worker ticks through the day; retries come when due
            w.tick()
            if mode == "stall":
                receiver.mode = "ok"  # one timeout, then the same document is sent again
            clock.advance(minutes=30)
        clock.advance(hours=20)
    with tracker.db.read() as conn:
        assert feed.pending(conn) == []

    said = [r.getMessage() for r in caplog.records]
    assert "feed http: 2026-03 r1 delivered" in said  # each delivery and failure says so once
    assert any(m.startswith("feed http: 2026-03 r1 not delivered") for m in said)
    arrived = receiver.documents()
    # the running March document daily, its final after the month closed, then April's
    assert [k for k in arrived if k[0] == "2026-03"] == [("2026-03", n) for n in range(1, 7)]
    assert [k for k in arrived if k[0] == "2026-04"] == [("2026-04", 1), ("2026-04", 2)]
    march = {n: json.loads(arrived["2026-03", n]) for n in range(1, 7)}
    assert [(d["to"], d["final"]) for d in march.values()] == [
        ("2026-03-26", False), ("2026-03-27", False), ("2026-03-28", False),
        ("2026-03-29", False), ("2026-03-30", False), ("2026-03-31", True)]
    for d in march.values():
        assert d["from"] == "2026-03-01" and d["site"] is None
        valid(d)
    assert march[6]["inflow"]["items"] == 5  # all of March's intakes, in the final one

    first = receiver.got[0]
    assert first["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert first["headers"]["Content-Type"].startswith("application/json")
    stalled = [g for g in receiver.got if g["mode"] == "stall"]
    again = [g for g in receiver.got if g["body"] == stalled[0]["body"] and g["mode"] != "error"]
    assert len(again) == 2 and len({g["headers"]["Idempotency-Key"] for g in again}) == 1
    assert again[0]["headers"]["X-Ambacht-Revision"] == str(json.loads(again[0]["body"])
                                                            ["revision"])


def test_retries_back_off_doubling_up_to_the_cap(tracker, receiver):
    clock = tracker.svc.clock
    w = worker(tracker, {"http": HttpReceiver(receiver.url, TOKEN, "demo", CLIENT_TIMEOUT_S)})
    waits = []
    for _ in range(9):  # nobody listens: each due attempt fails and waits longer
        w.tick()
        with tracker.db.read() as conn:
            (p,) = feed.pending(conn)
        waits.append((p["next_attempt_at"] - clock()).total_seconds())
        clock.now = p["next_attempt_at"]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert p["attempts"] == 9 and "Connection refused" in p["last_error"]
    receiver.up()
    assert w.tick() == 1  # back: delivered at the next due attempt


def test_a_tracker_down_over_the_month_end_still_closes_the_month(tracker, receiver):
    clock = tracker.svc.clock
    clock.now = datetime(2026, 3, 20, 9, tzinfo=UTC)
    receiver.up()
    w = worker(tracker, {"http": HttpReceiver(receiver.url, TOKEN, "demo", CLIENT_TIMEOUT_S)})
    w.tick()
    clock.now = datetime(2026, 4, 3, 9, tzinfo=UTC)  # switched off from the 20th to the 3rd
    w.tick()
    docs = [json.loads(b) for b in receiver.documents().values()]
    assert [(d["from"], d["to"], d["revision"], d["final"]) for d in docs] == [
        ("2026-03-01", "2026-03-19", 1, False), ("2026-03-01", "2026-03-31", 2, True),
        ("2026-04-01", "2026-04-02", 1, False)]
    w.tick()  # the same day again: nothing new
    assert len(receiver.got) == 3


def test_mqtt_receiver_keeps_the_newest_revision_retained(broker, tmp_path):
    clock = FakeClock()
    for tracker in make_tracker(f"sqlite:///{tmp_path / 'a.db'}", clock):
        w = worker(tracker, {"mqtt": MqttReceiver(broker.url, "demo")})
        for _ in range(3):
            tracker.intake("boeken", 0.5)
            clock.advance(days=1)
            assert w.tick() == 1
        got: list[mqtt.MQTTMessage] = []
        sub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="rijkswaterstaat")
        sub.on_message = lambda _c, _u, m, keep=got.append: keep(m)
        sub.connect("127.0.0.1", broker.port)
        sub.subscribe("ambacht/demo/monitor/#", qos=1)
        sub.loop_start()
        deadline = time.monotonic() + 5
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
        sub.loop_stop()
        sub.disconnect()
        assert len(got) == 1 and got[0].retain and got[0].topic == "ambacht/demo/monitor/2026-03"
        doc = valid(json.loads(got[0].payload))
        assert (doc["revision"], doc["to"], doc["inflow"]["items"]) == (3, "2026-03-04", 3)


def test_the_feed_starts_and_stops_with_the_app(tmp_path, receiver):
    receiver.up()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", mqtt_ingest=False,
                        feed_http_url=receiver.url, feed_http_token=TOKEN, feed_tick_s=0.1,
                        feed_timeout_s=2)
    app = build_app(settings)
    with TestClient(app):
        deadline = time.monotonic() + 10
        while not receiver.got and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(receiver.got) == 1
    doc = valid(json.loads(receiver.got[0]["body"]))
    assert doc["revision"] == 1
    assert date.fromisoformat(doc["to"]) == local_date(datetime.now(UTC)) - timedelta(days=1)
    app.state.services.db.dispose()


def test_paper_records_entered_into_a_closed_month_revise_its_final_document(tracker, receiver):
    clock = tracker.svc.clock
    clock.now = datetime(2026, 3, 30, 9, tzinfo=UTC)
    receiver.up()
    w = worker(tracker, {"http": HttpReceiver(receiver.url, TOKEN, "demo", CLIENT_TIMEOUT_S)})
    tracker.intake("textiel", 2.0)
    clock.now = datetime(2026, 4, 1, 9, tzinfo=UTC)
    w.tick()  # March's final document
    # the admin enters a paper intake form of 30 March, on 1 April
    r = tracker.post("admin", "/api/items", {"category": "boeken", "weight_kg": 3.5,
                                             "at": "2026-03-30T14:00:00+02:00"})
    assert r.status_code == 201, r.text
    w.tick()  # the same day: today's round was made already
    clock.now = datetime(2026, 4, 2, 9, tzinfo=UTC)
    w.tick()  # the next day's round: April's document and March's revised final
    clock.now = datetime(2026, 4, 3, 9, tzinfo=UTC)
    w.tick()  # nothing changed in March since: no further revision
    docs = [json.loads(b) for b in receiver.documents().values()]
    assert [(d["from"], d["to"], d["revision"], d["final"], d["inflow"]["kg"]) for d in docs] == [
        ("2026-03-01", "2026-03-31", 1, True, 2.0),
        ("2026-04-01", "2026-04-01", 1, False, 0.0),
        ("2026-03-01", "2026-03-31", 2, True, 5.5),
        ("2026-04-01", "2026-04-02", 2, False, 0.0)]


def test_a_skip_weighed_out_on_paper_in_a_closed_month_revises_its_mass_balance(tracker,
                                                                               receiver):
    clock = tracker.svc.clock
    clock.now = datetime(2026, 3, 30, 9, tzinfo=UTC)
    receiver.up()
    w = worker(tracker, {"http": HttpReceiver(receiver.url, TOKEN, "demo", CLIENT_TIMEOUT_S)})
    r = tracker.post("intake", "/api/bulk", {"category": "bouwmaterialen", "weight_kg": 100})
    assert r.status_code == 201, r.text
    r = tracker.post("admin", "/api/partners", {"id": "afval", "name": "Afvalverwerker",
                                                "kind": "waste_processor"})
    assert r.status_code == 201, r.text
    clock.now = datetime(2026, 4, 1, 9, tzinfo=UTC)
    w.tick()  # March's final document: nothing weighed out yet
    # the weighbridge ticket of a skip that left on 31 March comes in by post
    r = tracker.post("admin", "/api/outflows", {
        "partner": "afval", "stream": "residual", "weight_kg": "1210.5", "ticket": "WB-88",
        "at": "2026-03-31T16:00:00+02:00"})
    assert r.status_code == 201, r.text
    clock.now = datetime(2026, 4, 2, 9, tzinfo=UTC)
    w.tick()
    march = [json.loads(b) for (month, _), b in receiver.documents().items() if month == "2026-03"]
    assert [(d["revision"], d["mass_balance"]["out_kg"]["residual"],
             d["mass_balance"]["unaccounted_kg"], d["mass_balance"]["by_partner"])
            for d in march] == [(1, 0.0, 100.0, {}),
                                (2, 1210.5, -1110.5, {"afval": {"residual": 1210.5}})]
