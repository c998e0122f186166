"""METTLER TOLEDO continuous output: STX SWA SWB SWC, 6 weight digits, 6 tare digits, CR, checksum.

No decimal point or sign is sent: the decimal position is in SWA bits 0-2, the increment
size in SWA bits 3-4; SWB carries net (bit 0), negative (1), out of range (2), motion (3),
kg instead of lb (4) and not-yet-zeroed after power-up (6); SWC bits 0-2 extend the unit.
The checksum is the two's complement of the 7-bit sum of STX up to and including CR.
Bit 7 of every byte is parity (7E1 lines) and is ignored.

Setup options that change the bytes, all read without a flag:

* checksum on or off (IND131/IND331/IND560/IND780 "Checksum: Enabled/Disabled"; the
  Liden LUW2001 manual, appendix 1: "<CKS> optional checksum, no output when F4.2.3 = 0",
  manualshive.com/en/manual/liden-weighing/luw2001-lbw/1907226?page=16): 17 or 18 bytes.
  From the bytes alone a frame is only known to have no checksum when the next frame's
  STX follows its CR; the safe reading waits for that byte, and once three frames in a row
  agreed the stream is held to that choice (the setting does not change while running), so a
  checksum-on line never accepts a frame whose checksum byte is missing or wrong.
* gross or net shown (SWB bit 0), tare field, lb/kg/g/t units, increments x1/x2/x5 and
  decimal positions: in the status words, read as above.
* 7E1 (default), 7O1 or 8N1 lines: parity is bit 7, ignored.
* Not read: the IND780 "extended" continuous format and template (print) output: the
  sniffer shows their bytes and finds no protocol for them.

Without the checksum a flipped bit inside a digit is a different number and nothing on the
line can tell: only parity (which the serial driver turns into a NUL byte, refused here)
protects such a line. `--sniff` says which setting the scale uses.
"""

from __future__ import annotations

from decimal import Decimal

from gateway.protocols.base import FrameParser, MeasuredFramer, ProtocolSpec, SerialSettings
from gateway.reading import Parsed, Rejected, Status, fault_reading, printable, weight_reading

NAME = "toledo-continuous"
STX = 0x02
CR = 0x0D
FRAME_LENGTH = 18  # STX + 3 status + 6 weight + 6 tare + CR + checksum
BODY_LENGTH = 17  # the same without the checksum byte (checksum switched off)
# Frames in a row that must agree on the checksum setting before the stream is held to it.
SETTLE_FRAMES = 3

# SWA bits 0-2 -> power of ten of the last digit: 0 = "XXXXXX00" ... 7 = "X.XXXXX".
_EXPONENT = {0: 2, 1: 1, 2: 0, 3: -1, 4: -2, 5: -3, 6: -4, 7: -5}
_INCREMENT = {1: 1, 2: 2, 3: 5}
_SWC_UNIT = {0: None, 1: "g", 2: "t"}  # None: lb or kg, as SWB bit 4 says


def checksum(body: bytes) -> int:
    """The checksum byte for STX..CR: two's complement of the sum of the low 7 bits."""
    return (-sum(b & 0x7F for b in body)) & 0x7F


def body_problem(frame: bytes) -> str | None:
    """Why these bytes (STX up to and including CR) are not a valid frame body, or None."""
    if frame[16] & 0x7F != CR:
        return "no CR at byte 17"
    digits = bytes(b & 0x7F for b in frame[4:16])
    if not digits.isdigit():
        return "weight or tare field is not 12 digits"
    if any((b & 0x20) == 0 for b in frame[1:4]):  # bit 5 of every status word is always 1
        return "status words malformed"
    return None


class ChecksumSetting:
    """Measures frames with or without the checksum byte, then holds to what the scale sends."""

    def __init__(self) -> None:
        self.with_checksum: bool | None = None  # None: not settled yet
        self._votes: list[bool] = []

    def measure(self, buf: bytes) -> int | str | None:
        """The frame length at the start of `buf`, None to wait, or why it is no frame."""
        if len(buf) < FRAME_LENGTH:
            return None
        problem = body_problem(buf)
        if problem is not None:
            return problem
        checked = (buf[17] & 0x7F) == checksum(buf[:17])
        bare = (buf[17] & 0x7F) == STX
        if self.with_checksum is not None:
            checked, bare = checked and self.with_checksum, bare and not self.with_checksum
        if not (checked or bare):
            return "checksum mismatch" if self.with_checksum else "no checksum and no next frame"
        self._vote(checked)
        return FRAME_LENGTH if checked else BODY_LENGTH

    def _vote(self, checked: bool) -> None:
        self._votes = [*self._votes, checked][-SETTLE_FRAMES:]
        if len(self._votes) == SETTLE_FRAMES and len(set(self._votes)) == 1:
            self.with_checksum = checked


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
    lambda unit: FrameParser(MeasuredFramer(bytes([STX]), ChecksumSetting().measure,
                                            FRAME_LENGTH), parse_frame, strip_parity=True),
)
