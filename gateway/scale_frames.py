"""What real indicators put on the line, per protocol: the simulator's and the tests' frames.

The inverse of `gateway.protocols`, written from the same manuals, so that a simulated
scale and the parser can be checked against each other and against the manuals' examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gateway.protocols.toledo_continuous import checksum
from gateway.reading import Status


@dataclass(frozen=True, slots=True)
class ScaleState:
    """What the scale shows at one moment: gross weight in kg, motion, range."""

    kg: Decimal
    stable: bool
    status: Status = Status.OK


def _fixed(kg: Decimal, decimals: int) -> str:
    return f"{abs(kg):.{decimals}f}"


def _sign(kg: Decimal) -> str:
    return "-" if kg < 0 else "+"


def mt_sics(s: ScaleState) -> bytes:
    """Reply to `SI`: `S S     12.345 kg`."""
    if s.status == Status.OVERLOAD:
        return b"S +\r\n"
    if s.status == Status.UNDERLOAD:
        return b"S -\r\n"
    weight = ("-" if s.kg < 0 else "") + _fixed(s.kg, 3)
    return f"S {'S' if s.stable else 'D'} {weight:>10} kg\r\n".encode()


def toledo_continuous(s: ScaleState) -> bytes:
    """STX SWA SWB SWC + 6 weight + 6 tare + CR + checksum; 0.01 kg display, increment x1."""
    swa = 0x20 | (1 << 3) | 4  # bit 5 always set; increment x1; code 4 = XXXX.XX
    swb = 0x20 | 0x10  # kg
    if s.kg < 0:
        swb |= 0x02
    if not s.stable:
        swb |= 0x08
    if s.status != Status.OK:
        swb |= 0x04 | (0x02 if s.status == Status.UNDERLOAD else 0)
    swc = 0x20
    digits = f"{int(abs(s.kg) * 100):06d}"[-6:] + "000000"
    body = bytes([0x02, swa, swb, swc]) + digits.encode() + b"\r"
    return body + bytes([checksum(body)])


def toledo_8217(s: ScaleState) -> bytes:
    """Reply to `W`: `<STX>012.34<CR>`, or `<STX>?<status><CR>` without a valid weight."""
    if s.status == Status.OK and s.stable and s.kg >= 0:
        return b"\x02" + f"{s.kg:06.2f}".encode() + b"\r"
    status = 0x60
    if s.status == Status.OVERLOAD:
        status |= 0x02
    elif s.status == Status.UNDERLOAD or s.kg < 0:
        status |= 0x04
    else:
        status |= 0x01
    return b"\x02?" + bytes([status]) + b"\r"


def st_gs(s: ScaleState) -> bytes:
    """`ST,GS,+0012.34kg` (Dini Argeo / CAS style)."""
    if s.status == Status.OVERLOAD:
        return b"OL,GS,+9999.99kg\r\n"
    if s.status == Status.UNDERLOAD:
        return b"UL,GS,-9999.99kg\r\n"
    head = "ST" if s.stable else "US"
    return f"{head},GS,{_sign(s.kg)}{abs(s.kg):07.2f}kg\r\n".encode()


def sartorius_sbi(s: ScaleState) -> bytes:
    """16 characters: sign, space, 8 weight, space, unit (blank while unstable), CR LF."""
    if s.status == Status.OVERLOAD:
        return b"        H     \r\n"
    if s.status == Status.UNDERLOAD:
        return b"        L     \r\n"
    unit = "kg " if s.stable else "   "
    return f"{_sign(s.kg)} {_fixed(s.kg, 2):>8} {unit}\r\n".encode()


def ohaus(s: ScaleState) -> bytes:
    """`     12.34 kg    G`, with `?` before the legend while unstable."""
    if s.status == Status.OVERLOAD:
        return b"   -OL-\r\n"
    if s.status == Status.UNDERLOAD:
        return b"   -UL-\r\n"
    polarity = "-" if s.kg < 0 else " "
    mark = " " if s.stable else "?"
    return f"{polarity} {_fixed(s.kg, 2):>7} kg    {mark} G\r\n".encode()


def sma(s: ScaleState) -> bytes:
    """`<LF><s><r><n><m><f><xxxxxx.xxx><uuu><CR>`."""
    status = {Status.OVERLOAD: "O", Status.UNDERLOAD: "U"}.get(s.status, "Z" if s.kg == 0 else " ")
    motion = " " if s.stable else "M"
    weight = ("-" if s.kg < 0 else "") + _fixed(s.kg, 3)
    return f"\n{status}1G{motion} {weight:>10}kg \r".encode()


def nci(s: ScaleState) -> bytes:
    """`<LF>  12.34kg<CR><LF>hh<CR><ETX>`."""
    first = 0x30 | (0x01 if not s.stable else 0) | (0x02 if s.kg == 0 else 0)
    second = 0x30
    if s.status == Status.OVERLOAD:
        second |= 0x02
    elif s.status == Status.UNDERLOAD:
        second |= 0x01
    status = bytes([first, second])
    if s.status != Status.OK:
        return b"\n" + status + b"\r\x03"
    weight = ("-" if s.kg < 0 else "") + _fixed(s.kg, 2)
    return f"\n{weight:>7}kg\r\n".encode() + status + b"\r\x03"


def xk3190(s: ScaleState) -> bytes:
    """`=` + 7 characters of weight lowest digit first + `0` or `-`: 3.00 -> `=00.30000`."""
    text = f"{abs(s.kg):07.2f}"[-7:]
    return b"=" + text[::-1].encode() + (b"-" if s.kg < 0 else b"0")


ENCODERS = {
    "mt-sics": mt_sics,
    "toledo-continuous": toledo_continuous,
    "toledo-8217": toledo_8217,
    "st-gs": st_gs,
    "sartorius-sbi": sartorius_sbi,
    "ohaus": ohaus,
    "sma": sma,
    "nci": nci,
    "xk3190-a12e": xk3190,
}
