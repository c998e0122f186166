"""The second-hand goods register (Digitaal Opkopersregister): items with a serial number."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from tracker.domain import codes
from tracker.domain import events as ev
from tracker.domain.calendar import local_date
from tracker.domain.spreadsheet import SafeWriter
from tracker.domain.values import eur
from tracker.store import register as stored

# An item given away for reuse (a school, a maker) leaves the centre's hands like a sale
# without a price: the register exists to trace where second-hand goods went, so its date is
# the sale date and `given_to` names the partner. A transfer to another site of the network
# keeps it in the same hands: no row changes.
COLUMNS = ("code", "intake_date", "description", "category", "serial_number", "sale_date",
           "price_eur", "given_to")


@dataclass
class Entry:
    """One acquisition: an intake (or a return) and, when it happened, the sale that followed."""

    code: str
    intake_date: date
    description: str
    category: str
    serial_number: str
    sale_date: date | None = None
    price_cents: int | None = None
    given_to: str = ""

    def row(self) -> list[str]:
        price = eur(self.price_cents)
        return [codes.display(self.code), self.intake_date.isoformat(), self.description,
                self.category, self.serial_number,
                self.sale_date.isoformat() if self.sale_date else "",
                "" if price is None else f"{price:.2f}", self.given_to]


def entries(conn: sa.Connection, start: date | None, end: date | None) -> list[Entry]:
    """Each life of each item with a serial number whose intake or sale lies in the period."""
    out: list[Entry] = []
    for row in stored.serial_numbered_lives(conn):
        fact = ev.REGISTRY.read(row.type, row.data)
        if isinstance(fact, ev.Sold | ev.GivenAway):
            if out and out[-1].code == row.stream:
                out[-1].sale_date = local_date(row.at)
                if isinstance(fact, ev.Sold):
                    out[-1].price_cents = fact.price_cents
                else:
                    out[-1].given_to = fact.partner
            continue
        out.append(Entry(row.stream, local_date(row.at), row.description or "", row.category,
                         row.serial_number))

    def within(day: date | None) -> bool:
        return day is not None and (start is None or day >= start) and (end is None or day <= end)

    return [x for x in out if within(x.intake_date) or within(x.sale_date)]


def csv_text(found: list[Entry]) -> Iterator[str]:
    buf = io.StringIO()
    out = SafeWriter(buf)  # descriptions and serial numbers are typed by anyone
    out.writerow(COLUMNS)
    for x in found:
        out.writerow(x.row())
    yield buf.getvalue()
