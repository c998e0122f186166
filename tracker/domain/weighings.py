"""Weighing messages from a gateway (CONTRACT §4), checked field by field. Pure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

STATUSES = ("ok", "overload", "underload", "error")
STATES = ("online", "offline", "error")  # a gateway's `.../status`
MAX_ABS_KG = Decimal(100_000)  # beyond any platform scale: a corrupt number
# The limits below are what the weighings table holds (tracker/store/tables.py): a value past
# them would fail its whole batch in the database, at every redelivery.
MAX_ID = 128
MAX_SCALE_ID = 64
MAX_RAW = 200
MAX_KG_TEXT = 24  # the digits as sent, as text: a scale sends 7 or 8 significant digits
MAX_SEQ = 2**63 - 1  # BIGINT
# A gateway's clock: a Raspberry Pi without network may start at 1970, never earlier; past 2100
# is a corrupt clock. Inside these bounds every conversion to UTC stays within Python's dates.
EARLIEST_AT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_AT = datetime(2100, 1, 1, tzinfo=UTC)
MAX_DETAIL = 200  # a status' detail shown at the intake desk


class Malformed(ValueError):
    """A message that cannot be a weighing; the reason is logged, the message dropped."""


@dataclass(frozen=True)
class Weighing:
    id: str
    scale_id: str
    seq: int
    at: datetime
    clock_synced: bool
    protocol: str
    net_kg: Decimal
    gross_kg: Decimal | None
    tare_kg: Decimal | None
    stable: bool
    status: str
    raw: str

    @property
    def net_g(self) -> int:
        """Net weight in whole grams (what an item records)."""
        return int(self.net_kg.quantize(Decimal("0.001"), ROUND_HALF_EVEN) * 1000)

    @property
    def usable(self) -> bool:
        """Whether it may be bound to an item."""
        return self.stable and self.status == "ok" and self.net_g > 0


def parse_topic(topic: str) -> tuple[str, str, str]:
    """`ambacht/{centre}/scale/{scale_id}/{kind}` → (centre, scale_id, kind)."""
    parts = topic.split("/")
    if len(parts) != 5 or parts[0] != "ambacht" or parts[2] != "scale":
        raise Malformed(f"unexpected topic {topic!r}")
    return parts[1], parts[3], parts[4]


def _kg(data: dict[str, Any], key: str, required: bool) -> Decimal | None:
    value = data.get(key)
    if value is None:
        if required:
            raise Malformed(f"{key} missing")
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise Malformed(f"{key} is not a number: {value!r}")
    d = Decimal(value)
    if not d.is_finite() or abs(d) > MAX_ABS_KG:
        raise Malformed(f"{key} out of range: {value!r}")
    if len(format(d, "f")) > MAX_KG_TEXT:
        raise Malformed(f"{key} has more digits than a scale sends: {value!r}")
    return d


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise Malformed(f"{key} missing or not a short text")
    return _no_nul(value, key)


def _no_nul(value: str, key: str) -> str:
    # PostgreSQL cannot store a NUL in text: one would fail its whole batch at every redelivery.
    if "\0" in value:
        raise Malformed(f"{key} contains a NUL character")
    return value


def _at(data: dict[str, Any]) -> datetime:
    try:
        at = datetime.fromisoformat(_text(data, "at", 40).replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise Malformed("at has no time zone")
        at = at.astimezone(UTC)  # year 1 at +14:00 does not exist in UTC: OverflowError
    except (ValueError, OverflowError):
        raise Malformed(f"at is not an ISO timestamp: {data.get('at')!r}") from None
    if not EARLIEST_AT <= at < LATEST_AT:
        raise Malformed(f"at is not a time a scale's clock can show: {data.get('at')!r}")
    return at


def _flag(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise Malformed(f"{key} is not true/false")
    return value


def _raw(data: dict[str, Any]) -> str:
    raw = data.get("raw", "")
    if not isinstance(raw, str):
        raise Malformed("raw is not text")
    return _no_nul(raw, "raw")[:MAX_RAW]


def _status(data: dict[str, Any]) -> str:
    status = data.get("status")
    if status not in STATUSES:
        raise Malformed(f"status {status!r} is not one of {STATUSES}")
    return str(status)


# Decimal keeps the scale's digits exactly; one decoder for all (json.loads with options
# builds a new one per call, a fifth of the parsing time at a busy drop-off point).
_DECODER = json.JSONDecoder(parse_float=Decimal)


def decode_object(payload: bytes, what: str) -> dict[str, Any]:
    """A message's JSON object; anything else (not UTF-8, not JSON, nested too deep for the
    decoder, not an object) is Malformed."""
    try:
        data = _DECODER.decode(payload.decode())
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Malformed(f"{what} is not JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise Malformed(f"{what} is not a JSON object")
    return data


def parse_weighing(topic_scale_id: str, payload: bytes) -> Weighing:
    """Check a weighing payload; Malformed says exactly what is wrong."""
    data = decode_object(payload, "weighing")
    scale_id = _text(data, "scale_id", MAX_SCALE_ID)
    if scale_id != topic_scale_id:
        raise Malformed(f"scale_id {scale_id!r} does not match topic scale {topic_scale_id!r}")
    seq = data.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= MAX_SEQ:
        raise Malformed(f"seq is not a non-negative 64-bit integer: {seq!r}")
    net = _kg(data, "net_kg", required=True)
    assert net is not None
    return Weighing(
        id=_text(data, "id", MAX_ID), scale_id=scale_id, seq=seq, at=_at(data),
        clock_synced=_flag(data, "clock_synced"), protocol=_text(data, "protocol", 32),
        net_kg=net, gross_kg=_kg(data, "gross_kg", False), tare_kg=_kg(data, "tare_kg", False),
        stable=_flag(data, "stable"), status=_status(data), raw=_raw(data),
    )


@dataclass(frozen=True)
class Live:
    """A reading on `.../live`: what the intake desk shows while the weight settles."""

    net_kg: Decimal | None
    gross_kg: Decimal | None
    tare_kg: Decimal | None
    stable: bool
    status: str
    at: datetime | None
    raw: str


def parse_live(payload: bytes) -> Live:
    """Check a live reading; only these fields ever reach a browser."""
    data = decode_object(payload, "live")
    return Live(net_kg=_kg(data, "net_kg", False), gross_kg=_kg(data, "gross_kg", False),
                tare_kg=_kg(data, "tare_kg", False), stable=_flag(data, "stable"),
                status=_status(data), at=_at(data) if "at" in data else None, raw=_raw(data))


MAX_COUNT = 10**9  # an outbox size or uptime past this is a corrupt number
# A gateway is falling behind when this many weighings wait in its outbox: the tracker acks
# each within a second, so more than a few means acks do not arrive (the link, the broker).
OUTBOX_BEHIND = 10
# ...or when its last weighing is not here this long after it was made (the ack timeout and
# a reconnect or two).
WEIGHING_OVERDUE_S = 300
# ...or when its status was not refreshed for this long (the gateway says it every minute,
# gateway/runner.py STATUS_REFRESH_S): its loop or its connection hangs.
STATUS_STALE_S = 300


@dataclass(frozen=True)
class Status:
    """A gateway's retained `.../status`; gateways since issue 23 say how they keep up."""

    state: str
    detail: str
    at: datetime | None
    outbox: int | None = None  # weighings the gateway holds, not yet acknowledged
    last_weighing_id: str | None = None  # the newest it made since it started
    last_weighing_at: datetime | None = None
    uptime_s: int | None = None


