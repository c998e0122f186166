"""Live throttling, the status verdict and the exact JSON payloads."""

from __future__ import annotations

import json
from decimal import Decimal

from gateway.health import ERROR, GARBAGE_FRAMES, ONLINE, Health
from gateway.live import LiveThrottle
from gateway.payload import (
    Topics,
    parse_ack,
    reading_fields,
    status_payload,
    timestamp,
    weighing_id,
    weighing_payload,
)
from gateway.reading import KG_PER_LB, Reading, weight_reading


def kg(value: str, stable: bool = False) -> Reading:
    return weight_reading(Decimal(value), "kg", net=False, stable=stable, raw=value)


def test_live_sends_changes_at_most_five_per_second_and_never_stays_stale() -> None:
    live = LiveThrottle()
    sent = []
    for i in range(100):  # 20 readings a second for 5 s, changing every time
        t = i * 0.05
        out = live.offer(t, kg(f"{i}.00"))
        if out is not None:
            sent.append((t, out.net_kg))
    assert 20 <= len(sent) <= 26
    assert all(b[0] - a[0] >= 0.2 - 1e-9 for a, b in zip(sent, sent[1:], strict=False))
    assert live.due(10.0) is not None  # the last change is delivered when its turn comes
    assert live.due(11.0) is None


def test_live_unchanged_readings_are_not_repeated() -> None:
    live = LiveThrottle()
    assert live.offer(0.0, kg("1.00")) is not None
    assert all(live.offer(t, kg("1.00")) is None for t in (1.0, 2.0, 3.0))


def test_health_reports_port_garbage_and_silence() -> None:
    health = Health(baud=9600, no_answer_s=3.0)
    assert health.verdict(0.0)[0] == ERROR
    health.port_failed("serial port /dev/ttyUSB0 not found (unplugged?)")
    assert "not found" in health.verdict(0.0)[1]
    health.port_opened(10.0)
    assert health.verdict(11.0)[0] == ONLINE
    assert "no answer" in health.verdict(13.5)[1]
    health.reading(14.0)
    assert health.verdict(14.0)[0] == ONLINE
    for _ in range(GARBAGE_FRAMES):
        health.rejected()
    state, detail = health.verdict(14.1)
    assert state == ERROR and "9600 baud" in detail
    health.reading(15.0, "reading", scale_error="syntax error")
    assert health.verdict(15.0) == (ERROR, "the scale reports: syntax error")
    health.reading(15.1)
    assert health.verdict(15.1)[0] == ONLINE
    health.outbox_full(True)
    assert "outbox full" in health.verdict(14.1)[1]


def test_weighing_payload_keeps_exact_digits_and_contract_fields() -> None:
    reading = kg("12.340", stable=True)
    fields = reading_fields(reading, scale_id="ms-1", protocol="mt-sics", at=0.1234,
                            clock_synced=True)
    text = weighing_payload(weighing_id("ms-1", "0001c3", 42), 42, fields)
    assert '"net_kg": 12.340' in text and '"tare_kg": 0.000' in text
    data = json.loads(text, parse_float=Decimal)
    assert data["id"] == "ms-1:0001c3:000042" and data["seq"] == 42
    assert data["at"] == "1970-01-01T00:00:00.123Z"
    assert set(data) >= {"id", "scale_id", "seq", "at", "clock_synced", "protocol", "gross_kg",
                         "tare_kg", "net_kg", "stable", "status", "raw"}


def test_pounds_payload_is_exact_not_float() -> None:
    reading = weight_reading(Decimal("2.20"), "lb", net=False, stable=True, raw="")
    text = weighing_payload("x", 1, reading_fields(reading, scale_id="s", protocol="sma", at=0,
                                                   clock_synced=False))
    assert json.loads(text, parse_float=Decimal)["net_kg"] == Decimal("2.20") * KG_PER_LB


def test_topics_status_and_acks() -> None:
    topics = Topics.of("demo", "milieustraat-1")
    assert topics.weighing == "ambacht/demo/scale/milieustraat-1/weighing"
    assert topics.ack.endswith("/ack") and topics.status.endswith("/status")
    status = json.loads(status_payload("offline", "gone", 0))
    assert status == {"state": "offline", "detail": "gone", "at": timestamp(0)}
    assert parse_ack(b'{"ids": ["a", "b", 3]}') == ["a", "b"]
    assert parse_ack(b"not json") == [] and parse_ack(b'{"ids": "a"}') == []
