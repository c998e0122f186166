"""Sartorius SBI: the 16-character output line, optionally behind a 6-character ID code.

16 characters: sign (or space), space, 8 characters of weight with its decimal point,
space, 3 characters of unit, CR LF. The unit field stays blank while the weight is not
stable. With an ID code (22 characters) `N     ` marks net, `G#    ` or `G     ` gross,
`T     ` tare. `Stat` lines carry special codes: `H`/`HH` overload, `L`/`LL` underload,
`Err ###` errors. The host requests a line with ESC P.

Setup options that change the bytes, all read without a flag (Sartorius LE/BP/Entris
operating instructions, "Data output format"):

* 16 characters, or 22 with the ID code in front (`N     `, `G#    `, `T     `).
* Print on request (ESC P, the Print key), auto print on stability, or continuous
  ("autom. without stability"): the same lines; unstable ones with a blank unit.
* GLP/ISO printouts: header lines (date, model, serial number, dashes) around the weight
  line; they fit no line length and are passed over.
* CR LF endings (CR or LF alone read too); 7O1 (default), 7E1, 8N1: the port's setting.
* Decimal comma: read as a point.
"""

from __future__ import annotations

from gateway.protocols.base import LineFramer, ProtocolSpec, SerialSettings, any_line_end
from gateway.reading import (
    Parsed,
    Reading,
    Rejected,
    Status,
    fault_reading,
    mass_unit,
    parse_weight,
    printable,
    weight_reading,
)

NAME = "sartorius-sbi"
POLL = b"\x1bP\r\n"  # ESC P: print the current value
SHORT = 14  # characters before CR LF in the 16-character format
LONG = 20  # with the 6-character ID code in front


def _special(body: str, raw: str) -> Parsed | None:
    """Overload/underload/error words in place of the weight, if any."""
    word = body.strip().upper()
    if word.startswith("ERR"):
        return fault_reading(Status.ERROR, raw, f"scale error {word}")
    if word in ("H", "HH", "HIGH"):
        return fault_reading(Status.OVERLOAD, raw, "overload")
    if word in ("L", "LL", "LOW"):
        return fault_reading(Status.UNDERLOAD, raw, "underload")
    if word and set(word) <= {"-", " "}:
        return fault_reading(Status.ERROR, raw, "no weight shown (dashes)")
    return None


def parse_line(frame: bytes, last_unit: str = "kg") -> Parsed:
    """One line (LF removed, CR still there) as a reading; `last_unit` for unstable lines."""
    raw = printable(frame)
    text = frame.rstrip(b"\r").decode("ascii", "replace")
    ident = ""
    if len(text) == LONG:
        ident, text = text[:6].strip(), text[6:]
    elif len(text) != SHORT:
        return Rejected(raw, f"SBI lines have {SHORT} or {LONG} characters, not {len(text)}")
    if ident.upper() == "STAT":
        return _special(text, raw) or Rejected(raw, "unknown SBI status line")
    sign, weight_text, unit_text = text[0], text[2:10], text[11:14]
    if sign not in "+- " or text[1] != " " or text[10] != " ":
        return Rejected(raw, "SBI separators missing")
    special = _special(weight_text, raw)
    if special is not None:
        return special
    value = parse_weight(weight_text)
    if value is None:
        return Rejected(raw, "weight field is not a number")
    if sign == "-" and value != 0:
        value = -value
    if ident.upper().startswith("T"):
        return Rejected(raw, "a tare line is not a reading of the load")
    stable = bool(unit_text.strip())  # SBI leaves the unit blank while the weight moves
    unit = mass_unit(unit_text) if stable else None
    if stable and unit is None:
        return fault_reading(Status.ERROR, raw, f"unit {unit_text.strip()!r} is not a mass")
    # While unstable there is no unit on the line: assume the one last seen, else kg.
    net = ident.upper() == "N"
    return weight_reading(value, unit or last_unit, net=net, stable=stable, raw=raw)


class SartoriusSbiParser:
    """Pure SBI parser."""

    def __init__(self) -> None:
        self._framer = LineFramer(b"\n")
        self._last_unit = "kg"

    def feed(self, data: bytes) -> list[Parsed]:
        """Readings for each complete CR LF line."""
        out: list[Parsed] = []
        for frame in self._framer.feed(any_line_end(data)):
            if isinstance(frame, Rejected):
                out.append(frame)
                continue
            reading = parse_line(frame, self._last_unit)
            if isinstance(reading, Reading) and reading.stable and reading.net_kg is not None:
                self._last_unit = mass_unit(frame.rstrip(b"\r").decode("ascii")[-3:]) or "kg"
            out.append(reading)
        return out


SPEC = ProtocolSpec(
    NAME,
    "Sartorius SBI (16/22-character lines, unit blank while unstable), polled with ESC P",
    SerialSettings(9600, 7, "O", 1),
    POLL,
    lambda unit: SartoriusSbiParser(),
    primer=b"\r\n",
)
