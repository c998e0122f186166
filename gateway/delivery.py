"""Getting outbox weighings to the tracker: publish, re-publish, forget on ack.

A weighing is handed to paho at most once at a time: while paho holds it (no PUBACK yet)
it is not enqueued again, because paho itself re-sends it after a reconnect. Once the
broker has it, the tracker's ack is awaited; without one after `ack_timeout_s` (the
broker may have restarted and lost it, the tracker may have been down) it is published
again. After a gateway restart paho holds nothing, so everything in the outbox goes out.
"""

from __future__ import annotations

import logging
from collections import deque

from gateway.outbox import Outbox, Pending
from gateway.parts import MessageLink
from gateway.publisher import Acked, Connected, Disconnected, Event, Published

log = logging.getLogger(__name__)

# The tracker acks within a second when it is up; after this long, assume the message
# was lost (broker restart without persistence, tracker down) and send it again.
ACK_TIMEOUT_S = 30.0
# Bound on weighings handed to paho at once: a backlog of thousands after a long outage
# goes out in batches instead of flooding the broker and paho's memory.
MAX_IN_PAHO = 200
QOS_WEIGHING = 1


class Delivery:
    """Moves weighings from the outbox to the broker until the tracker acknowledges them."""

    def __init__(
        self,
        outbox: Outbox,
        publisher: MessageLink,
        topic: str,
        *,
        ack_timeout_s: float = ACK_TIMEOUT_S,
        max_in_paho: int = MAX_IN_PAHO,
    ) -> None:
        self._outbox = outbox
        self._publisher = publisher
        self._topic = topic
        self._ack_timeout_s = ack_timeout_s
        self._max_in_paho = max_in_paho
        self._in_paho: dict[int, str] = {}  # mid -> weighing id, until PUBACK
        self._in_paho_ids: set[str] = set()
        self._at_broker: dict[str, float] = {}  # weighing id -> when the broker PUBACKed it
        # acks can overtake PUBACK events in the queue; remember recent ones to not track them
        self._recently_acked: deque[str] = deque(maxlen=max_in_paho * 4)
        self.acked_total = 0

    def _send(self, pending: Pending) -> None:
        mid = self._publisher.publish(self._topic, pending.payload, QOS_WEIGHING)
        self._in_paho[mid] = pending.id
        self._in_paho_ids.add(pending.id)
        self._at_broker.pop(pending.id, None)

    def submit(self, pending: Pending) -> None:
        """A weighing was just stored: publish it now if the broker is there."""
        if self._publisher.connected and len(self._in_paho) < self._max_in_paho:
            self._send(pending)

    def handle(self, event: Event, now: float) -> list[str]:
        """Apply one publisher event; returns the ids acknowledged by it."""
        if isinstance(event, Published):
            weighing_id = self._in_paho.pop(event.mid, None)
            if weighing_id is not None:
                self._in_paho_ids.discard(weighing_id)
                if weighing_id not in self._recently_acked:
                    self._at_broker[weighing_id] = now
        elif isinstance(event, Acked):
            self._outbox.acknowledge(event.ids)
            for weighing_id in event.ids:
                self._at_broker.pop(weighing_id, None)
                self._recently_acked.append(weighing_id)
            self.acked_total += len(event.ids)
            return event.ids
        elif isinstance(event, Connected | Disconnected):
            pass  # paho keeps and re-sends what it holds; `pump` sends the rest
        return []

    def pump(self, now: float) -> int:
        """Publish what is due: never sent in this run, or unacknowledged for too long."""
        if not self._publisher.connected:
            return 0
        room = self._max_in_paho - len(self._in_paho)
        if room <= 0:
            return 0
        sent = 0
        for pending in self._outbox.pending(limit=self._max_in_paho * 4):
            if sent >= room:
                break
            if pending.id in self._in_paho_ids:
                continue
            at_broker = self._at_broker.get(pending.id)
            if at_broker is not None and now - at_broker < self._ack_timeout_s:
                continue
            if at_broker is not None:
                log.info("no ack for %s after %.0f s: again", pending.id, now - at_broker)
            self._send(pending)
            sent += 1
        return sent
