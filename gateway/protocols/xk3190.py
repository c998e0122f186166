"""Yaohua XK3190-A12E continuous output (communication mode "tf"/continuous, format 1/2).

Frames of 9 bytes with no terminator: `=` then 7 characters of the displayed weight
(digits and decimal point) lowest digit first, then `0` or `-` for the sign:
3.000 kg is sent as `=000.3000`, -1.00 kg as `=00.1000-`. There is no stability
marker and no unit (the A12E weighs in kg): the gateway decides stability itself.
"""

from __future__ import annotations

from functools import partial

from gateway.protocols.base import FixedFramer, FrameParser, ProtocolSpec, SerialSettings
from gateway.reading import Parsed, Rejected, parse_weight, printable, weight_reading

NAME = "xk3190-a12e"
START = ord("=")
FRAME_LENGTH = 9


def frame_problem(frame: bytes) -> str | None:
    """Why these 9 bytes are not a valid frame, or None."""
    body = frame[1:8]
    if frame[8:9] not in (b"0", b"-"):
        return "sign byte is not 0 or -"
    if body.count(b".") > 1 or not body.replace(b".", b"").isdigit():
        return "weight field is not 7 digits with at most one point"
    if body.startswith(b".") or body.endswith(b"."):
        return "decimal point at the end of the weight"
    return None


def parse_frame(frame: bytes, unit: str) -> Parsed:
    """One validated frame as a reading; stability is decided later by the gateway."""
    raw = printable(frame)
    text = frame[1:8][::-1].decode("ascii")
    value = parse_weight(("-" if frame[8:9] == b"-" else "") + text)
    if value is None:
        return Rejected(raw, "weight field is not a number")
    return weight_reading(value, unit, net=False, stable=False, raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "Yaohua XK3190-A12E continuous '=' frames, digits reversed, no stable marker "
    "(the gateway decides stability over a window)",
    SerialSettings(9600, 8, "N", 1),
    None,
    lambda unit: FrameParser(FixedFramer(START, FRAME_LENGTH, frame_problem),
                             partial(parse_frame, unit=unit)),
    unitless=True,
    no_stability_marker=True,
)
