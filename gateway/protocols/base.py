"""What every protocol module provides, and the framers that cut a byte stream into frames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from gateway.reading import Parsed, Rejected, printable

# A frame longer than any real scale line is noise (wrong baud, a stuck line); drop it
# instead of letting the buffer grow without bound on a Pi with little memory.
MAX_FRAME_BYTES = 96

# 7-bit protocols (Toledo, NCI) on a port opened as 8N1 see the parity bit as bit 7;
# clearing it lets them be read whatever the port's data bits are set to.
STRIP_PARITY = bytes(i & 0x7F for i in range(256))


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """Line settings a protocol's indicators ship with; the CLI can override each."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"  # pyserial's PARITY_NONE / EVEN / ODD: "N", "E", "O"
    stopbits: float = 1


class Parser(Protocol):
    """Pure: bytes in any chunking go in, readings and rejected frames come out."""

    def feed(self, data: bytes) -> list[Parsed]:
        """Consume bytes; return everything completed by them, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class ProtocolSpec:
    """One indicator family: how to talk to it and how to read it."""

    name: str
    summary: str
    settings: SerialSettings
    poll: bytes | None  # request sent on a timer; None when the scale pushes by itself
    make_parser: Callable[[str], Parser]  # gets the unit to assume when frames carry none
    unitless: bool = False  # the frames carry no unit: --unit says what the scale shows
    # The frames never say whether the weight is still: the gateway decides it over a
    # window (`weighing.StabilityWindow`) and the weighing says `"stable_by": "gateway"`.
    no_stability_marker: bool = False
    # Bytes that put a fresh parser at a frame boundary (a line end, for line protocols
    # without a start byte): fed when the line is known to be quiet, so that a reply to a
    # request is read from its first line instead of being distrusted as a possible tail.
    primer: bytes = b""


def any_line_end(data: bytes) -> bytes:
    """CR, LF and CR LF all end a line (indicators are configurable): make them all LF."""
    return data.replace(b"\r", b"\n")


class LineFramer:
    """Cuts a stream at a terminator, optionally only from a start byte on.

    A stream that starts mid-frame must never yield a wrong reading: `2.34 kg` is the
    tail of `12.34 kg`. With a start byte the fragment before it is noise; without one
    the first frame of a connection is dropped, since nothing says where it began.
    """

    def __init__(self, end: bytes, start: bytes | None = None, max_len: int = MAX_FRAME_BYTES):
        self._end = end
        self._start = start
        self._max_len = max_len
        self._buf = bytearray()
        self._at_boundary = start is not None

    def feed(self, data: bytes) -> list[bytes | Rejected]:
        """Complete frames (without start and end bytes) and rejected noise, in order."""
        self._buf += data
        out: list[bytes | Rejected] = []
        while True:
            if self._start is not None:
                begin = self._buf.find(self._start)
                if begin < 0:
                    if len(self._buf) > self._max_len:
                        out.append(Rejected(printable(bytes(self._buf)), "no frame start"))
                        self._buf.clear()
                    break
                if begin > 0:
                    noise = bytes(self._buf[:begin]).strip(b"\r\n\x03")
                    if noise:
                        out.append(Rejected(printable(noise), "bytes outside a frame"))
                    del self._buf[:begin]
            search_from = len(self._start) if self._start else 0
            end = self._buf.find(self._end, search_from)
            if end < 0:
                if len(self._buf) > self._max_len:
                    out.append(Rejected(printable(bytes(self._buf)), "frame too long"))
                    self._buf.clear()
                    self._at_boundary = self._start is not None
                break
            if self._start is not None:
                nested = self._buf.find(self._start, search_from, end)
                if nested >= 0:  # a frame restarted before this one ended: drop the stub
                    out.append(Rejected(printable(bytes(self._buf[:nested])), "cut-off frame"))
                    del self._buf[:nested]
                    continue
            frame = bytes(self._buf[search_from:end])
            del self._buf[: end + len(self._end)]
            if not self._at_boundary:
                self._at_boundary = True
                if frame.strip(b"\r\n"):
                    out.append(Rejected(printable(frame), "first bytes, maybe mid-frame"))
                continue
            if len(frame) > self._max_len:
                out.append(Rejected(printable(frame), "frame too long"))
            elif frame or self._start is not None:  # CR LF read as two ends: skip the gap
                out.append(frame)
        return out


# What a framer's `measure` says about the bytes from a start byte on: the length of a
# valid frame there, None while more bytes are needed to tell, or why it is no frame.
Measure = Callable[[bytes], int | str | None]


class MeasuredFramer:
    """Frames that begin with one of `starts` and whose length `measure` decides (no terminator).

    On bytes that `measure` refuses, it resynchronises one byte further on, so a start
    byte value inside a checksum or a mid-frame power-on cannot lock it out of step.
    """

    def __init__(self, starts: bytes, measure: Measure, longest: int) -> None:
        self._starts = set(starts)
        self._measure = measure
        self._longest = longest  # a refused frame counts as noise once this much piled up
        self._buf = bytearray()
        self._noise = bytearray()
        self._reason = "no frame start"

    def _skip(self, count: int, reason: str, out: list[bytes | Rejected]) -> None:
        self._noise += self._buf[:count]
        del self._buf[:count]
        self._reason = reason
        if len(self._noise) >= self._longest:
            out.append(Rejected(printable(bytes(self._noise)), self._reason))
            self._noise.clear()

    def feed(self, data: bytes) -> list[bytes | Rejected]:
        """Complete valid frames (with their start byte) and rejected noise, in order."""
        self._buf += data
        out: list[bytes | Rejected] = []
        while True:
            begin = next((i for i, b in enumerate(self._buf) if b in self._starts), -1)
            if begin < 0:
                self._skip(len(self._buf), "no frame start", out)
                break
            if begin > 0:
                self._skip(begin, "bytes outside a frame", out)
            verdict = self._measure(bytes(self._buf[: self._longest + 1]))
            if verdict is None:
                if len(self._buf) > self._longest:  # a measure that never decides is a bug
                    self._skip(1, "frame too long", out)
                    continue
                break
            if isinstance(verdict, str):
                self._skip(1, verdict, out)
                continue
            if self._noise.strip(b"\r\n"):
                out.append(Rejected(printable(bytes(self._noise)), self._reason))
            self._noise.clear()
            out.append(bytes(self._buf[:verdict]))
            del self._buf[:verdict]
        return out


def fixed_length(length: int, valid: Callable[[bytes], str | None]) -> Measure:
    """A `measure` for frames of one length that `valid` checks (None when valid)."""

    def measure(buf: bytes) -> int | str | None:
        if len(buf) < length:
            return None
        return valid(buf[:length]) or length

    return measure


class FixedFramer(MeasuredFramer):
    """Frames of a fixed length after a start byte (no terminator): Toledo, XK3190 `=`."""

    def __init__(self, start: int, length: int, valid: Callable[[bytes], str | None]) -> None:
        super().__init__(bytes([start]), fixed_length(length, valid), length)


class FrameParser:
    """Pure parser for framed replies: each frame the framer cuts is one reading or rejection."""

    def __init__(self, framer: LineFramer | MeasuredFramer, parse_frame: Callable[[bytes], Parsed],
                 strip_parity: bool = False) -> None:
        self._framer = framer
        self._parse_frame = parse_frame
        self._strip_parity = strip_parity  # 7-bit protocols: see STRIP_PARITY

    def feed(self, data: bytes) -> list[Parsed]:
        """Readings for each complete frame, and the framer's rejected noise, in order."""
        if self._strip_parity:
            data = data.translate(STRIP_PARITY)
        return [f if isinstance(f, Rejected) else self._parse_frame(f)
                for f in self._framer.feed(data)]


class LineParser:
    """Pure parser for indicators that send one reading per text line (CR, LF or CR LF)."""

    def __init__(self, parse_line: Callable[[bytes], Parsed], skip_blank: bool = True) -> None:
        self._framer = LineFramer(b"\n")
        self._parse_line = parse_line
        self._skip_blank = skip_blank  # blank lines between prints are not readings

    def feed(self, data: bytes) -> list[Parsed]:
        """Readings for each complete line."""
        out: list[Parsed] = []
        for frame in self._framer.feed(any_line_end(data)):
            if isinstance(frame, Rejected):
                out.append(frame)
            elif frame.strip() or not self._skip_blank:
                out.append(self._parse_line(frame))
        return out
