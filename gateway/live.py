"""Throttling of `.../live`: at most a few per second, and only when something changed. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.reading import Reading

# CONTRACT §4: at most 5 per second; a station display needs no more to look live.
LIVE_MAX_PER_S = 5


def _shown(reading: Reading) -> tuple[object, ...]:
    return (reading.net_kg, reading.gross_kg, reading.stable, reading.status, reading.detail)


@dataclass
class LiveThrottle:
    """Lets a reading through when it differs from the last one sent and enough time passed.

    A change that arrives too soon is held and sent when its turn comes (`due`), so the
    display never stays on a stale value.
    """

    max_per_s: float = LIVE_MAX_PER_S
    _sent_at: float | None = None
    _sent: tuple[object, ...] | None = None
    _pending: Reading | None = None

    def offer(self, at: float, reading: Reading) -> Reading | None:
        """The reading to publish now, if any."""
        if _shown(reading) == self._sent:
            self._pending = None
            return None
        self._pending = reading
        return self.due(at)

    def due(self, at: float) -> Reading | None:
        """A held reading whose turn has come, if any."""
        if self._pending is None:
            return None
        if self._sent_at is not None and at - self._sent_at < 1.0 / self.max_per_s:
            return None
        reading, self._pending = self._pending, None
        self._sent_at, self._sent = at, _shown(reading)
        return reading
