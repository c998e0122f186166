"""Yaohua XK3190-A12E continuous output (communication mode "tf"/continuous).

Output formats the XK3190 family's setup offers, all read without a flag:

* `=` frames, 9 bytes, no terminator: `=` then 7 characters of the displayed weight
  (digits and decimal point) lowest digit first, then `0` or `-` for the sign: 3.000 kg is
  `=000.3000`, -1.00 kg `=00.1000-` (A12E manual p. 12, A23P manual p. 23 "format 2").
* `W` frames, 15 bytes: `W`, `G` gross or `N` net, 7 characters of weight (sign in the
  first, a blank last when there is no decimal point), the unit `kg`, the XOR of bytes 1-11
  as two hex digits, CR LF: `WG004.139kg3D`. Overload is nine blanks, `OL` and the
  checksum (`OL23`), underload the same with `LO` (A12E manual p. 12,
  easymanua.ls/yaohua-weighing-system/xk3190-a12e/manual?p=13).
* STX frames, 12 bytes ("format 0" of the A23P/A26 manuals): STX, `+`/`-`, 6 digits, the
  number of decimals (0-4), the XOR of bytes 2-9 as two hex digits, ETX.

None carries a stability marker: the gateway decides stability itself over a window. The
`=` frames carry no check at all; a flipped bit in a digit there is a different number,
which is what that format offers. `W` and STX frames with a wrong checksum are refused.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial, reduce

from gateway.protocols.base import FrameParser, MeasuredFramer, ProtocolSpec, SerialSettings
from gateway.reading import (
    Parsed,
    Rejected,
    Status,
    fault_reading,
    mass_unit,
    parse_weight,
    printable,
    weight_reading,
)

NAME = "xk3190-a12e"
START = ord("=")
FRAME_LENGTH = 9
W_LENGTH = 15  # W, G/N, 7 weight, 2 unit, 2 checksum, CR LF
STX_LENGTH = 12  # STX, sign, 6 digits, decimals, 2 checksum, ETX
_W_FAULTS = {b"OL": Status.OVERLOAD, b"LO": Status.UNDERLOAD}


def xor_hex(data: bytes) -> bytes:
    """The XK3190 checksum: the XOR of the bytes as two upper-case hex digits."""
    return b"%02X" % reduce(lambda a, b: a ^ b, data, 0)


def frame_problem(frame: bytes) -> str | None:
    """Why these 9 bytes are not a valid `=` frame, or None."""
    body = frame[1:8]
    if frame[8:9] not in (b"0", b"-"):
        return "sign byte is not 0 or -"
    if body.count(b".") > 1 or not body.replace(b".", b"").isdigit():
        return "weight field is not 7 digits with at most one point"
    if body.startswith(b".") or body.endswith(b"."):
        return "decimal point at the end of the weight"
    return None


def _w_problem(frame: bytes) -> str | None:
    if frame[13:] != b"\r\n":
        return "no CR LF after the W frame"
    if frame[11:13] != xor_hex(frame[:11]):
        return "checksum mismatch"
    if frame[:9] == b" " * 9 and frame[9:11] in _W_FAULTS:
        return None
    if frame[:1] != b"W" or frame[1:2] not in (b"G", b"N"):
        return "W frame without G or N"
    if parse_weight(frame[2:9].decode("latin-1")) is None:
        return "weight field is not a number"
    return None


def _stx_problem(frame: bytes) -> str | None:
    if frame[11] != 0x03 or frame[1:2] not in (b"+", b"-") or not frame[2:9].isdigit():
        return "not an XK3190 STX frame"
    if frame[8] > ord("4"):
        return "more than 4 decimals"
    return "checksum mismatch" if frame[9:11] != xor_hex(frame[1:9]) else None


def measure(buf: bytes) -> int | str | None:
    """The length of the valid frame at the start of `buf`, None to wait, or why it is none."""
    length, problem = {
        ord("="): (FRAME_LENGTH, frame_problem),
        ord("W"): (W_LENGTH, _w_problem),
        ord(" "): (W_LENGTH, _w_problem),
        0x02: (STX_LENGTH, _stx_problem),
    }[buf[0]]
    if len(buf) < length:
        return None
    return problem(buf[:length]) or length


def parse_frame(frame: bytes, unit: str) -> Parsed:
    """One validated frame as a reading; stability is decided later by the gateway."""
    raw = printable(frame)
    if frame[:1] == b"=":
        text = frame[1:8][::-1].decode("ascii")
        value = parse_weight(("-" if frame[8:9] == b"-" else "") + text)
        net = False
    elif frame[:1] == b"\x02":
        value = Decimal(frame[1:8].decode("ascii")).scaleb(-(frame[8] - ord("0")))
        net = False
    elif frame[9:11] in _W_FAULTS and frame[:9].isspace():
        return fault_reading(_W_FAULTS[frame[9:11]], raw, "weight out of range")
    else:
        value = parse_weight(frame[2:9].decode("ascii"))
        unit = mass_unit(frame[9:11].decode("latin-1")) or unit
        net = frame[1:2] == b"N"
    if value is None:
        return Rejected(raw, "weight field is not a number")
    return weight_reading(abs(value) if value == 0 else value, unit, net=net, stable=False,
                          raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "Yaohua XK3190-A12E continuous '=' frames (digits reversed), W frames and STX frames "
    "with an XOR checksum; no stable marker (the gateway decides stability over a window)",
    SerialSettings(9600, 8, "N", 1),
    None,
    lambda unit: FrameParser(MeasuredFramer(b"=W \x02", measure, W_LENGTH),
                             partial(parse_frame, unit=unit)),
    unitless=True,
    no_stability_marker=True,
)
