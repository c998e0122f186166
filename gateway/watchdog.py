"""systemd readiness and watchdog pings: the sd_notify(3) datagrams, sent directly.

The protocol is one `AF_UNIX` datagram (`READY=1`, `WATCHDOG=1`) to `$NOTIFY_SOCKET`, a
path or, with a leading `@`, an abstract socket name. A dozen lines do it, so the Pi needs
no `systemd-python` (a C build against libsystemd) nor the unmaintained `sdnotify`. Outside
systemd (no `$NOTIFY_SOCKET`) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

# systemd restarts the service when a ping is late; sd_watchdog_enabled(3) advises pinging
# at half the interval, so one slow turn of the loop (an fsync on a busy SD card) is no miss.
PING_FRACTION = 0.5


class Notifier:
    """Tells systemd that the gateway is up, and that its loop still turns."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self._address = "\0" + address[1:] if address.startswith("@") else address
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        mine = not pid or pid == str(os.getpid())  # the variable may be inherited by a child
        self.interval_s = int(usec) / 1e6 * PING_FRACTION if usec.isdigit() and mine else None
        self._next = 0.0

    def _send(self, message: str) -> None:
        if not self._address:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message.encode(), self._address)
        except OSError as exc:  # systemd away: the gateway's work goes on regardless
            log.warning("cannot notify systemd at %s: %s", self._address, exc)

    def ready(self) -> None:
        """The gateway is running (`Type=notify` units count as started from here)."""
        self._send("READY=1")

    def alive(self, now: float) -> None:
        """The loop made a turn: ping the watchdog if half its interval has passed."""
        if self.interval_s is None or now < self._next:
            return
        self._next = now + self.interval_s
        self._send("WATCHDOG=1")

    def stopping(self) -> None:
        """The gateway is shutting down on purpose (no watchdog alarm while it does)."""
        self._send("STOPPING=1")
