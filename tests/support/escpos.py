"""A receipt printer's raw port on loopback, and a strict reader of the ESC/POS it gets."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.support.labels import Zebra

ESC, GS = 0x1B, 0x1D
CODE_PAGES = {19: "cp858"}  # ESC t n: the pages the tracker may select


class ReceiptPrinter(Zebra):
    """The same raw TCP port 9100 a Zebra has (each connection one job), addressed as ESC/POS."""

    @property
    def uri(self) -> str:
        return f"escpos://127.0.0.1:{self.port}"


@dataclass
class Printed:
    """What an ESC/POS job makes the printer do, in order."""

    lines: list[str] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)  # data of each QR code printed
    cuts: int = 0
    drawer_kicks: list[int] = field(default_factory=list)  # pins pulsed
    order: list[str] = field(default_factory=list)  # "qr", "cut", "drawer" as they came


def parse(job: bytes) -> Printed:
    """Read an ESC/POS job strictly: every command must be known; text is decoded in the code
    page selected before it (there must be one)."""
    out, text, encoding, i = Printed(), bytearray(), None, 0

    def flush() -> None:
        if text:
            assert encoding is not None, "text before a code page was chosen (ESC t)"
            out.lines.extend(text.decode(encoding).split("\n"))
            text.clear()

    while i < len(job):
        b = job[i]
        if b == ESC:
            cmd = job[i + 1]
            if cmd == ord("@"):
                i += 2
            elif cmd == ord("t"):
                flush()
                assert job[i + 2] in CODE_PAGES, f"unexpected code page {job[i + 2]}"
                encoding = CODE_PAGES[job[i + 2]]
                i += 3
            elif cmd in (ord("a"), ord("d")):  # align; print and feed n lines
                i += 3
            elif cmd == ord("p"):  # drawer kick: ESC p m t1 t2
                out.drawer_kicks.append({0: 2, 1: 5}[job[i + 2]])
                out.order.append("drawer")
                i += 5
            else:
                raise AssertionError(f"unknown command ESC {cmd:#x} at {i}")
        elif b == GS:
            cmd = job[i + 1]
            if cmd == ord("(") and job[i + 2] == ord("k"):
                size = job[i + 3] + 256 * job[i + 4]
                body = job[i + 5: i + 5 + size]
                cn, fn = body[0], body[1]
                assert cn == ord("1"), "not a QR code"
                if fn == 80:  # store the data: after m (ASCII '0')
                    out.qr.append(body[3:].decode("utf-8"))
                    out.order.append("qr")
                i += 5 + size
            elif cmd == ord("V"):
                flush()
                out.cuts += 1
                out.order.append("cut")
                i += 3 if job[i + 2] in (0, 1, 48, 49) else 4
            else:
                raise AssertionError(f"unknown command GS {cmd:#x} at {i}")
        else:
            assert b >= 0x20 or b == 0x0A, f"control byte {b:#x} at {i}"
            text.append(b)
            i += 1
            continue
    flush()
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
    return out
