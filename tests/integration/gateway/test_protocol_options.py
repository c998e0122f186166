"""Every setup option of every protocol, and the real captures, replayed through a real pty."""

from __future__ import annotations

import time

import pytest

from gateway.protocols import CONCRETE, PROTOCOLS, SerialSettings
from gateway.serial_link import SerialLink
from gateway.simulator import virtual_port
from tests.support.captures import cases, expected, files, summary

QUIET_S = 0.3  # nothing more arrived for this long: the replay is over


def replay(protocol: str, data: bytes) -> list[str]:
    """What the protocol's parser reads from `data` written into a pty and read back."""
    parser = PROTOCOLS[protocol].make_parser("kg")
    out = []
    with virtual_port() as (port, path):
        link = SerialLink(path, SerialSettings())
        link.open()
        try:
            port.write(data)
            last = time.monotonic()
            while time.monotonic() - last < QUIET_S:
                chunk = link.read()
                if chunk:
                    last = time.monotonic()
                    out += parser.feed(chunk)
        finally:
            link.close()
    return summary(protocol, out)


@pytest.mark.parametrize("protocol", CONCRETE)
def test_every_listed_option_and_capture_gives_its_readings(protocol: str) -> None:
    assert files(protocol), f"no frames for {protocol} under tests/data/captures"
    for path in files(protocol):
        pairs = cases(path)
        data = PROTOCOLS[protocol].primer + b"".join(frame for frame, _ in pairs)
        assert replay(protocol, data) == expected(pairs), path.name
