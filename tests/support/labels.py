"""Sample labels and a strict reader of the ZPL that `labels` writes, for the label tests."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from labels import LabelData
from tests.support import services

# The default categories of CONTRACT.md §1, by their Dutch labels.
CATEGORIES = (
    "Textiel",
    "Fietsen",
    "Meubilair",
    "Kleingoed (huisraad)",
    "Boeken en media",
    "Speelgoed",
    "Bouwmaterialen (hout, metaal, steen)",
    "Elektrische apparaten",
)
# The tracker stores descriptions as unbounded text; these stand for "as long as it gets":
# a page of prose, and one endless word (a pasted serial number or URL) with no place to
# break it.
LONGEST_DESCRIPTIONS = (
    ("Grenen kast met twee deuren en drie laden, één la klemt, scharnieren gesmeerd, "
     "achterwand opnieuw vastgezet; ideaal voor een kinderkamer of schuur. ") * 30,
    "W" * 2000,
)
BASE_URL = "http://127.0.0.1:8000"


def sample(
    code: str = "7K3M-9QXZ-R",
    *,
    category: str = "Meubilair",
    description: str = "Eikenhouten eettafel, uitschuifbaar",
    weight_kg: Decimal | None = Decimal("23.450"),
    price_eur: Decimal | None = Decimal("45.00"),
    centre: str = "Kringloop Ambacht Zutphen",
    base_url: str = BASE_URL,
) -> LabelData:
    """A label as the tracker would hand it over."""
    return LabelData(code=code, qr_url=f"{base_url}/i/{code}", category=category,
                     intake_date=date(2026, 11, 28), centre=centre, weight_kg=weight_kg,
                     price_eur=price_eur, description=description)


def codes(count: int) -> list[str]:
    """Distinct codes shaped like item codes (the check symbol is not computed here)."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    out = []
    for i in range(count):
        digits = ""
        n = i * 7919 + 12345
        for _ in range(8):
            n, r = divmod(n, 32)
            digits += alphabet[r]
        out.append(f"{digits[:4]}-{digits[4:]}-{alphabet[i % 32]}")
    return out


_COMMAND = re.compile(r"\^([A-Z][A-Z0-9@])([^^~]*)")
_HEX = re.compile(r"_([0-9A-Fa-f]{2})")
KNOWN = {"XA", "XZ", "CI", "PW", "LL", "LH", "FO", "GB", "BQ", "FH", "FD", "FS", "A0", "FB",
         "PQ"}


@dataclass
class ZplField:
    """One ^FO ... ^FS field: its commands in order, and its data with escapes undone."""

    x: int
    y: int
    commands: dict[str, str] = field(default_factory=dict)
    data: str = ""


@dataclass
class ZplLabel:
    """A parsed ^XA ... ^XZ format."""

    width: int
    length: int
    fields: list[ZplField]

    def texts(self) -> list[str]:
        """Data of the text fields, top to bottom."""
        return [f.data for f in self.fields if "A0" in f.commands]

    def qr(self) -> ZplField:
        """The QR code field."""
        (qr,) = [f for f in self.fields if "BQ" in f.commands]
        return qr


def parse_zpl(raw: bytes) -> ZplLabel:
    """Read ZPL strictly, asserting it is well formed; return its fields."""
    text = raw.decode("utf-8")
    assert "~" not in text, "a raw ~ would start a control command"
    commands = [(name, args) for name, args in _COMMAND.findall(text)]
    leftover = _COMMAND.sub("", text)
    assert leftover.strip() == "", f"text outside commands: {leftover!r}"
    assert commands[0][0] == "XA" and commands[-1][0] == "XZ", "not one ^XA ... ^XZ format"
    assert [n for n, _ in commands].count("XA") == 1
    assert [n for n, _ in commands].count("XZ") == 1
    header = {name: args.strip() for name, args in commands if name in ("PW", "LL", "CI")}
    assert header.get("CI") == "28", "field data is UTF-8, so ^CI28 must say so"
    width, length = int(header["PW"]), int(header["LL"])
    fields: list[ZplField] = []
    current: ZplField | None = None
    for name, args in commands:
        assert name in KNOWN, f"unexpected command ^{name}"
        if name != "FD":
            args = args.strip()
        if name == "FO":
            assert current is None, "^FO inside an open field"
            x, y = (int(v) for v in args.split(","))
            assert 0 <= x < width and 0 <= y < length, f"field origin {x},{y} off the label"
            current = ZplField(x, y)
        elif name == "FS":
            assert current is not None, "^FS without ^FO"
            assert "FD" in current.commands or "GB" in current.commands, "empty field"
            fields.append(current)
            current = None
        elif name in ("A0", "FB", "GB", "BQ", "FH", "FD"):
            assert current is not None, f"^{name} outside a field"
            assert name not in current.commands, f"^{name} twice in one field"
            current.commands[name] = args
            if name == "FD":
                assert "\n" not in args and "\r" not in args
                # Only ASCII is escaped, so each _XX is one character.
                data = (_HEX.sub(lambda m: chr(int(m.group(1), 16)), args)
                        if "FH" in current.commands else args)
                if "FB" in current.commands:
                    # In a field block \\ is a backslash; a lone one starts a line break.
                    assert re.fullmatch(r"(?:[^\\]|\\\\)*", data), f"lone backslash: {data!r}"
                    data = data.replace("\\\\", "\\")
                current.data = data
        else:
            assert current is None, f"^{name} inside a field"
    assert current is None, "field left open"
    for f in fields:
        if "GB" in f.commands:
            w, h, *_ = (int(v) for v in f.commands["GB"].split(",")[:3])
            assert f.x + w <= width and f.y + h <= length, "box runs off the label"
        if "A0" in f.commands:
            orientation, height_text, _width = f.commands["A0"].split(",")
            assert orientation == "N"
            height = int(height_text)
            block = int(f.commands["FB"].split(",")[0])
            assert f.x + block <= width, "text block runs off the label"
            assert f.y + height <= length, "text runs off the label"
        if "BQ" in f.commands:
            orientation, model, magnification, level, mask = f.commands["BQ"].split(",")
            assert (orientation, model, level) == ("N", "2", "H")
            assert 1 <= int(magnification) <= 10 and 0 <= int(mask) <= 7
    return ZplLabel(width, length, fields)


class Zebra:
    """A label printer's raw port (9100) on loopback: each connection is one job, read until
    the sender closes it."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.jobs: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"zpl://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed: the test is over
                return
            with connection:
                job = b""
                while chunk := connection.recv(65536):
                    job += chunk
                self.jobs.append(job)

    def printed(self, count: int = 1) -> list[bytes]:
        """The jobs, once `count` have been read to their end (the sender returns earlier)."""
        services.wait_until(lambda: len(self.jobs) >= count)
        return self.jobs

    def close(self) -> None:
        self.listener.close()


@contextlib.contextmanager
def zebra() -> Iterator[Zebra]:
    printer = Zebra()
    try:
        yield printer
    finally:
        printer.close()
