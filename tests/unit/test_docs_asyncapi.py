"""docs/asyncapi.yaml says what the code does: topics, payloads the gateway builds, and the
limits of the tracker's parser (tests/integration/test_docs_mqtt.py: QoS and retain on a broker).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from gateway.health import ERROR, ONLINE
from gateway.payload import (
    Topics,
    live_payload,
    parse_ack,
    reading_fields,
    status_payload,
    weighing_id,
    weighing_payload,
)
from gateway.protocols import PROTOCOLS
from gateway.reading import Reading, Status
from gateway.scale_frames import ENCODERS, ScaleState
from gateway.weighing import StabilityWindow, WeighingRule
from tests.support import asyncapi as doc
from tracker.domain.weighings import (
    OUTBOX_BEHIND,
    Malformed,
    parse_live,
    parse_status,
    parse_weighing,
)
from tracker.feed.transports import MqttReceiver
from tracker.ingest.live import LiveBoard
from tracker.ingest.subscriber import Ingest
from tracker.store.database import Database

AT = datetime(2026, 11, 28, 10, 15, 30, 123000, tzinfo=UTC).timestamp()
SCALE = "milieustraat-1"
STATES = [ScaleState(Decimal("12.34"), True), ScaleState(Decimal("0.76"), True),
          ScaleState(Decimal("3.50"), False), ScaleState(Decimal("0.00"), True),
          ScaleState(Decimal(0), False, Status.OVERLOAD),
          ScaleState(Decimal(0), False, Status.UNDERLOAD)]
FRAME_S = 0.1  # a 10 Hz indicator
FRAMES_PER_STATE = 15  # longer than the gateway's stability window


def readings(protocol: str, unit: str) -> list[Reading]:
    """What the real parser of a protocol makes of a simulated scale's frames, each state held
    for a while; for a scale without a stability marker the gateway's window decides."""
    parser = PROTOCOLS[protocol].make_parser(unit)
    parser.feed(ENCODERS[protocol](STATES[0]))  # the first frame of a connection is dropped
    timed = [(i * FRAME_S, r) for i, r in enumerate(
        r for s in STATES for _ in range(FRAMES_PER_STATE)
        for r in parser.feed(ENCODERS[protocol](s)) if isinstance(r, Reading))]
    if any(r.stable for _, r in timed):
        return [r for _, r in timed]
    window = StabilityWindow()
    return [window.observe(at, r) for at, r in timed]


def decided(protocol: str, unit: str) -> list[Reading]:
    """The readings the gateway's weighing rule makes weighings of."""
    rule = WeighingRule()
    return [r for r in readings(protocol, unit) if rule.decide(r)]


def fields(reading: Reading, protocol: str) -> dict[str, object]:
    return reading_fields(reading, scale_id=SCALE, protocol=protocol, at=AT, clock_synced=True)


def weighing_text(reading: Reading, protocol: str, seq: int = 42) -> str:
    """A weighing payload exactly as the gateway writes it to its outbox."""
    return weighing_payload(weighing_id(SCALE, "0001c3", seq), seq, fields(reading, protocol))


def documented(name: str) -> set[str]:
    """The property names a payload schema lists (its `allOf` parts included)."""
    schema = doc.schema(name)
    parts = [doc.schema(p["$ref"].rsplit("/", 1)[1]) if "$ref" in p else p
             for p in schema.get("allOf", [])] + [schema]
    return {key for part in parts for key in part.get("properties", {})}


def test_scale_topics_are_the_ones_the_gateway_and_the_tracker_use() -> None:
    topics = Topics.of("{centre}", "{scale_id}")
    assert {c: doc.address(c) for c in doc.SCALE_CHANNELS} == {
        c: getattr(topics, c) for c in doc.SCALE_CHANNELS}
    ingest = Ingest(Database("sqlite://"), "mqtt://127.0.0.1:1", "demo", LiveBoard(),
                    lambda: datetime.now(UTC))
    for channel in doc.SCALE_CHANNELS:  # the tracker's own routing of each topic
        topic = doc.address(channel).format(centre="demo", scale_id=SCALE)
        example = doc.message(channel)[1]["examples"][0]["payload"]
        handled = ingest.handle(topic, json.dumps(example).encode())
        assert (handled is not None) == (channel == "weighing"), channel
    with pytest.raises(Malformed):  # a topic the document does not have is refused
        ingest.handle(f"ambacht/demo/scale/{SCALE}/weighings", b"{}")


def test_monitor_topic_is_the_feeds() -> None:
    receiver = MqttReceiver("mqtt://127.0.0.1:1883", "{centre}")
    assert doc.address("monitor") == receiver.topic("{month}")
    assert doc.channel_of(receiver.topic("2026-03").replace("{centre}", "demo")) == "monitor"


