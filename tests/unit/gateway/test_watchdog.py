"""The sd_notify side of the watchdog, on a real datagram socket (the process test is in
tests/fault/gateway/test_watchdog.py)."""

from __future__ import annotations

import os
import socket

from gateway.watchdog import Notifier


def test_pings_at_half_the_interval_to_an_abstract_socket() -> None:
    name = f"ambacht-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(0.5)
        notifier = Notifier({"NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "10000000"})
        assert notifier.interval_s == 5.0
        for now in (100.0, 101.0, 104.9, 105.0):
            notifier.alive(now)
        assert [sock.recv(64), sock.recv(64)] == [b"WATCHDOG=1", b"WATCHDOG=1"]


def test_no_pings_without_systemd_or_for_another_process() -> None:
    assert Notifier({}).interval_s is None
    Notifier({}).ready()  # no socket: nothing to do, no error
    inherited = {"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"}
    assert Notifier(inherited).interval_s is None
