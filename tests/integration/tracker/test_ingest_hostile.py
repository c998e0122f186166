"""Hostile MQTT input against a real Mosquitto and tracker, on both backends: whatever one
gateway's credentials can publish, the ingest goes on storing every other scale's weighings,
and /api/health says honestly whether it does."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import paho.mqtt.client as mqtt
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from paho.mqtt.enums import CallbackAPIVersion

from tests.support.tracker import make_tracker
from tracker.ingest import subscriber
from tracker.store import tables as t

CENTRE = "hostile"
ROOT = f"ambacht/{CENTRE}/scale/"
NESTED = b"[" * 1500 + b"]" * 1500  # 3 KB, under the broker's 4,096-byte limit


def wait_for(cond, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


class Gateway:
    """One set of gateway credentials: publishes anything on the scale topics."""

    def __init__(self, broker):
        self.acked: list[str] = []
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"gw-{time.time_ns()}")
        self.client.on_message = lambda c, u, m: self.acked.extend(json.loads(m.payload)["ids"])
        self.client.connect("127.0.0.1", broker.port)
        self.client.subscribe(ROOT + "+/ack", qos=1)
        self.client.loop_start()
        self.seq = 0

    def send(self, scale: str, kind: str, payload: bytes | str, qos: int = 1,
             retain: bool = False) -> None:
        self.client.publish(f"{ROOT}{scale}/{kind}", payload, qos=qos,
                            retain=retain).wait_for_publish(5)

    def weighing(self, scale: str, net_kg: str = "4.500", **over: object) -> str:
        self.seq += 1
        payload = {"id": f"{scale}:0001:{self.seq:06d}", "scale_id": scale, "seq": self.seq,
                   "at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                   "clock_synced": True, "protocol": "mt-sics", "gross_kg": 0, "tare_kg": 0,
                   "net_kg": 0, "stable": True, "status": "ok", "raw": "S S 4.500 kg", **over}
        text = json.dumps(payload).replace('"net_kg": 0', f'"net_kg": {net_kg}')  # exact digits
        self.send(scale, "weighing", text)
        return str(payload["id"])

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def gateway(broker):
    gw = Gateway(broker)
    yield gw
    gw.close()


@pytest.fixture
def live(db_url, broker, clock):
    clock.now = datetime.now(UTC)
    yield from make_tracker(db_url, clock, mqtt_url=broker.url, mqtt_ingest=True, centre=CENTRE)


def stored(tracker) -> set[str]:
    with tracker.db.read() as conn:
        return set(conn.execute(sa.select(t.weighings.c.id)).scalars())


def dead_letters(tracker) -> list[sa.Row]:
    with tracker.db.read() as conn:
        return list(conn.execute(sa.select(t.dead_letters).order_by(t.dead_letters.c.id)))


def health(tracker) -> dict:
    return tracker.client.get("/api/health").json()


def test_deeply_nested_json_on_every_topic_stops_nothing(live, gateway):
    """It raised RecursionError in paho's network thread: no weighing was stored after it,
    while /api/health still said connected."""
    ingest = live.svc.ingest
    wait_for(lambda: ingest.connected, what="ingest connected")
    for kind in ("live", "status", "weighing"):
        gateway.send("evil-1", kind, NESTED)
    wait_for(lambda: ingest.refused == 3, what="three refusals")
    wid = gateway.weighing("scale-2")
    wait_for(lambda: wid in gateway.acked, what="the next weighing stored and acked")
    assert wid in stored(live)
    kept = dead_letters(live)  # QoS 1 ones are kept for the admin, with the reason
    assert [row.topic.rsplit("/", 1)[1] for row in kept] == ["status", "weighing"]
    assert all("RecursionError" in row.reason for row in kept)
    assert health(live) | {"weighings_stored": 1} == {
        "status": "ok", "db": "ok", "mqtt": "connected", "ingest": "ok",
        "weighings_stored": 1, "messages_refused": 3}
    seen = live.get("admin", "/api/dead-letters").json()
    assert [d["topic"] for d in seen] == [row.topic for row in reversed(kept)]
    assert live.get("intake", "/api/dead-letters").status_code == 403


def test_a_retained_poison_status_does_not_kill_the_ingest_at_start(db_url, broker, clock,
                                                                     gateway):
    gateway.send("evil-2", "status", NESTED, retain=True)  # a gateway's ACL allows this
    try:
        clock.now = datetime.now(UTC)
        gen = make_tracker(db_url, clock, mqtt_url=broker.url, mqtt_ingest=True,
                           centre=CENTRE)
        tracker = next(gen)
        wait_for(lambda: tracker.svc.ingest.refused >= 1, what="the retained one refused")
        wid = gateway.weighing("scale-3")
        wait_for(lambda: wid in stored(tracker), what="a weighing stored after it")
        assert health(tracker)["ingest"] == "ok"
        next(gen, None)
    finally:
        gateway.send("evil-2", "status", b"", retain=True)  # clears the retained message


@pytest.mark.parametrize(("field", "value"), [
    ("at", "0001-01-01T00:00:00+14:00"),  # OverflowError in the database layer before
    ("at", "9999-12-31T23:59:59-14:00"),
    ("at", "1969-12-31T23:59:59Z"),
    ("seq", 2**63),  # PostgreSQL's BIGINT: the batch failed at every redelivery
    ("seq", 10**30),  # SQLite stored it as REAL, and /weighings answered 500
])
def test_values_no_database_holds_are_refused_before_the_batch(live, gateway, field, value):
    ingest = live.svc.ingest
    wait_for(lambda: ingest.connected, what="ingest connected")
    gateway.weighing("evil-3", **{field: value})
    good = gateway.weighing("scale-4")
    wait_for(lambda: good in gateway.acked, what="the good one acked")
    assert ingest.refused == 1
    assert live.get("till", "/api/scales/evil-3/weighings").json() == []
    assert live.get("till", "/api/scales/scale-4/weighings").status_code == 200


def test_a_net_kg_with_more_digits_than_its_column_is_refused(live, gateway):
    wait_for(lambda: live.svc.ingest.connected, what="ingest connected")
    gateway.weighing("evil-4", net_kg="1e-30")  # 32 characters as text, the column holds 24
    good = gateway.weighing("scale-5", net_kg="0.000001")
    wait_for(lambda: good in gateway.acked, what="the good one acked")
    assert live.svc.ingest.refused == 1 and good in stored(live)


def test_a_weighing_the_database_refuses_is_split_out_of_its_batch(live, gateway, monkeypatch):
    """Should the parser ever let through a value the database refuses, the batch is split:
    the others are stored and acknowledged, the bad one kept as a dead letter and acked to
    its gateway (else it sends it for ever), and the ingest does not reconnect."""
    ingest = live.svc.ingest
    wait_for(lambda: ingest.connected, what="ingest connected")
    parse = subscriber.parse_weighing

    def with_a_gap(scale_id, payload):  # what the parser used to let through
        weighing = parse(scale_id, payload)
        if scale_id != "evil-5":
            return weighing
        # SQLite's timestamp type overflows on year 1 at +14:00, PostgreSQL's BIGINT on 2^63
        return dataclasses.replace(weighing, seq=2**63, at=datetime(
            1, 1, 1, tzinfo=timezone(timedelta(hours=14))))

    monkeypatch.setattr(subscriber, "parse_weighing", with_a_gap)
    monkeypatch.setattr(subscriber, "LINGER_S", 0.3)  # let all of them share one batch
    ids = [gateway.weighing("scale-6"), gateway.weighing("evil-5"), gateway.weighing("scale-6")]
    wait_for(lambda: set(ids) <= set(gateway.acked), what="all three acked")
    assert stored(live) == {ids[0], ids[2]}
    [kept] = dead_letters(live)
    assert kept.reason.startswith("database:") and ids[1] in kept.payload
    assert (ingest.refused, ingest.stored, ingest.state()) == (1, 2, "ok")
    assert ingest.connected


def test_health_says_stalled_while_messages_wait_and_nothing_is_stored(live, gateway, db_url):
    ingest = live.svc.ingest
    ingest.stall_s = 0.5
    wait_for(lambda: ingest.connected, what="ingest connected")
    blocker = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")  # BEGIN by hand
    with blocker.connect() as conn:
        if live.db.is_sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # another program holds the write lock
        else:
            conn.exec_driver_sql("BEGIN")
            conn.exec_driver_sql("LOCK TABLE weighings IN ACCESS EXCLUSIVE MODE")
        wid = gateway.weighing("scale-7")
        wait_for(lambda: health(live)["ingest"] == "stalled", what="health: stalled")
        assert health(live)["status"] == "degraded"
        conn.exec_driver_sql("ROLLBACK")
    blocker.dispose()
    wait_for(lambda: wid in stored(live), timeout=20, what="stored once the lock is gone")
    wait_for(lambda: health(live)["ingest"] == "ok", what="health: ok again")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_health_says_when_no_scale_was_ever_heard_of(live, gateway):
    """Mosquitto grants a subscription its ACL gives nothing on (a placeholder centre): then
    no gateway's retained status ever arrives, and health must not say all is well."""
    wait_for(lambda: live.svc.ingest.connected, what="ingest connected")
    assert (health(live)["ingest"], health(live)["status"]) == ("no_scales", "degraded")
    gateway.send("scale-10", "status", b'{"state": "online", "detail": ""}', retain=False)
    wait_for(lambda: health(live)["ingest"] == "ok", what="health: ok once a scale is heard")