@pytest.mark.parametrize("protocol", sorted(ENCODERS))
@pytest.mark.parametrize("unit", ["kg", "lb"])
def test_payloads_the_gateway_builds_fit_the_document(protocol: str, unit: str) -> None:
    for reading in readings(protocol, unit):
        live = live_payload(fields(reading, protocol))
        assert doc.errors("live", json.loads(live)) == [], live
        parse_live(live.encode())
    weighings = decided(protocol, unit)
    assert len(weighings) >= 2  # 12.34 and 0.76 kg (or lb); xk3190 cannot say "moving"
    for seq, reading in enumerate(weighings):
        text = weighing_text(reading, protocol, seq)
        assert doc.errors("weighing", json.loads(text)) == [], text
        assert parse_weighing(SCALE, text.encode()).net_kg == reading.net_kg


RUNNING = {"outbox": 12, "last_weighing": {"id": f"{SCALE}:0001c3:000042", "at": "2026-11-28"
                                          "T10:14:41.207Z"}, "uptime_s": 86412}


def test_status_payloads_fit_the_document() -> None:
    for state, detail in ((ONLINE, "reading the scale (mt-sics)"), (ERROR, "no answer"),
                          ("offline", "gateway connection lost")):
        for running in ({}, RUNNING, {**RUNNING, "last_weighing": None}):
            text = status_payload(state, detail, AT, **running)  # type: ignore[arg-type]
            assert doc.errors("status", json.loads(text)) == [], text
            status = parse_status(text.encode())
            assert status.state == state
            assert status.outbox == running.get("outbox")
    behind = doc.schema("Status")["properties"]["outbox"]["x-behind-at"]
    assert behind == OUTBOX_BEHIND


def test_every_field_the_gateway_sends_is_documented() -> None:
    reading = decided("mt-sics", "kg")[0]
    assert set(json.loads(weighing_text(reading, "mt-sics"))) == documented("Weighing")
    assert set(json.loads(live_payload(fields(reading, "mt-sics")))) == documented("Live")
    running = status_payload(ONLINE, "ok", AT, **RUNNING)  # type: ignore[arg-type]
    assert set(json.loads(running)) == documented("Status")


def gateway_reads_ack(payload: bytes) -> None:
    """The gateway's side of `.../ack`: it must find the ids."""
    assert parse_ack(payload) == json.loads(payload)["ids"]


PARSERS = {"weighing": lambda p: parse_weighing(SCALE, p), "live": parse_live,
           "status": parse_status, "ack": gateway_reads_ack}


@pytest.mark.parametrize("channel", [*doc.SCALE_CHANNELS])
def test_the_documents_examples_fit_their_schema_and_parse(channel: str) -> None:
    examples = doc.message(channel)[1]["examples"]
    assert examples
    for example in examples:
        assert doc.errors(channel, example["payload"]) == []
        PARSERS[channel](json.dumps(example["payload"]).encode())


def limit(schema: str, field: str, keyword: str) -> Any:
    """A limit the document states for a field of a payload schema."""
    for part in [doc.schema(schema), *doc.schema(schema).get("allOf", [])]:
        if "$ref" in part:
            part = doc.schema(part["$ref"].rsplit("/", 1)[1])
        spec = part.get("properties", {}).get(field, {})
        if "$ref" in spec:
            spec = doc.schema(spec["$ref"].rsplit("/", 1)[1])
        if keyword in spec:
            return spec[keyword]
    raise KeyError(f"{schema}.{field} has no {keyword}")


def base_weighing() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(weighing_text(decided("mt-sics", "kg")[0], "mt-sics"))
    return parsed


