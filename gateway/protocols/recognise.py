"""Which protocol a scale speaks, from its bytes: the one recogniser `auto` and `--sniff` share.

Every candidate parser sees every byte. The first candidate to produce two readings that
are not error replies wins (an unknown-command reply proves only that *a* scale is there);
ties in one chunk go to the more specific format, in the order of the candidates. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from gateway.protocols.base import STRIP_PARITY, Parser, ProtocolSpec, SerialSettings
from gateway.reading import Parsed, Reading, Status

CONFIRMATIONS = 2  # one lucky match in line noise must not decide the protocol
# Bytes kept to tell the line's parity from: a few frames' worth.
RECENT_BYTES = 128


def _ones(byte: int) -> int:
    return bin(byte).count("1")


def framing_of(data: bytes) -> tuple[int, str, float] | None:
    """(bytesize, parity, stopbits) of bytes read at 8N1, from their bit 7; None if mixed.

    7E1 and 7O1 arrive at 8N1 with the parity as bit 7; 7 bits with no parity and two stop
    bits (or mark parity) arrive with bit 7 always 1. 8N1 and 7 bits with space parity
    give the same bytes on the wire: the safe reading is 8N1, which reads both.
    """
    if not data:
        return None
    if all(b & 0x80 == 0 for b in data):
        return 8, "N", 1
    if all(b & 0x80 for b in data):
        return 7, "N", 2
    if all(_ones(b) % 2 == 0 for b in data):
        return 7, "E", 1
    if all(_ones(b) % 2 == 1 for b in data):
        return 7, "O", 1
    return None


class Recogniser:
    """Runs all candidate parsers until one is confirmed, then only that one."""

    def __init__(self, candidates: Sequence[ProtocolSpec], unit: str,
                 strip_parity: bool = False) -> None:
        self._specs = list(candidates)
        self._parsers: list[Parser] = [spec.make_parser(unit) for spec in self._specs]
        self._strip = strip_parity  # a port read at 8N1 whatever the scale's parity
        self.hits = [0] * len(self._specs)
        self._chosen: int | None = None
        self._poll_turn = 0
        self.recent = b""  # the latest bytes as they arrived (bit 7 included)
        self.example = ""  # the first reading of the recognised protocol, as evidence

    @property
    def chosen(self) -> ProtocolSpec | None:
        """The recognised protocol, once there is one."""
        return None if self._chosen is None else self._specs[self._chosen]

    @property
    def requests(self) -> list[bytes]:
        """Every candidate's request, once each (the pushed ones have none)."""
        return [s.poll for s in self._specs if s.poll is not None]

    def poll(self) -> bytes | None:
        """The next request to send: the chosen protocol's, or each polled one in turn."""
        if self._chosen is not None:
            return self._specs[self._chosen].poll
        polled = self.requests
        if not polled:
            return None
        request = polled[self._poll_turn % len(polled)]
        self._poll_turn += 1
        return request

    def line_quiet(self) -> None:
        """The line has been quiet: what comes next starts a frame (see `ProtocolSpec.primer`)."""
        if self._chosen is None:
            for spec, parser in zip(self._specs, self._parsers, strict=True):
                parser.feed(spec.primer)

    def feed(self, data: bytes) -> list[Parsed]:
        """Nothing while recognising; the chosen parser's output once recognised."""
        if self._chosen is None:
            self.recent = (self.recent + data)[-RECENT_BYTES:]
        if self._strip:
            data = data.translate(STRIP_PARITY)
        if self._chosen is not None:
            return self._parsers[self._chosen].feed(data)
        outputs = [parser.feed(data) for parser in self._parsers]
        for index, output in enumerate(outputs):
            self.hits[index] += sum(
                1 for p in output if isinstance(p, Reading) and p.status != Status.ERROR
            )
        for index, hits in enumerate(self.hits):
            if hits >= CONFIRMATIONS:
                self._chosen = index
                found: list[Parsed] = [p for p in outputs[index] if isinstance(p, Reading)]
                self.example = found[0].raw if found else ""
                return found
        return []

    def settled_on(self, settings: SerialSettings) -> str:
        """What was recognised, for the status topic: protocol, line settings, a frame."""
        spec = self.chosen
        if spec is None:
            return "nothing recognised yet"
        s = settings
        line = f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits:g}"
        return f"auto: {spec.name} at {line}, e.g. {self.example!r}"
