"""systemd's watchdog sees a stuck gateway loop: the real process, a real notify socket.

systemd itself cannot run in this test machine (no systemd as PID 1), so the test plays its
part: it listens on `$NOTIFY_SOCKET` as systemd does and watches the pings. A serial read
that never returns (a hung USB-serial driver) is made by a hook around `SerialLink.read`
that blocks while a file exists.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
WATCHDOG_S = 1.0  # the unit's WatchdogSec, shortened: pings every 0.5 s
# The gateway, with a serial read that hangs while the freeze file exists.
HOOKED = """
import pathlib, sys, time
from gateway import cli, serial_link
freeze, real = pathlib.Path(sys.argv[1]), serial_link.SerialLink.read
def read(self):
    while freeze.exists():
        time.sleep(0.05)
    return real(self)
serial_link.SerialLink.read = read
cli.main(sys.argv[2:])
"""


@pytest.fixture
def notify_socket() -> Iterator[tuple[socket.socket, str]]:
    folder = tempfile.mkdtemp(prefix="sd-", dir="/tmp")  # AF_UNIX paths are short
    path = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    try:
        yield sock, path
    finally:
        sock.close()
        os.unlink(path)
        os.rmdir(folder)


def messages(sock: socket.socket, seconds: float) -> list[str]:
    """What arrives on the notify socket within `seconds`."""
    got, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append(sock.recv(256).decode())
        except TimeoutError:
            break
    return got


def test_pings_stop_while_the_loop_hangs_and_come_back_after(
    notify_socket: tuple[socket.socket, str], tmp_path: Path
) -> None:
    sock, path = notify_socket
    freeze = tmp_path / "freeze"
    env = {**os.environ, "NOTIFY_SOCKET": path, "WATCHDOG_USEC": str(int(WATCHDOG_S * 1e6))}
    args = [sys.executable, "-c", HOOKED, str(freeze), "--serial", "loop://", "--protocol",
            "st-gs", "--scale-id", "wd-1", "--broker", "mqtt://127.0.0.1:9",
            "--outbox", str(tmp_path / "o.sqlite")]
    with (tmp_path / "log").open("wb") as log:
        gateway = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=log)
    try:
        running = messages(sock, 3 * WATCHDOG_S)
        assert running[0] == "READY=1"
        assert running.count("WATCHDOG=1") >= 4, running

        freeze.touch()
        messages(sock, WATCHDOG_S)  # a ping of a turn that started before the freeze
        stuck = messages(sock, 3 * WATCHDOG_S)
        assert gateway.poll() is None, "the process lives on: only its loop is stuck"
        assert "WATCHDOG=1" not in stuck, "systemd would not restart a stuck gateway"

        freeze.unlink()
        assert "WATCHDOG=1" in messages(sock, 2 * WATCHDOG_S)
        gateway.send_signal(signal.SIGTERM)
        assert gateway.wait(10) == 0
        assert "STOPPING=1" in messages(sock, 0.5)
    finally:
        if gateway.poll() is None:
            gateway.kill()
            gateway.wait()
