"""The `ST,GS,+0012.34kg` family: Dini Argeo, CAS, KERN, A&D and most Asian indicators.

`<stability>,<mode>,<weight><unit>` + CR LF. Stability `ST` stable, `US` unstable,
`OL` overload, `UL` underload; mode `GS`/`GW` gross, `NT`/`NW` net, `TR`/`TW` tare
(A&D leaves the mode out). Variants seen in the field: spaces instead of commas, padded
signs (`+  12.34`), a comma or space before the unit, `lb`/`lbs`, and `QT`/`PC`
(counting) which is refused.

Setup options that change the bytes, all read without a flag:

* RS-485 address: Dini Argeo's standard string is `[CC]HH,KK,PPPPPPPP,UM` CR LF, where
  `CC` is the instrument's two-digit address "only with RS485 protocol" (Dini Argeo
  3590E technical manual, 5.4 "Transmission protocols",
  manualshive.com/en/manual/dini-argeo/3590-ebox-series/2505688?page=65): `01ST,GS,...`.
  One to three digits before the header are read as an address and ignored.
* STX/ETX around the line (indicators with "STX" framing on): stripped.
* CR, LF or CR LF endings: all end a line.
* Separators: commas or spaces; a comma or space before the unit (`12.34,kg`).
* Sign: `+`/`-` in front, padded (`+  12.34`) or absent; leading zeros or spaces.
* Decimal comma (`+0012,34kg`): read as a decimal point. A weight with both a comma
  and a point cannot be told from a thousands separator and is refused.
* Units `kg`/`Kg`/`KG`, `g`, `t`, `lb`/`lbs`; `pcs` and other counting units are refused.
* Net (`NT`/`NW`/`N`) and gross lines; tare lines (`TR`/`TW`/`T`) in multi-line prints are
  not readings of the load.
* Continuous or on demand (Dini `READ`, KERN `w`): the same line either way; the gateway
  does not poll this family, so on demand means the print key.
* Not read: Dini Argeo's extended and "AF" strings (`[CC]SS,B,gross,tare`), shown by
  `--sniff` as bytes that fit no protocol.
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

# An RS-485 address (Dini Argeo `[CC]`) may stand before the header: read and ignored.
_LINE = re.compile(
    r"^(?:\d{1,3}\s*[,:]?\s*)?(ST|US|OL|UL|QT)\s*[,\s]\s*"
    r"(?:(GS|GW|NT|NW|TR|TW|G|N|T)\s*[,:\s]\s*)?"
    r"([-+]?\s*[0-9]*[.,]?[0-9]+|[-\s]*-[-\s]*|)\s*,?\s*"
    r"([A-Za-z#]*)\s*$"
)
_NET = {"NT", "NW", "N"}
_TARE = {"TR", "TW", "T"}


def parse_line(frame: bytes) -> Parsed:
    """One line (terminator removed) as a reading."""
    raw = printable(frame)
    text = frame.strip(b"\r\n\x00\x02\x03").decode("ascii", "replace").strip()
    match = _LINE.match(text) if text.isprintable() else None  # `K`+flip = VT: not a space
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
    primer=b"\r\n",
)
