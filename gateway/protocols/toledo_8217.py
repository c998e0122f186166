"""METTLER TOLEDO 8217 (and the compatible 8213) demand mode: the host sends `W`.

Reply `<STX>012.34<CR>` with the weight in the scale's configured unit (none is sent),
or `<STX>?<status><CR>` when there is no valid weight. Status bits: 0 motion, 1 out of
range, 2 under zero, 3 outside zero capture range, 4 centre of zero, 5 and 6 always 1.

Setup options that change the bytes, all read without a flag: the decimal position
(`0012.3`, `12.345`, `001234`: the digits as sent), lb or kg (not on the line: `--unit`),
a LF after the CR on emulating indicators (ignored between frames), 7E1 (default) or 8N1
(bit 7 is parity and is ignored). The 8217 replies only to `W`; it never pushes.
"""

from __future__ import annotations

from functools import partial

from gateway.protocols.base import FrameParser, LineFramer, ProtocolSpec, SerialSettings
from gateway.reading import (
    Parsed,
    Rejected,
    Status,
    fault_reading,
    moving_reading,
    parse_weight,
    printable,
    weight_reading,
)

NAME = "toledo-8217"
POLL = b"W"
STATUS_FIXED_BITS = 0x60  # bits 5 and 6 are always set in a real status byte


def parse_frame(frame: bytes, unit: str) -> Parsed:
    """One `<STX>...<CR>` reply (framing removed) as a reading."""
    raw = printable(frame)
    body = bytes(b & 0x7F for b in frame)  # 7E1 lines: bit 7 is parity
    if body.startswith(b"?"):
        if len(body) != 2 or body[1] & STATUS_FIXED_BITS != STATUS_FIXED_BITS:
            return Rejected(raw, "malformed 8217 status reply")
        status = body[1]
        if status & 0x02:
            return fault_reading(Status.OVERLOAD, raw, "weight out of range")
        if status & 0x04:
            return fault_reading(Status.UNDERLOAD, raw, "weight under zero")
        if status & 0x01:
            return moving_reading(raw)
        return fault_reading(Status.ERROR, raw, "scale reports no valid weight")
    text = body.decode("ascii", "replace")
    value = parse_weight(text) if text.strip() == text and len(text) <= 8 else None
    if value is None or value < 0:
        return Rejected(raw, "not an 8217 weight reply")
    # The scale only answers with a weight when it is stable and in range.
    return weight_reading(value, unit, net=False, stable=True, raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "METTLER TOLEDO 8217/8213 demand mode, polled with W (no unit on the line: see --unit)",
    SerialSettings(9600, 7, "E", 1),
    POLL,
    lambda unit: FrameParser(LineFramer(b"\r", start=b"\x02"), partial(parse_frame, unit=unit),
                             strip_parity=True),
    unitless=True,
)
