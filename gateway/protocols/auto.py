"""`auto`: find the protocol by listening, and by asking in each polled protocol's words.

Every candidate parser sees every byte. The first candidate to produce two readings that
are not error replies wins (an unknown-command reply proves only that *a* scale is there);
ties in one chunk go to the more specific format, in the order of `CANDIDATES`.
"""

from __future__ import annotations

from collections.abc import Sequence

from gateway.protocols.base import Parser, ProtocolSpec, SerialSettings
from gateway.reading import Parsed, Reading, Status

NAME = "auto"
CONFIRMATIONS = 2  # one lucky match in line noise must not decide the protocol


class AutoParser:
    """Runs all candidate parsers until one is confirmed, then only that one."""

    def __init__(self, candidates: Sequence[ProtocolSpec], unit: str) -> None:
        self._specs = list(candidates)
        self._parsers: list[Parser] = [spec.make_parser(unit) for spec in self._specs]
        self._hits = [0] * len(self._specs)
        self._chosen: int | None = None
        self._poll_turn = 0

    @property
    def chosen(self) -> ProtocolSpec | None:
        """The recognised protocol, once there is one."""
        return None if self._chosen is None else self._specs[self._chosen]

    def poll(self) -> bytes | None:
        """The next request to send: the chosen protocol's, or each polled one in turn."""
        if self._chosen is not None:
            return self._specs[self._chosen].poll
        polled = [s.poll for s in self._specs if s.poll is not None]
        if not polled:
            return None
        request = polled[self._poll_turn % len(polled)]
        self._poll_turn += 1
        return request

    def feed(self, data: bytes) -> list[Parsed]:
        """Nothing while detecting; the chosen parser's output once recognised."""
        if self._chosen is not None:
            return self._parsers[self._chosen].feed(data)
        outputs = [parser.feed(data) for parser in self._parsers]
        for index, output in enumerate(outputs):
            self._hits[index] += sum(
                1 for p in output if isinstance(p, Reading) and p.status != Status.ERROR
            )
        for index, hits in enumerate(self._hits):
            if hits >= CONFIRMATIONS:
                self._chosen = index
                return [p for p in outputs[index] if isinstance(p, Reading)]
        return []


def make_spec(candidates: Sequence[ProtocolSpec]) -> ProtocolSpec:
    """The `auto` protocol over the given candidates."""
    return ProtocolSpec(
        NAME,
        "recognise the protocol: probes the polled ones, listens for the pushed ones",
        SerialSettings(9600, 8, "N", 1),
        None,
        lambda unit: AutoParser(candidates, unit),
    )
