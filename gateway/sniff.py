"""`ambacht-gateway --sniff`: the installer's tool: which protocol and line settings a scale uses.

It reads the port at each common baud rate as 8N1, which also carries 7E1, 7O1 and 7N2
bytes (the parity arrives as bit 7 and says which it was), shows the raw bytes, asks in
every polled protocol's words when the line is quiet (each request at most once a second),
and runs the same recogniser as `--protocol auto`. Dutch by default, English with --lang en.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from gateway.protocols import CANDIDATES, ProtocolSpec, SerialSettings
from gateway.protocols.recognise import Recogniser, framing_of
from gateway.serial_link import LinkError, SerialLink

# The rates indicators ship with or installers pick, most common first: 9600 is the
# default of nearly every make, 4800 and 2400 of older Toledo and Yaohua, 19200 and 1200
# of some Sartorius and Dini setups, 38400 of newer terminals.
BAUDS = (9600, 4800, 2400, 19200, 1200, 38400)
# A pushing scale sends several frames a second; this much silence means it is polled
# (or off), and only then do requests go out.
LISTEN_S = 0.3
# Each request goes out at most once a second: polite to a scale busy with its display,
# and slow enough for the slowest reply (a 1200-baud SMA reply takes ~0.15 s).
ROUND_S = 1.0
# One reading at a rate is not proof (and a first reply may be read only as a boundary):
# a few more rounds there may confirm it.
EXTRA_ROUNDS = 2
SHOW_BYTES = 48  # raw bytes shown per baud rate: enough for two frames of any protocol
HEX_PER_LINE = 16


@dataclass(frozen=True)
class Found:
    """What the scale speaks: the protocol, its line settings and a frame as evidence."""

    protocol: ProtocolSpec
    settings: SerialSettings
    example: str


def with_parity(request: bytes, parity: str) -> bytes:
    """The request as 7 data bits plus `parity` (E/O) in bit 7, for sending at 8N1."""
    def bit7(byte: int) -> int:
        odd = bin(byte & 0x7F).count("1") % 2
        return 0x80 if odd == (parity == "E") else 0
    return bytes((b & 0x7F) | bit7(b) for b in request)


def probes(requests: list[bytes]) -> list[bytes]:
    """Every request as 8N1 (also 7 bits, space parity), 7E1 and 7O1 bytes, once each."""
    out: list[bytes] = []
    for request in requests:
        for variant in (request, with_parity(request, "E"), with_parity(request, "O")):
            if variant not in out:
                out.append(variant)
    return out


def dump(data: bytes) -> list[str]:
    """Bytes as hex with their printable text beside them, 16 a line."""
    lines = []
    for at in range(0, len(data), HEX_PER_LINE):
        chunk = data[at : at + HEX_PER_LINE]
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"  {chunk.hex(' '):<{HEX_PER_LINE * 3}} |{text}|")
    return lines


def command_line(url: str, found: Found, scale_id: str = "SCALE-ID") -> str:
    """The gateway command for what was found (line settings only where not the default)."""
    s, base = found.settings, found.protocol.settings
    parts = ["ambacht-gateway", "--serial", url, "--protocol", found.protocol.name,
             "--baud", str(s.baudrate)]
    if (s.bytesize, s.parity) != (base.bytesize, base.parity):
        parts += ["--bytesize", str(s.bytesize), "--parity", s.parity]
    if s.stopbits != base.stopbits:
        parts += ["--stopbits", f"{s.stopbits:g}"]
    return " ".join(parts + ["--scale-id", scale_id])


Say = Callable[[str, str], str]


def _at_baud(url: str, baud: int, show: Callable[[str], None], say: Say,
             clock: Callable[[], float]) -> Found | None:
    """Listen (and, on a quiet line, ask) at one baud rate; what fits, if anything."""
    recogniser = Recogniser(CANDIDATES, "kg", strip_parity=True)
    link = SerialLink(url, SerialSettings(baud, 8, "N", 1))
    link.open()
    show(say(f"-- {baud} baud: luisteren", f"-- {baud} baud: listening"))
    seen = b""

    def ask() -> None:
        recogniser.line_quiet()  # whatever comes now is a reply from its first byte
        for request in probes(recogniser.requests):
            link.write(request)

    deadline = clock() + LISTEN_S
    asked = False
    rounds = 0
    try:
        while recogniser.chosen is None:
            data = link.read()
            if data:
                for line in dump(data[: max(0, SHOW_BYTES - len(seen))]):
                    show(line)
                seen += data
                recogniser.feed(data)
            now = clock()
            if now < deadline:
                continue
            if not seen and not asked:  # quiet: a polled scale (or none): ask once
                show(say("   stil: vragen in de woorden van elk bevraagd protocol",
                         "   quiet: asking in each polled protocol's words"))
                ask()
                asked, deadline = True, now + ROUND_S
            elif (any(recogniser.hits) or (asked and seen)) and rounds < EXTRA_ROUNDS:
                rounds += 1  # something answered or fitted once: another round to confirm
                if asked:
                    ask()
                deadline = now + ROUND_S
            else:
                break
    finally:
        link.close()
    spec = recogniser.chosen
    if spec is None:
        if seen:
            show(say("   bytes, maar geen protocol past", "   bytes, but no protocol fits"))
        return None
    bits = framing_of(recogniser.recent)
    size, parity, stop = bits if bits else (spec.settings.bytesize, spec.settings.parity,
                                            spec.settings.stopbits)
    return Found(spec, SerialSettings(baud, size, parity, stop), recogniser.example)


def sniff(url: str, show: Callable[[str], None], say: Say,
          clock: Callable[[], float] = time.monotonic) -> Found | None:
    """Try each common baud rate in turn; the first protocol that fits, shown as it goes."""
    show(say(f"Luisteren op {url}. Zet iets op de weegschaal of druk op Print als er niets "
             "komt.", f"Listening on {url}. Put something on the scale or press Print if "
             "nothing arrives."))
    for baud in BAUDS:
        found = _at_baud(url, baud, show, say, clock)
        if found is not None:
            s = found.settings
            show(say(f"Gevonden: {found.protocol.name}, {s.baudrate} baud, {s.bytesize} "
                     f"databits, pariteit {s.parity}, {s.stopbits:g} stopbit(s); bijvoorbeeld "
                     f"{found.example!r}",
                     f"Found: {found.protocol.name}, {s.baudrate} baud, {s.bytesize} data "
                     f"bits, parity {s.parity}, {s.stopbits:g} stop bit(s); e.g. "
                     f"{found.example!r}"))
            show(say("Start de gateway zo:", "Start the gateway with:"))
            show("  " + command_line(url, found, say("WEEGSCHAAL-ID", "SCALE-ID")))
            return found
    show(say("Geen bekend protocol gevonden. Staat de weegschaal aan, is de kabel goed "
             "(TX/RX gekruist?) en zendt hij iets? ambacht-gateway --list-protocols noemt "
             "wat de gateway kan lezen.",
             "No known protocol found. Is the scale on, is the cable right (TX/RX crossed?) "
             "and does it send anything? ambacht-gateway --list-protocols names what the "
             "gateway reads."))
    return None


def run(url: str, english: bool, show: Callable[[str], None] = print) -> int:
    """The `--sniff` command: exit code 0 when a protocol was found, 1 when not."""
    def say(nl: str, en: str) -> str:
        return en if english else nl
    try:
        return 0 if sniff(url, show, say) is not None else 1
    except LinkError as exc:
        show(say(f"De poort is niet te gebruiken: {exc}", f"The port cannot be used: {exc}"))
        return 1
