"""What the scales are doing right now: status and newest reading per scale, in memory only,
fanned out to Server-Sent Events listeners.

Only checked fields of a message reach a browser (the parsers of tracker/domain/weighings.py),
and every event is built here, its type named by this code: a payload cannot choose the SSE
event kind, nor put a NaN or a newline into a stream."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tracker.domain.weighings import Live, Status, Weighing

LISTENER_QUEUE = 50  # readings a slow tablet may fall behind before old ones are dropped


@dataclass
class ScaleState:
    scale_id: str
    status: str = "unknown"
    detail: str = ""
    status_at: str | None = None
    reading: dict[str, Any] | None = None
    last_weighing: dict[str, Any] | None = None
    gateway: Status | None = None  # the newest status, with how the gateway keeps up


@dataclass
class LiveBoard:
    """Thread-safe: the MQTT thread writes, the event loop reads and listens."""

    scales: dict[str, ScaleState] = field(default_factory=dict)
    _listeners: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Any]]]] = field(
        default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _scale(self, scale_id: str) -> ScaleState:
        return self.scales.setdefault(scale_id, ScaleState(scale_id))

    def status(self, scale_id: str, status: Status) -> None:
        with self._lock:
            s = self._scale(scale_id)
            s.status, s.detail, s.status_at = status.state, status.detail, iso_time(status.at)
            s.gateway = status
        self._fan_out(scale_id, {"type": "status", "state": s.status, "detail": s.detail})

    def live(self, scale_id: str, live: Live) -> None:
        """A reading while the weight settles."""
        self._reading(scale_id, "live", _reading(live))

    def weighing(self, weighing: Weighing) -> None:
        """A stable weighing, once it is stored."""
        self._reading(weighing.scale_id, "weighing", {"id": weighing.id, **_reading(weighing)})

    def _reading(self, scale_id: str, kind: str, reading: dict[str, Any]) -> None:
        with self._lock:
            s = self._scale(scale_id)
            s.reading = reading
            if kind == "weighing":
                s.last_weighing = reading
        self._fan_out(scale_id, {"type": kind, **reading})

    def snapshot(self) -> list[ScaleState]:
        with self._lock:
            return sorted(self.scales.values(), key=lambda s: s.scale_id)

    def listen(self, scale_id: str) -> asyncio.Queue[Any]:
        """A queue of this scale's events for one SSE connection (call from the event loop)."""
        queue: asyncio.Queue[Any] = asyncio.Queue(LISTENER_QUEUE)
        with self._lock:
            self._listeners.setdefault(scale_id, set()).add((asyncio.get_running_loop(), queue))
        return queue

    def unlisten(self, scale_id: str, queue: asyncio.Queue[Any]) -> None:
        with self._lock:
            self._listeners[scale_id] = {(lp, q) for lp, q in self._listeners.get(scale_id, set())
                                         if q is not queue}

    def _fan_out(self, scale_id: str, event: dict[str, Any]) -> None:
        with self._lock:
            targets = list(self._listeners.get(scale_id, ()))
        for loop, queue in targets:
            loop.call_soon_threadsafe(_offer, queue, event)


def _offer(queue: asyncio.Queue[Any], event: dict[str, Any]) -> None:
    if queue.full():
        queue.get_nowait()  # a slow listener gets the newest, not a backlog
    queue.put_nowait(event)


def _kg(value: Decimal | None) -> float | None:
    return None if value is None else float(value)  # checked finite and within a scale's range


def iso_time(at: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, as the pages read it; None stays None."""
    return None if at is None else at.isoformat().replace("+00:00", "Z")


def _reading(r: Live | Weighing) -> dict[str, Any]:
    """The fields of a reading a page shows, from checked values only."""
    return {"net_kg": _kg(r.net_kg), "gross_kg": _kg(r.gross_kg), "tare_kg": _kg(r.tare_kg),
            "stable": r.stable, "status": r.status, "at": iso_time(r.at), "raw": r.raw}