def weighing_cases() -> list[tuple[str, dict[str, Any], bool]]:
    """(what, change to a real weighing, whether the document accepts it): each limit the
    document states, just inside and just outside."""
    max_id, max_scale = limit("Weighing", "id", "maxLength"), limit("Reading", "scale_id",
                                                                      "maxLength")
    max_seq, max_kg = limit("Weighing", "seq", "maximum"), limit("Reading", "net_kg", "maximum")
    min_kg, max_protocol = limit("Reading", "net_kg", "minimum"), limit("Reading", "protocol",
                                                                        "maxLength")
    return [
        ("id at its longest", {"id": "w" * max_id}, True),
        ("id too long", {"id": "w" * (max_id + 1)}, False),
        ("id empty", {"id": ""}, False),
        ("id with a NUL", {"id": "w\0"}, False),
        ("scale_id at its longest", {"scale_id": "s" * max_scale}, True),
        ("scale_id too long", {"scale_id": "s" * (max_scale + 1)}, False),
        ("seq at its largest", {"seq": max_seq}, True),
        ("seq past 64 bits", {"seq": max_seq + 1}, False),
        ("seq zero", {"seq": 0}, True),
        ("seq negative", {"seq": -1}, False),
        ("seq true", {"seq": True}, False),
        ("seq text", {"seq": "42"}, False),
        ("net at the top", {"net_kg": max_kg}, True),
        ("net at the bottom", {"net_kg": min_kg}, True),
        ("net past the top", {"net_kg": max_kg + 1}, False),
        ("net null", {"net_kg": None}, False),
        ("net missing", {"net_kg": ...}, False),
        ("gross null", {"gross_kg": None, "tare_kg": None}, True),
        ("gross text", {"gross_kg": "12.3"}, False),
        ("at the first millisecond of 1970", {"at": "1970-01-01T00:00:00.000Z"}, True),
        ("at the last millisecond before 2100", {"at": "2099-12-31T23:59:59.999Z"}, True),
        ("at before 1970", {"at": "1969-12-31T23:59:59.999Z"}, False),
        ("at in 2100", {"at": "2100-01-01T00:00:00.000Z"}, False),
        ("at without a time zone", {"at": "2026-11-28T10:15:30.123"}, False),
        ("at not a time", {"at": "gisteren"}, False),
        ("clock_synced text", {"clock_synced": "yes"}, False),
        ("protocol at its longest", {"protocol": "p" * max_protocol}, True),
        ("protocol too long", {"protocol": "p" * (max_protocol + 1)}, False),
        ("stable missing", {"stable": ...}, False),
        ("status unknown", {"status": "heavy"}, False),
        ("raw with a NUL", {"raw": "S S\0"}, False),
        ("raw long", {"raw": "r" * 1000}, True),
        ("raw missing", {"raw": ...}, True),
        ("an unknown field", {"firmware": "1.2"}, True),
    ]


@pytest.mark.parametrize("what, change, accepted", weighing_cases(),
                         ids=[c[0] for c in weighing_cases()])
def test_the_tracker_takes_what_the_document_accepts_and_refuses_what_it_refuses(
        what: str, change: dict[str, Any], accepted: bool) -> None:
    payload = base_weighing() | change
    payload = {k: v for k, v in payload.items() if v is not ...}
    if "scale_id" in change:
        payload["id"] = f"{payload['scale_id']}:0001c3:000042"
    assert (doc.errors("weighing", payload) == []) == accepted, doc.errors("weighing", payload)
    text = json.dumps(payload).encode()
    if accepted:
        parse_weighing(payload["scale_id"], text)
    else:
        with pytest.raises(Malformed):
            parse_weighing(payload.get("scale_id", SCALE), text)


def test_kept_lengths_are_the_trackers() -> None:
    raw_kept = limit("Reading", "raw", "x-kept-length")
    weighing = parse_weighing(SCALE, json.dumps(base_weighing() | {"raw": "r" * 999}).encode())
    assert weighing.raw == "r" * raw_kept
    detail_kept = limit("Status", "detail", "x-kept-length")
    status = parse_status(json.dumps({"state": "online", "detail": "d" * 999}).encode())
    assert status.detail == "d" * detail_kept


def test_the_digits_a_weight_may_have_are_the_trackers() -> None:
    longest = limit("Reading", "net_kg", "x-max-text-length")
    base = json.dumps(base_weighing() | {"net_kg": "NET"})

    def with_net(digits: str) -> bytes:
        return base.replace('"NET"', digits).encode()

    fits = "1." + "2" * (longest - 2)
    assert parse_weighing(SCALE, with_net(fits)).net_kg == Decimal(fits)
    with pytest.raises(Malformed, match="digits"):
        parse_weighing(SCALE, with_net(fits + "3"))


@pytest.mark.parametrize("state", [*doc.schema("Status")["properties"]["state"]["enum"],
                                   "sleeping"])
def test_status_states_are_the_trackers(state: str) -> None:
    payload = {"state": state, "detail": "", "at": "2026-11-28T10:15:30.123Z"}
    documented_state = doc.errors("status", payload) == []
    try:
        parse_status(json.dumps(payload).encode())
        parsed = True
    except Malformed:
        parsed = False
    assert documented_state == parsed == (state != "sleeping")


def test_an_ack_without_ids_is_refused_by_both() -> None:
    assert doc.errors("ack", {"id": ["x"]})
    assert parse_ack(b'{"id": ["x"]}') == []
