"""What the receiver takes: one centre's month, with a revision (CONTRACT §14)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.domain.errors import Forbidden, InvalidInput

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class Refused(InvalidInput):
    """The document does not validate (422); `reasons` says every way in which, in the
    schema's own technical words (path: what is wrong)."""

    code = "invalid_document"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("het document voldoet niet: " + "; ".join(reasons),
                         en="the document does not validate: " + "; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Header:
    """Who sent which month, and which version of it."""

    centre: str
    month: str
    revision: int
    final: bool
    to: date
    schema: str

    @property
    def complete(self) -> bool:
        """Whether the document covers the whole month (the running month's does not)."""
        return self.to == month_end(self.month)


def parse_month(text: str, name: str = "maand", name_en: str = "month") -> str:
    """A month as YYYY-MM, or a clear refusal."""
    if not MONTH.match(text or ""):
        raise InvalidInput(f"{name} '{text}': schrijf als JJJJ-MM, bijvoorbeeld 2026-03",
                           "invalid_month",
                           en=f"{name_en} '{text}': write it as YYYY-MM, e.g. 2026-03")
    return text


def month_end(month: str) -> date:
    year, number = int(month[:4]), int(month[5:])
    return date(year, number, calendar.monthrange(year, number)[1])


def months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included."""
    year, number = int(first[:4]), int(first[5:])
    out: list[str] = []
    while (key := f"{year:04d}-{number:02d}") <= last:
        out.append(key)
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return out


def check_sender(doc: Any, centre: str) -> None:
    """A document naming another centre than the sender's is refused before anything else."""
    named = doc.get("centre") if isinstance(doc, Mapping) else None
    if isinstance(named, str) and named != centre:
        raise Forbidden(f"dit token hoort bij centrum '{centre}', niet bij '{named}'",
                        "other_centre",
                        en=f"this token belongs to centre '{centre}', not to '{named}'")


def header(doc: Mapping[str, Any]) -> Header:
    """The month and revision of a schema-valid document; what the receiver cannot take (a
    site, a period that is not one month from its first day, no revision) is refused."""
    reasons = []
    if doc.get("site") is not None:
        reasons.append("site: must be null (a document of the whole centre)")
    start, end = date.fromisoformat(doc["from"]), date.fromisoformat(doc["to"])
    if start.day != 1 or (end.year, end.month) != (start.year, start.month) or end < start:
        reasons.append("from/to: must cover one month from its first day")
    if "revision" not in doc:
        reasons.append("revision: is required")
    if reasons:
        raise Refused(reasons)
    month = f"{start.year:04d}-{start.month:02d}"
    return Header(str(doc["centre"]), month, int(doc["revision"]), bool(doc.get("final")),
                  end, str(doc["schema"]))