def test_health_says_stopped_when_the_network_thread_dies(live, gateway):
    """A failure nobody foresaw (here: one that is not an Exception) ends paho's thread."""
    ingest = live.svc.ingest
    wait_for(lambda: ingest.connected, what="ingest connected")

    def die(*_):
        raise SystemExit("a bug")

    ingest.client.on_message = die
    gateway.weighing("scale-8")
    wait_for(lambda: health(live)["ingest"] == "stopped", what="health: stopped")
    assert health(live)["mqtt"] == "disconnected" and health(live)["status"] == "degraded"


# --- fuzzing: payloads of every shape a gateway's credentials can send ----------------------

_odd_numbers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80), st.floats(allow_nan=True),
    st.sampled_from([1e308, -1e308, 1e-30, 10**30, 2**63, -1]))
_odd_dates = st.one_of(
    st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                     "2026-13-01T00:00:00Z", "2026-11-28T10:15:30", "yesterday", "",
                     "2026-11-28T10:15:30.123Z", "1970-01-01T00:00:00Z"]),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()))
_junk = st.recursive(
    st.one_of(st.none(), st.booleans(), _odd_numbers, st.text(max_size=30)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8)
_FIELDS = {"id": st.text(max_size=140) | _junk, "scale_id": st.just("fz") | _junk,
           "seq": _odd_numbers | _junk, "at": _odd_dates | _junk,
           "clock_synced": st.booleans() | _junk, "protocol": st.text(max_size=40) | _junk,
           "gross_kg": _odd_numbers | _junk, "tare_kg": _odd_numbers | _junk,
           "net_kg": _odd_numbers | _junk, "stable": st.booleans() | _junk,
           "status": st.sampled_from(["ok", "overload", "x"]) | _junk,
           "raw": st.text(max_size=300) | _junk, "state": st.sampled_from(["online", "x"]) | _junk,
           "detail": st.text(max_size=300) | _junk, "type": st.text(max_size=20) | _junk}
_objects = st.fixed_dictionaries({}, optional=_FIELDS).map(
    lambda d: json.dumps(d, allow_nan=True).encode())  # NaN and Infinity as Python writes them
_nested = st.tuples(st.integers(min_value=900, max_value=2000), st.sampled_from("[{")).map(
    lambda d: (b'{"a":' * d[0] + b"1" + b"}" * d[0]) if d[1] == "{" else b"[" * d[0] + b"]" * d[0])
_payloads = st.one_of(_objects, _nested, st.binary(max_size=300),
                      _junk.map(lambda j: json.dumps(j).encode()))


def test_fuzzed_messages_on_every_topic_never_stop_the_ingest(live, gateway):
    ingest = live.svc.ingest
    wait_for(lambda: ingest.connected, what="ingest connected")
    messages = []

    # Hypothesis only makes the messages: while it runs it raises Python's recursion limit for
    # the whole process, paho's thread too, which would hide the nesting that kills a decoder.
    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @example(kind="live", qos=0, payload=NESTED)  # the ones seen to kill the ingest, always
    @example(kind="status", qos=1, payload=NESTED)
    @example(kind="weighing", qos=1, payload=b"[" * 2000 + b"]" * 2000)
    @example(kind="live", qos=0, payload=b'{"net_kg": NaN, "type": "weighing\\n\\nevent: x"}')
    @example(kind="weighing", qos=1, payload=b'\xff\xfe{"id": 1}')
    @given(kind=st.sampled_from(["weighing", "status", "live"]), qos=st.integers(0, 1),
           payload=_payloads)
    def make(kind, qos, payload):
        messages.append((kind, qos, payload))

    make()
    gateway.send("fz", "status", b'{"state": "online", "detail": ""}')  # a scale is there
    wait_for(lambda: health(live)["ingest"] == "ok", what="health: ok")
    for kind, qos, payload in messages:
        before = ingest.handled
        gateway.send("fz", kind, payload, qos=qos)
        wait_for(lambda b=before: ingest.handled > b, timeout=5, what=f"{kind} {payload[:60]!r}")
        state = health(live)
        assert (state["ingest"], state["mqtt"]) == ("ok", "connected"), (state, payload[:60])
    assert ingest.failures == 0
    start = time.monotonic()
    wid = gateway.weighing("scale-9")  # a normal weighing from another scale
    wait_for(lambda: wid in gateway.acked, timeout=5, what="the normal weighing stored")
    assert time.monotonic() - start < 1.0, "stored within a second"
    assert wid in stored(live)
    pages = live.get("till", "/api/scales/fz/weighings").json()  # whatever was stored reads back
    assert all(isinstance(w["net_kg"], float) for w in pages)
    assert all(Decimal(str(w["net_kg"])).is_finite() for w in pages)


def test_the_admin_reads_refused_messages_on_the_command_line(tracker, db_url, monkeypatch,
                                                              capsys):
    from tracker.cli import main
    from tracker.services import weighings

    with tracker.db.write() as conn:
        weighings.keep_refused(conn, [(ROOT + "evil/weighing", b"\xff{\x00 nested",
                                       "weighing is not JSON: UnicodeDecodeError")],
                               datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    monkeypatch.setenv("AMBACHT_DATABASE_URL", db_url)
    main(["dead-letters"])
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "2026-03-02 10:30:00  ambacht/hostile/scale/evil/weighing",  # local time
        "    reden: weighing is not JSON: UnicodeDecodeError",
        "    bericht: \\xff{\\x00 nested"]


def test_a_live_payload_cannot_forge_stream_events(broker, gateway, tmp_path):
    """The payload's own "type" chose the SSE event kind (newlines went raw into the `event:`
    line), and a NaN went to the browsers, whose JSON.parse threw on it."""
    import threading

    import httpx

    from tests.support.tracker import serve

    lines: list[str] = []
    servers = serve(f"sqlite:///{tmp_path / 'sse.db'}", mqtt_url=broker.url,
                    AMBACHT_CENTRE=CENTRE)
    server = next(servers)
    try:
        server.cli("site", "add", "s1", "--municipality", "Utrecht")
        token = server.cli("station", "add", "balie", "--role", "intake", "--site", "s1")
        with httpx.Client(base_url=server.url, timeout=20,
                          headers={"Authorization": f"Bearer {token}"}) as http:
            wait_for(lambda: http.get("/api/health").json()["mqtt"] == "connected",
                     what="the server's ingest connected")
            with http.stream("GET", "/api/scales/sse-1/stream") as stream:
                def read():
                    for line in stream.iter_lines():
                        lines.append(line)
                        if '"net_kg": 2.5' in line:
                            return

                reader = threading.Thread(target=read, daemon=True)
                reader.start()
                base = {"scale_id": "sse-1", "stable": False, "status": "ok", "raw": "x"}
                forged = json.dumps({**base, "net_kg": 1.5,
                                     "type": "weighing\n\nevent: evil\ndata: {}"})
                gateway.send("sse-1", "live", forged, qos=0)
                gateway.send("sse-1", "live", '{"scale_id": "sse-1", "net_kg": NaN, '
                             '"stable": false, "status": "ok"}', qos=0)
                gateway.send("sse-1", "live", json.dumps({**base, "net_kg": 2.5}), qos=0)
                reader.join(10)
    finally:
        next(servers, None)
    events = [line[len("event: "):] for line in lines if line.startswith("event:")]

    def no_constant(name):  # what a browser's JSON.parse does with NaN or Infinity
        raise ValueError(name)

    data = [json.loads(line[len("data: "):], parse_constant=no_constant)
            for line in lines if line.startswith("data:")]
    assert events == ["live", "live"]
    assert [d["net_kg"] for d in data] == [1.5, 2.5]
    assert all("type" not in d or d["type"] == "live" for d in data)
    assert not any("evil" in line for line in lines)
