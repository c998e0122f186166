"""The `ST,GS,+0012.34kg` family: Dini Argeo, CAS, KERN, A&D and most Asian indicators.

`<stability>,<mode>,<weight><unit>` + CR LF. Stability `ST` stable, `US` unstable,
`OL` overload, `UL` underload; mode `GS`/`GW` gross, `NT`/`NW` net, `TR`/`TW` tare
(A&D leaves the mode out). Variants seen in the field: spaces instead of commas, padded
signs (`+  12.34`), a comma or space before the unit, `lb`/`lbs`, and `QT`/`PC`
(counting) which is refused.
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

NAME = "st-gs"

_LINE = re.compile(
    r"^(ST|US|OL|UL|QT)\s*[,\s]\s*"
    r"(?:(GS|GW|NT|NW|TR|TW|G|N|T)\s*[,:\s]\s*)?"
    r"([-+]?\s*[0-9]*[.,]?[0-9]+|[-\s]*-[-\s]*|)\s*,?\s*"
    r"([A-Za-z#]*)\s*$"
)
_NET = {"NT", "NW", "N"}
_TARE = {"TR", "TW", "T"}


def parse_line(frame: bytes) -> Parsed:
    """One line (terminator removed) as a reading."""
    raw = printable(frame)
    text = frame.strip(b"\r\n\x00").decode("ascii", "replace").strip()
    match = _LINE.match(text)
    if not match:
        return Rejected(raw, "not an ST,GS line")
    header, mode, number, unit_text = match.groups()
    if header == "OL":
        return fault_reading(Status.OVERLOAD, raw, "overload")
    if header == "UL":
        return fault_reading(Status.UNDERLOAD, raw, "underload")
    if header == "QT":
        return fault_reading(Status.ERROR, raw, "scale is in counting mode")
    value = parse_weight(number)
    if value is None:
        return Rejected(raw, "weight field is not a number")
    unit = mass_unit(unit_text or "")
    if unit is None:
        return fault_reading(Status.ERROR, raw, f"unit {unit_text!r} is not a mass")
    if mode in _TARE:
        return Rejected(raw, "a tare line is not a reading of the load")
    return weight_reading(value, unit, net=mode in _NET, stable=header == "ST", raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "ST,GS,+0012.34kg family (Dini Argeo, CAS, KERN, A&D, most Asian indicators)",
    SerialSettings(9600, 8, "N", 1),
    None,
    lambda unit: LineParser(parse_line),
)
