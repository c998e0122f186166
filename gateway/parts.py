"""What the gateway loop needs from the serial line and the broker, as typed shapes.

`serial_link.SerialLink` and `publisher.Publisher` are the real parts; the loop only
sees these methods, so the unit tests can run it on in-memory parts with a hand clock.
"""

from __future__ import annotations

from typing import Protocol

from gateway.publisher import Event


class SerialLine(Protocol):
    """A serial connection to one scale that can be lost and opened again."""

    @property
    def url(self) -> str:
        """Where the scale is (for the log)."""
        ...

    @property
    def is_open(self) -> bool:
        """Whether the port is open."""
        ...

    def open(self) -> None:
        """Open the port; `serial_link.LinkError` when it cannot be opened."""
        ...

    def read(self) -> bytes:
        """Whatever arrived, perhaps nothing; `LinkError` when the port is gone."""
        ...

    def write(self, data: bytes) -> None:
        """Send a request to the scale; `LinkError` when the port is gone."""
        ...

    def close(self) -> None:
        """Close the port if open."""
        ...


class MessageLink(Protocol):
    """The broker connection: publishes, and reports what happened as events."""

    @property
    def connected(self) -> bool:
        """Whether the broker connection is up right now."""
        ...

    def start(self) -> None:
        """Connect in the background."""
        ...

    def publish(self, topic: str, payload: str, qos: int, retain: bool = False) -> int:
        """Hand a message over; returns its message id."""
        ...

    def events(self) -> list[Event]:
        """Everything that happened since the last call, oldest first."""
        ...

    def stop(self, last_status: str | None = None) -> None:
        """Publish a last retained status if connected, then disconnect."""
        ...
