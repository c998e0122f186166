"""SMA: the Scale Manufacturers Association standard serial protocol (level 1).

Request `<LF>W<CR>`; reply `<LF><s><r><n><m><f><xxxxxx.xxx><uuu><CR>`: status `s`
(`Z` centre of zero, `O` over capacity, `U` under capacity, `E` zero error, `I`
initial-zero error, `T` tare error, `e` weight not displayed, space none), range `r`,
`n` gross/net (`G`, `N`, `T` tare, `g`/`n` high resolution), `m` motion (`M` or
space), `f` reserved, a 10-character weight (11 on some indicators; dashes on errors)
and a 3-character unit. `<LF>?<CR>` means the command was not recognised.

Setup options that change the bytes, all read without a flag (SMA SCP-0499, and its use
by Rice Lake, Cardinal and Fairbanks indicators): a weight field of 10 characters by the
standard, 11 on some indicators, 9 where a manual's own example drops a space; units
`lb `, `kg `, `g  `, `oz `, `t  `; a LF after the CR (read as the next frame's start); gross,
net and high-resolution (`g`/`n`) replies. Decimal comma: read as a point.
"""

from __future__ import annotations

from gateway.protocols.base import FrameParser, LineFramer, ProtocolSpec, SerialSettings
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

NAME = "sma"
POLL = b"\nW\r"
# 10 by the standard; 11 on some indicators, 9 where a manual's own example drops a space
_WEIGHT_WIDTHS = (9, 10, 11)
_ERROR_STATUS = {
    "E": "zero error",
    "I": "initial zero error",
    "T": "tare error",
    "e": "weight not displayed",
}


def parse_frame(frame: bytes) -> Parsed:
    """One `<LF>...<CR>` reply (framing removed) as a reading."""
    raw = printable(frame)
    text = frame.decode("ascii", "replace")
    if text == "?":
        return fault_reading(Status.ERROR, raw, "scale did not recognise the command")
    if len(text) - 8 not in _WEIGHT_WIDTHS:
        return Rejected(raw, "SMA replies have 17 to 19 characters")
    status, rng, mode, motion = text[0], text[1], text[2], text[3]
    weight_text, unit_text = text[5:-3], text[-3:]
    if status not in "ZOUEITe " or not rng.isdigit() or mode not in "GNTgn" or motion not in "M ":
        return Rejected(raw, "SMA status fields malformed")
    if status in _ERROR_STATUS:
        return fault_reading(Status.ERROR, raw, _ERROR_STATUS[status])
    if status == "O":
        return fault_reading(Status.OVERLOAD, raw, "over capacity")
    if status == "U":
        return fault_reading(Status.UNDERLOAD, raw, "under capacity")
    if mode == "T":
        return Rejected(raw, "a tare reply is not a reading of the load")
    value = parse_weight(weight_text)
    if value is None:
        return Rejected(raw, "weight field is not a number")
    unit = mass_unit(unit_text)
    if unit is None:
        return fault_reading(Status.ERROR, raw, f"unit {unit_text.strip()!r} is not a mass")
    return weight_reading(value, unit, net=mode in "Nn", stable=motion == " ", raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "SMA (Scale Manufacturers Association) standard, polled with <LF>W<CR>",
    SerialSettings(9600, 8, "N", 1),
    POLL,
    lambda unit: FrameParser(LineFramer(b"\r", start=b"\n"), parse_frame),
)
