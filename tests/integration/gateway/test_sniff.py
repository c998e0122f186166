"""`--sniff` finds each simulated scale's protocol, baud rate and parity through a real pty.

A pty carries bytes whatever its baud rate, so the scale's end is a `WiredPort`: it sends
at the scale's own baud rate and parity and delivers what a UART set as the port is set
would make of them, bit by bit (tests/support/serial_wire.py). A wrong guess gives the
garbage a real line gives; only the right one reads.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import replace
from decimal import Decimal

import pytest

from gateway import sniff
from gateway.protocols import CONCRETE, PROTOCOLS
from gateway.simulator import play, scenario, virtual_port
from tests.support.serial_wire import WiredPort, carry

BAUDS = (9600, 2400, 19200)
LIMIT_S = 10.0  # the installer waits at most this long per scale
RATE_HZ = 10.0  # a real indicator's output rate


def english(nl: str, en: str) -> str:
    return en


@pytest.mark.parametrize("baud", BAUDS)
@pytest.mark.parametrize("protocol", CONCRETE)
def test_sniff_names_the_protocol_and_line_settings(protocol: str, baud: int) -> None:
    settings = replace(PROTOCOLS[protocol].settings, baudrate=baud)
    stop = threading.Event()
    shown: list[str] = []
    with virtual_port() as (port, path):
        scale = threading.Thread(target=play, args=(
            WiredPort(port.fd, settings), protocol,
            itertools.cycle(scenario([Decimal("12.34")], RATE_HZ))),
            kwargs={"rate_hz": RATE_HZ, "stop": stop}, daemon=True)
        scale.start()
        started = time.monotonic()
        try:
            found = sniff.sniff(path, shown.append, english)
        finally:
            stop.set()
            scale.join(5)
        took = time.monotonic() - started
    assert found is not None, "\n".join(shown)
    assert found.protocol.name == protocol
    assert found.settings == settings, found
    assert took < LIMIT_S
    command = shown[-1].split()
    assert command[command.index("--protocol") + 1] == protocol
    assert command[command.index("--baud") + 1] == str(baud)
    assert any("|" in line for line in shown), "the raw bytes are shown"


def test_a_wrong_baud_rate_on_the_wire_is_garbage_and_the_right_one_is_not() -> None:
    line = b"ST,GS,+0012.34kg\r\n"
    right = PROTOCOLS["st-gs"].settings
    assert carry(line, right, right) == line
    assert carry(line, right, replace(right, baudrate=4800)) != line
    seven_even = replace(right, bytesize=7, parity="E")
    assert bytes(b & 0x7F for b in carry(line, seven_even, right)) == line
    assert set(carry(line, seven_even, replace(right, bytesize=7, parity="O"))) == {0}
