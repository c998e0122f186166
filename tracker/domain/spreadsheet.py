"""CSV cells a spreadsheet opens as text, never as a formula (OWASP "CSV injection"). Pure.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets; a description such as `=HYPERLINK("http://…", "klik")` would run
on the coordinator's computer. Such a cell is written with a single quote in front, the way
OWASP advises: the spreadsheet shows the text as it was and runs nothing. A number (`-3.5`,
`+31`) is exempt: it cannot be a formula, and a negative figure must stay a number.

Reading our own files back (the ORDS import) undoes it with `restore`, losslessly: a cell that
already starts with quotes followed by one of those characters gets one quote more on the way
out, and loses exactly one on the way in, so `restore(neutralise(x)) == x` for every text x.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

TRIGGERS = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(f"^'*[{re.escape(TRIGGERS)}]")
_QUOTED = re.compile(f"^'+[{re.escape(TRIGGERS)}]")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def neutralise(cell: object) -> str:
    """The cell as text a spreadsheet shows and never runs."""
    text = "" if cell is None else str(cell)
    if _NEEDS_QUOTE.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def restore(cell: str) -> str:
    """The text `neutralise` was given (for files we wrote; see the module's docstring)."""
    return cell[1:] if _QUOTED.match(cell) else cell


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


class SafeWriter:
    """csv.writer whose every cell goes through `neutralise`: the one way we write CSV."""

    def __init__(self, out: _Writable) -> None:
        self._out = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._out.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