def _count(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise Malformed(f"{key} is not a count: {value!r}")
    return value


def falling_behind(status: Status, received: bool, now: datetime) -> list[str]:
    """Why a gateway falls behind (codes; [] when it keeps up); `received`: its last
    weighing is stored here."""
    if status.state == "offline":
        return []  # said by the state itself
    reasons = []
    if status.outbox is not None and status.outbox >= OUTBOX_BEHIND:
        reasons.append("outbox_backlog")
    made = status.last_weighing_at
    if made is not None and not received and (now - made).total_seconds() > WEIGHING_OVERDUE_S:
        reasons.append("weighing_not_received")
    refreshes = status.uptime_s is not None  # a gateway from before issue 23 says it once
    if refreshes and status.at is not None and (now - status.at).total_seconds() > STATUS_STALE_S:
        reasons.append("status_stale")
    return reasons


def parse_status(payload: bytes) -> Status:
    """Check a status message (a gateway's last will included)."""
    data = decode_object(payload, "status")
    state = data.get("state")
    if state not in STATES:
        raise Malformed(f"state {state!r} is not one of {STATES}")
    detail = data.get("detail", "")
    if not isinstance(detail, str):
        raise Malformed("detail is not text")
    last = data.get("last_weighing")
    if last is not None and not isinstance(last, dict):
        raise Malformed("last_weighing is not an object")
    return Status(state=str(state), detail=_no_nul(detail, "detail")[:MAX_DETAIL],
                  at=_at(data) if "at" in data else None, outbox=_count(data, "outbox"),
                  last_weighing_id=_text(last, "id", MAX_ID) if last else None,
                  last_weighing_at=_at(last) if last else None,
                  uptime_s=_count(data, "uptime_s"))
