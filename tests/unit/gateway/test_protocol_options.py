"""The option frames of every protocol: noise, a flipped bit and a frame cut in two give no
wrong weight. Where a format carries no check (no checksum, 8 bits without parity), a flip
inside a digit is a different number that nothing on the line can reveal: those bytes are
left out here and the module docstrings say so."""

from __future__ import annotations

import random

import pytest

from gateway.protocols import CONCRETE, PROTOCOLS
from tests.support.captures import NONE, cases, files, summary

# Frames whose every byte is covered by a checksum.
CHECKED = {"toledo-continuous/checksum-on.txt", "xk3190-a12e/W", "xk3190-a12e/\x02"}
# 7-bit protocols: on a line with parity a flipped bit reaches the parser as NUL.
SEVEN_BIT = {name for name in CONCRETE if PROTOCOLS[name].settings.bytesize == 7}
WEIGHT_BYTES = set(b"0123456789.,+- ")


def frames(protocol: str) -> list[tuple[str, bytes, str]]:
    return [(f"{path.parent.name}/{path.name}", frame, want)
            for path in files(protocol) for frame, want in cases(path) if want != NONE]


def read(protocol: str, data: bytes) -> list[str]:
    parser = PROTOCOLS[protocol].make_parser("kg")
    tail = b"\x02" if protocol == "toledo-continuous" else b""  # ends a checksum-less frame
    return summary(protocol, parser.feed(PROTOCOLS[protocol].primer + data + tail))


def _checked(source: str, frame: bytes) -> bool:
    return source in CHECKED or f"{source.split('/')[0]}/{chr(frame[0])}" in CHECKED


@pytest.mark.parametrize("protocol", CONCRETE)
def test_a_flipped_bit_never_gives_another_weight(protocol: str) -> None:
    for source, frame, want in frames(protocol):
        for at, byte in enumerate(frame):
            if not _checked(source, frame) and byte in WEIGHT_BYTES:
                continue  # unprotected digits: see the module docstring
            for bit in range(8):
                flipped = bytearray(frame)
                flipped[at] ^= 1 << bit
                if protocol in SEVEN_BIT:
                    flipped[at] = 0  # what a parity-checking port delivers instead
                got = read(protocol, bytes(flipped))
                assert all(g.split()[0] == want.split()[0] or not g[0].isdigit() and
                           not g.startswith("-") for g in got), (source, frame, at, bit, got)


@pytest.mark.parametrize("protocol", CONCRETE)
def test_a_frame_cut_in_two_gives_only_the_whole_frames(protocol: str) -> None:
    for source, frame, want in frames(protocol):
        for cut in range(1, len(frame) - 1):
            got = read(protocol, frame[:cut] + frame)
            assert got in ([], [want], [want.split()[0]]), (source, frame, cut, got)


@pytest.mark.parametrize("protocol", CONCRETE)
def test_noise_gives_no_weight(protocol: str) -> None:
    rng = random.Random(protocol)
    for _ in range(200):
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80)))
        assert not [g for g in read(protocol, noise) if g[0].isdigit() or g[0] == "-"], noise
