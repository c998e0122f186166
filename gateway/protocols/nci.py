"""NCI / Avery Weigh-Tronix general serial protocol (SCP-01), as on NCI and Brecknell scales.

Request `W<CR>`; reply `<LF>xxxx.xxuu<CR><LF>hh<CR><ETX>`: the displayed weight with its
unit, then two or more status bytes, or `<LF>hh<CR><ETX>` alone when there is no weight to
give, or `<LF>?<CR><ETX>` for an unknown command. Every status byte has bits 4 and 5 set.
Byte 1: bit 0 motion, 1 at zero, 2 RAM error, 3 EEPROM error. Byte 2: bit 0 under
capacity, 1 over capacity, 2 ROM error, 3 faulty calibration, 6 another byte follows.
Byte 3: bit 2 net weight. Some OHAUS/Brecknell models put `S` before the status bytes.

Setup options that change the bytes, all read without a flag (NCI 3835 / Brecknell
6702U manuals, "SCP-01"): two or three status bytes, the `S` before them, units `lb`,
`kg`, `oz`, `g` in either case, 7E1 (default) or 8N1 (bit 7 is parity and is ignored),
weight with leading spaces or zeros.
"""

from __future__ import annotations

import re

from gateway.protocols.base import FrameParser, LineFramer, ProtocolSpec, SerialSettings
from gateway.reading import (
    Parsed,
    Rejected,
    Status,
    fault_reading,
    mass_unit,
    moving_reading,
    parse_weight,
    printable,
    weight_reading,
)

NAME = "nci"
POLL = b"W\r"
STATUS_FIXED = 0x30  # bits 4 and 5 of each status byte are always 1

_WEIGHT = re.compile(r"^\s*([-+]?\s*[0-9]*\.?[0-9]+)\s*([A-Za-z]+)\s*$")


def _status_bytes(text: bytes) -> bytes | None:
    body = text[1:] if text[:1] == b"S" else text
    body = bytes(b & 0x7F for b in body)  # bit 7 is parity on 7E1 lines
    if len(body) < 2 or any(b & STATUS_FIXED != STATUS_FIXED for b in body):
        return None
    if body[0] & 0x40:  # bit 6 of byte 1 is always 0
        return None
    return body


def parse_frame(frame: bytes) -> Parsed:
    """One reply up to ETX (ETX removed) as a reading."""
    raw = printable(frame)
    parts = [p for p in frame.replace(b"\r", b"\n").split(b"\n") if p]
    if parts == [b"?"]:
        return fault_reading(Status.ERROR, raw, "scale did not recognise the command")
    if not frame.startswith(b"\n") or len(parts) not in (1, 2):
        return Rejected(raw, "not an NCI reply")
    status = _status_bytes(parts[-1])
    if status is None:
        return Rejected(raw, "NCI status bytes malformed")
    first, second = status[0], status[1]
    if first & 0x0C or second & 0x0C:
        return fault_reading(Status.ERROR, raw, "scale reports a memory or calibration fault")
    if second & 0x02:
        return fault_reading(Status.OVERLOAD, raw, "over capacity")
    if second & 0x01:
        return fault_reading(Status.UNDERLOAD, raw, "under capacity")
    moving = bool(first & 0x01)
    if len(parts) == 1:
        return moving_reading(raw) if moving else fault_reading(Status.ERROR, raw, "no weight")
    match = _WEIGHT.match(parts[0].decode("ascii", "replace"))
    if not match:
        return Rejected(raw, "NCI weight line malformed")
    value = parse_weight(match.group(1))
    unit = mass_unit(match.group(2))
    if value is None:
        return Rejected(raw, "weight field is not a number")
    if unit is None:
        return fault_reading(Status.ERROR, raw, f"unit {match.group(2)!r} is not a mass")
    net = len(status) >= 3 and bool(status[2] & 0x04)
    return weight_reading(value, unit, net=net, stable=not moving, raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "NCI / Avery Weigh-Tronix SCP-01, polled with W<CR> (weight line + status bytes, ETX)",
    SerialSettings(9600, 7, "E", 1),
    POLL,
    lambda unit: FrameParser(LineFramer(b"\x03"), parse_frame, strip_parity=True),
    primer=b"\x03",
)
