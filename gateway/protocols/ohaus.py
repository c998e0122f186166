"""OHAUS print output (Defender, Ranger, Navigator, Scout, Valor indicators and balances).

`[sign][weight, right-justified][space][unit][space][? if unstable][space][legend]` CR LF,
e.g. `    12.345 kg    G` or `-    0.020 kg ?  NET`. The legend is `G`/`B/G` gross,
`N`/`NET` net, `T` tare. Over/underload and errors print as `OL`/`-OL-`, `UL`/`-UL-`,
`Err ##`. The host requests a line with `IP` (immediate print, stable or not).

Setup options that change the bytes, all read without a flag (OHAUS Defender 3000 /
Ranger / Navigator manuals, "Print settings" and "Communication"):

* Print content: gross, net and tare lines, each on its own line (multi-line prints); the
  tare line is not a reading of the load. Header lines (date, time, ID, `----`) of a
  multi-line print fit no pattern and are passed over.
* Legend on or off (`G`/`NET`/`T` after the unit), stability mark `?` on or off.
* Auto print on stability, continuous (every display update) or on demand (`IP`, the
  Print key): the same line either way.
* Line feed "1 line" or "4 lines": blank lines between prints are skipped; CR, LF or CR LF.
* Units kg, g, lb, oz, t; counting and percent units are refused.
* Noise glued in front of the first line after power-up (the UART's power-on bytes,
  typically 0xFF, github.com/dektronics/printalyzer-timer/issues/21): control and high
  bytes (not NUL, which is what a parity error leaves) before the
  line are dropped. Printable bytes in front are not dropped: a stray digit there would
  change the weight, so such a line is refused.
"""

from __future__ import annotations

import re

from gateway.protocols.base import LineParser, ProtocolSpec, SerialSettings
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

NAME = "ohaus"
POLL = b"IP\r\n"

_LINE = re.compile(
    r"^\s*([-+]?)\s*([0-9]*\.?[0-9]+)\s+([A-Za-z#]+)\s*(\?)?\s*(G|GR|GROSS|B/G|N|NET|NT|T|TARE)?\s*$"
)
# Power-on noise: control and high bytes glued in front of a line (never its text). Not
# NUL: that is what a parity or framing error turns a byte into, perhaps the sign.
_NOISE = bytes(range(0x01, 0x20)) + bytes(range(0x7F, 0x100))
_FAULT = re.compile(r"^[\s-]*(OL|UL|Err\s*\d*|ERR\s*\d*)[\s-]*$", re.IGNORECASE)


def parse_line(frame: bytes) -> Parsed:
    """One line (LF removed) as a reading."""
    raw = printable(frame)
    text = frame.rstrip(b"\r").lstrip(_NOISE).decode("ascii", "replace")
    fault = _FAULT.match(text)
    if fault:
        word = fault.group(1).upper()
        if word == "OL":
            return fault_reading(Status.OVERLOAD, raw, "overload")
        if word == "UL":
            return fault_reading(Status.UNDERLOAD, raw, "underload")
        return fault_reading(Status.ERROR, raw, f"scale error {word}")
    match = _LINE.match(text)
    if not match:
        return Rejected(raw, "not an OHAUS print line")
    sign, number, unit_text, unstable, legend = match.groups()
    value = parse_weight(sign + number)
    unit = mass_unit(unit_text)
    if value is None:
        return Rejected(raw, "weight field is not a number")
    if unit is None:
        return fault_reading(Status.ERROR, raw, f"unit {unit_text!r} is not a mass")
    legend = (legend or "G").upper()
    if legend in ("T", "TARE"):
        return Rejected(raw, "a tare line is not a reading of the load")
    net = legend in ("N", "NET", "NT")
    return weight_reading(value, unit, net=net, stable=unstable is None, raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "OHAUS print lines ('?' while unstable, G/NET legend), polled with IP",
    SerialSettings(9600, 8, "N", 1),
    POLL,
    lambda unit: LineParser(parse_line),
    primer=b"\r\n",
)
