"""OHAUS print output (Defender, Ranger, Navigator, Scout, Valor indicators and balances).

`[sign][weight, right-justified][space][unit][space][? if unstable][space][legend]` CR LF,
e.g. `    12.345 kg    G` or `-    0.020 kg ?  NET`. The legend is `G`/`B/G` gross,
`N`/`NET` net, `T` tare. Over/underload and errors print as `OL`/`-OL-`, `UL`/`-UL-`,
`Err ##`. The host requests a line with `IP` (immediate print, stable or not).
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
_FAULT = re.compile(r"^[\s-]*(OL|UL|Err\s*\d*|ERR\s*\d*)[\s-]*$", re.IGNORECASE)


def parse_line(frame: bytes) -> Parsed:
    """One line (LF removed) as a reading."""
    raw = printable(frame)
    text = frame.rstrip(b"\r").decode("ascii", "replace")
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
)
