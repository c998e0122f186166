"""A simulated platform scale on a (virtual) serial port, for the demo and the tests.

`play()` writes what a real indicator would: an item is put on (the weight swings),
settles, stays stable, is taken off, and the scale returns to zero; a pushed protocol
streams frames, a polled one answers each request with the current state.

    python -m gateway.simulator --protocol st-gs --link /tmp/scale   # then:
    ambacht-gateway --serial /tmp/scale --protocol st-gs --scale-id demo-1
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import select
import sys
import threading
import time
import tty
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import serial

from gateway.protocols import PROTOCOLS
from gateway.scale_frames import ENCODERS, ScaleState

# Ticks per second of the simulated indicator: real ones update their display and their
# continuous output 5-20 times a second.
DEFAULT_RATE_HZ = 10.0
DEFAULT_ITEMS = (Decimal("12.34"), Decimal("3.50"), Decimal("27.80"), Decimal("0.76"))
DIVISION = Decimal("0.01")


class Port(Protocol):
    """Anything bytes can be written to and read from: pty master fd or pyserial port."""

    def write(self, data: bytes) -> object: ...

    def read_ready(self, timeout: float) -> bytes: ...


class FdPort:
    """A pty master file descriptor."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> object:
        """Write all bytes (a pty may take them in pieces)."""
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        return None

    def read_ready(self, timeout: float) -> bytes:
        """Bytes the gateway sent, waiting at most `timeout`."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            return os.read(self.fd, 1024)
        except OSError:  # nobody has the other end open (yet)
            time.sleep(max(0.0, timeout))
            return b""


class SerialPort:
    """A pyserial port object (anything from `serial.serial_for_url`)."""

    def __init__(self, port: serial.SerialBase) -> None:
        self.port = port

    def write(self, data: bytes) -> object:
        """Write the bytes."""
        return self.port.write(data)

    def read_ready(self, timeout: float) -> bytes:
        """Bytes the gateway sent, waiting at most `timeout`."""
        self.port.timeout = max(0.0, timeout)
        return bytes(self.port.read(max(1, self.port.in_waiting)))


def weighing_cycle(item_kg: Decimal, rate_hz: float = DEFAULT_RATE_HZ) -> list[ScaleState]:
    """One item on and off: zero, put on (swinging), settling, stable, taken off, zero."""
    ticks = max(1, round(rate_hz / 5))  # each swing step lasts ~0.2 s
    zero = Decimal("0.00")
    states = [ScaleState(zero, True)] * max(2, round(rate_hz * 0.6))
    for share in ("0.35", "0.90", "1.18", "1.04", "0.97"):
        states += [ScaleState((item_kg * Decimal(share)).quantize(DIVISION), False)] * ticks
    for wobble in (2, -1):
        states += [ScaleState(item_kg + DIVISION * wobble, False)] * ticks
    states += [ScaleState(item_kg, True)] * max(3, round(rate_hz * 1.6))
    for share in ("0.70", "0.20"):
        states += [ScaleState((item_kg * Decimal(share)).quantize(DIVISION), False)] * ticks
    return states


def scenario(items: Sequence[Decimal], rate_hz: float = DEFAULT_RATE_HZ) -> list[ScaleState]:
    """Every item weighed once, then the scale empty again."""
    states: list[ScaleState] = []
    for item in items:
        states += weighing_cycle(item, rate_hz)
    return states + [ScaleState(Decimal("0.00"), True)] * max(2, round(rate_hz * 0.6))


def play(
    port: Port,
    protocol: str,
    states: Iterable[ScaleState],
    *,
    rate_hz: float = DEFAULT_RATE_HZ,
    stop: threading.Event | None = None,
) -> None:
    """Be the scale for the given states, one per tick: push frames, or answer requests."""
    encode = ENCODERS[protocol]
    request = PROTOCOLS[protocol].poll
    tick = 1.0 / rate_hz
    pending = b""
    deadline = time.monotonic()
    for state in states:
        deadline += tick
        if request is None:
            port.write(encode(state))
        while True:
            if stop is not None and stop.is_set():
                return
            left = deadline - time.monotonic()
            if left <= 0:
                break
            pending = (pending + port.read_ready(left))[-64:]
            if request is not None:
                while request in pending:
                    pending = pending[pending.index(request) + len(request) :]
                    port.write(encode(state))


@contextlib.contextmanager
def virtual_port(link: Path | None = None) -> Iterator[tuple[FdPort, str]]:
    """A pty pair: yields (the scale's end, the path the gateway opens); `link` names it."""
    master, slave = os.openpty()
    tty.setraw(slave)  # no echo, no CR/LF translation even before the gateway opens it
    path = os.ttyname(slave)
    try:
        if link is not None:
            with contextlib.suppress(FileNotFoundError):
                link.unlink()
            link.symlink_to(path)
            path = str(link)
        yield FdPort(master), path
    finally:
        if link is not None:
            with contextlib.suppress(FileNotFoundError):
                link.unlink()
        os.close(slave)
        os.close(master)


def main(argv: list[str] | None = None) -> None:
    """`python -m gateway.simulator`: a scale on a virtual serial port, weighing forever."""
    parser = argparse.ArgumentParser(
        prog="python -m gateway.simulator",
        description="Simulate a platform scale on a virtual serial port (pty).",
    )
    parser.add_argument("--protocol", required=True, choices=sorted(ENCODERS))
    parser.add_argument("--link", type=Path,
                        help="make this symlink to the pty, for --serial (default: print the path)")
    parser.add_argument("--serial", help="play into this pyserial URL instead of a new pty")
    parser.add_argument("--items", default=",".join(map(str, DEFAULT_ITEMS)),
                        help="comma-separated item weights in kg")
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE_HZ, help="frames per second")
    parser.add_argument("--once", action="store_true", help="weigh the items once, then exit")
    args = parser.parse_args(argv)
    try:
        items = [Decimal(x) for x in args.items.split(",")]
    except ArithmeticError:
        parser.error(f"--items must be numbers in kg, not {args.items!r}")
    states = scenario(items, args.rate)
    sequence: Iterable[ScaleState] = states if args.once else itertools.cycle(states)
    try:
        if args.serial:
            with serial.serial_for_url(args.serial) as port:
                play(SerialPort(port), args.protocol, sequence, rate_hz=args.rate)
            return
        with virtual_port(args.link) as (port, path):
            print(path, flush=True)
            play(port, args.protocol, sequence, rate_hz=args.rate)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
