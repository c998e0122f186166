"""Topics and JSON payloads of CONTRACT §4, with weights written exactly as the scale sent them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from gateway.reading import Reading

TOPIC_ROOT = "ambacht/{centre}/scale/{scale_id}/"


@dataclass(frozen=True, slots=True)
class Topics:
    """The four topics of one scale."""

    weighing: str
    live: str
    status: str
    ack: str

    @classmethod
    def of(cls, centre: str, scale_id: str) -> Topics:
        """The topics under `ambacht/{centre}/scale/{scale_id}/`."""
        root = TOPIC_ROOT.format(centre=centre, scale_id=scale_id)
        return cls(root + "weighing", root + "live", root + "status", root + "ack")


def timestamp(at: float) -> str:
    """ISO 8601 UTC with milliseconds and a Z: `2026-11-28T10:15:30.123Z`."""
    moment = datetime.fromtimestamp(at, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def weighing_id(scale_id: str, epoch: str, seq: int) -> str:
    """`{scale_id}:{outbox epoch}:{seq}`: unique for the scale even if the outbox is replaced."""
    return f"{scale_id}:{epoch}:{seq:06d}"


def _number(value: Decimal | None) -> str:
    # JSON numbers written from the Decimal's own digits: 12.340 stays 12.340.
    return "null" if value is None else format(value, "f")


def encode(fields: dict[str, object]) -> str:
    """A flat JSON object; Decimal values become numbers with exactly their digits."""
    parts = []
    for key, value in fields.items():
        text = _number(value) if isinstance(value, Decimal) else json.dumps(value)
        parts.append(f"{json.dumps(key)}: {text}")
    return "{" + ", ".join(parts) + "}"


def reading_fields(
    reading: Reading, *, scale_id: str, protocol: str, at: float, clock_synced: bool
) -> dict[str, object]:
    """The fields shared by weighing and live payloads."""
    return {
        "scale_id": scale_id,
        "at": timestamp(at),
        "clock_synced": clock_synced,
        "protocol": protocol,
        "gross_kg": reading.gross_kg,
        "tare_kg": reading.tare_kg,
        "net_kg": reading.net_kg,
        "stable": reading.stable,
        "stable_by": reading.stable_by,
        "status": reading.status.value,
        "detail": reading.detail,
        "raw": reading.raw,
    }


def weighing_payload(weighing_id_: str, seq: int, fields: dict[str, object]) -> str:
    """The `.../weighing` payload: id and seq first, as in CONTRACT §4."""
    return encode({"id": weighing_id_, "scale_id": fields["scale_id"], "seq": seq, **fields})


def live_payload(fields: dict[str, object]) -> str:
    """The `.../live` payload."""
    return encode(fields)


def status_payload(
    state: str,
    detail: str,
    at: float,
    *,
    outbox: int | None = None,
    last_weighing: dict[str, str] | None = None,
    uptime_s: int | None = None,
) -> str:
    """The retained `.../status` payload; the running gateway adds how it keeps up.

    `outbox`: weighings not yet acknowledged; `last_weighing`: `{"id", "at"}` of the last
    one made since the gateway started (null before); `uptime_s`: seconds since it started.
    The last will (`offline`) has only the first three fields.
    """
    fields: dict[str, object] = {"state": state, "detail": detail, "at": timestamp(at)}
    if uptime_s is not None:
        fields.update(outbox=outbox, last_weighing=last_weighing, uptime_s=uptime_s)
    return encode(fields)


def parse_ack(payload: bytes) -> list[str]:
    """The weighing ids in a tracker's `{"ids": [...]}` ack; [] for anything malformed."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return []
    ids = data.get("ids") if isinstance(data, dict) else None
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
