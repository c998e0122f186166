"""The frames under tests/data/captures/<protocol>/: real captures and every setup option of
each protocol, with the reading each must give (see the README there)."""

from __future__ import annotations

import codecs
from pathlib import Path

from gateway.protocols import PROTOCOLS
from gateway.reading import Parsed, Reading, Status

CAPTURES = Path(__file__).resolve().parents[1] / "data" / "captures"
NONE = "none"  # a frame that is no reading of the load (tare line, header, lone STX)


def files(protocol: str) -> list[Path]:
    """The frame files of one protocol."""
    return sorted((CAPTURES / protocol).glob("*.txt"))


def cases(path: Path) -> list[tuple[bytes, str]]:
    """(frame bytes, expected reading) for each line of a frame file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            frame, expected = line.rsplit(" => ", 1)
            out.append((codecs.escape_decode(frame.encode("ascii"))[0], expected.strip()))
    return out


def summary(protocol: str, parsed: list[Parsed]) -> list[str]:
    """Readings as the frame files write them: `12.34`, `12.30 unstable`, `overload`, `moving`."""
    out = []
    for p in parsed:
        if not isinstance(p, Reading):
            continue
        if p.status != Status.OK:
            out.append(p.status.value)
        elif p.net_kg is None:
            out.append("moving")
        else:
            moving = not p.stable and not PROTOCOLS[protocol].no_stability_marker
            out.append(f"{p.net_kg}" + (" unstable" if moving else ""))
    return out


def expected(pairs: list[tuple[bytes, str]]) -> list[str]:
    """The readings a file's frames must give, in order."""
    return [e for _, e in pairs if e != NONE]
