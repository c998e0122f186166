"""METTLER TOLEDO continuous output: STX SWA SWB SWC, 6 weight digits, 6 tare digits, CR, checksum.

No decimal point or sign is sent: the decimal position is in SWA bits 0-2, the increment
size in SWA bits 3-4; SWB carries net (bit 0), negative (1), out of range (2), motion (3),
kg instead of lb (4) and not-yet-zeroed after power-up (6); SWC bits 0-2 extend the unit.
The checksum is the two's complement of the 7-bit sum of STX up to and including CR.
Bit 7 of every byte is parity (7E1 lines) and is ignored.
"""

from __future__ import annotations

from decimal import Decimal

from gateway.protocols.base import FixedFramer, FrameParser, ProtocolSpec, SerialSettings
from gateway.reading import Parsed, Rejected, Status, fault_reading, printable, weight_reading

NAME = "toledo-continuous"
STX = 0x02
CR = 0x0D
FRAME_LENGTH = 18  # STX + 3 status + 6 weight + 6 tare + CR + checksum

# SWA bits 0-2 -> power of ten of the last digit: 0 = "XXXXXX00" ... 7 = "X.XXXXX".
_EXPONENT = {0: 2, 1: 1, 2: 0, 3: -1, 4: -2, 5: -3, 6: -4, 7: -5}
_INCREMENT = {1: 1, 2: 2, 3: 5}
_SWC_UNIT = {0: None, 1: "g", 2: "t"}  # None: lb or kg, as SWB bit 4 says


def checksum(body: bytes) -> int:
    """The checksum byte for STX..CR: two's complement of the sum of the low 7 bits."""
    return (-sum(b & 0x7F for b in body)) & 0x7F


def frame_problem(frame: bytes) -> str | None:
    """Why these 18 bytes are not a valid frame, or None."""
    if frame[16] & 0x7F != CR:
        return "no CR at byte 17"
    if (frame[17] & 0x7F) != checksum(frame[:17]):
        return "checksum mismatch"
    digits = bytes(b & 0x7F for b in frame[4:16])
    if not digits.isdigit():
        return "weight or tare field is not 12 digits"
    if any((b & 0x20) == 0 for b in frame[1:4]):  # bit 5 of every status word is always 1
        return "status words malformed"
    return None


def parse_frame(frame: bytes) -> Parsed:
    """One validated frame as a reading."""
    raw = printable(bytes(b & 0x7F for b in frame[:17]))
    swa, swb, swc = (b & 0x7F for b in frame[1:4])
    code = swa & 0x07
    increment = _INCREMENT.get((swa >> 3) & 0x03)
    if code not in _EXPONENT or increment is None:
        return Rejected(raw, "SWA has no valid decimal position or increment")
    exponent = _EXPONENT[code]
    negative = bool(swb & 0x02)
    if swb & 0x04:
        status = Status.UNDERLOAD if negative else Status.OVERLOAD
        return fault_reading(status, raw, "weight out of range")
    if swb & 0x40:
        return fault_reading(Status.ERROR, raw, "scale not zeroed since power-up")
    unit = _SWC_UNIT.get(swc & 0x07, "other")
    if unit == "other":
        return fault_reading(Status.ERROR, raw, "unit is not kg, lb, g or t")
    if unit is None:
        unit = "kg" if swb & 0x10 else "lb"
    digits = bytes(b & 0x7F for b in frame[4:16]).decode("ascii")
    shown = Decimal(int(digits[:6])).scaleb(exponent)
    tare = Decimal(int(digits[6:])).scaleb(exponent)
    if negative and shown != 0:
        shown = -shown
    division = Decimal(increment).scaleb(exponent)
    return weight_reading(
        shown, unit, net=bool(swb & 0x01), stable=not swb & 0x08, raw=raw, tare=tare,
        division=division,
    )


SPEC = ProtocolSpec(
    NAME,
    "METTLER TOLEDO continuous output (STX, status words SWA/SWB/SWC, checksum)",
    SerialSettings(9600, 7, "E", 1),
    None,
    lambda unit: FrameParser(FixedFramer(STX, FRAME_LENGTH, frame_problem), parse_frame,
                             strip_parity=True),
)
