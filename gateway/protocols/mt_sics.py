"""METTLER TOLEDO Standard Interface Command Set (MT-SICS), level 0: the `SI` request.

Replies end in CR LF. `S S     12.345 kg` is stable, `S D     12.349 kg` dynamic,
`S I` busy, `S +` / `S -` over/underload, `ES` / `ET` / `EL` syntax, transmission and
logical errors.

Setup options that change the bytes, all read without a flag (MT-SICS reference manual,
"Host" / "RS232 settings" of the balance or IND terminal):

* End of line CR LF (default), CR or LF: all end a line.
* Continuous output (`SIR`, "send continuous") instead of replies to `SI`: the same lines.
* `S` (stable only) or print-key output in MT-SICS format: the same `S S` lines.
* Units g, kg, lb, oz, t; `PCS`, `%` and other application units are refused.
* Weight right-aligned in 10 characters with its sign; the sign of zero is dropped.
* 8N1 (default) or 7E1/7O1: with 7 bits the port's parity setting does the work.
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

NAME = "mt-sics"
POLL = b"SI\r\n"  # "send weight immediately": a reply even while the load moves

_WEIGHT = re.compile(r"^S\s+([SD])\s+([-+]?\s*[0-9.]+)\s+(\S+)\s*$")
_ERRORS = {
    "ES": "syntax error: the balance did not understand the request",
    "ET": "transmission error (parity or framing): check the serial settings",
    "EL": "logical error: the balance cannot execute the request",
    "S I": "balance busy (still zeroing, taring or adjusting)",
}


def parse_line(frame: bytes) -> Parsed:
    """One reply line (terminator removed) as a reading."""
    raw = printable(frame)
    text = frame.rstrip(b"\r").decode("ascii", "replace").strip()
    if text in _ERRORS:
        return fault_reading(Status.ERROR, raw, _ERRORS[text])
    if text == "S +":
        return fault_reading(Status.OVERLOAD, raw, "weight above the weighing range")
    if text == "S -":
        return fault_reading(Status.UNDERLOAD, raw, "weight below the weighing range")
    match = _WEIGHT.match(text)
    if not match:
        return Rejected(raw, "not an MT-SICS weight reply")
    kind, number, unit_text = match.groups()
    value = parse_weight(number)
    unit = mass_unit(unit_text)
    if value is None:
        return Rejected(raw, "weight field is not a number")
    if unit is None:
        return fault_reading(Status.ERROR, raw, f"unit {unit_text!r} is not a mass")
    # SI returns the displayed (net) value; with nothing tared it equals gross.
    return weight_reading(value, unit, net=False, stable=kind == "S", raw=raw)


SPEC = ProtocolSpec(
    NAME,
    "METTLER TOLEDO MT-SICS, polled with SI (S S / S D replies, S + / S - / ES / EL)",
    SerialSettings(9600, 8, "N", 1),
    POLL,
    lambda unit: LineParser(parse_line, skip_blank=False),
    primer=b"\r\n",
)
