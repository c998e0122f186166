"""Visitors' origin (CONTRACT §10): a 4-digit postcode to its municipality, and nothing more.

Only the municipality is ever stored: never the postcode, a house number or a name. The
table maps each postcode area (PC4) to the municipality with most addresses in it; it is
made from the CBS file "buurt, wijk en gemeente voor postcode-huisnummer" (one row per
address: PC6, house number, buurt, wijk, municipality code) and the CBS list of municipality
names that comes with it (`most_addresses`). Pure: reading files is `tracker/postcodes_cli.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tracker.domain.errors import InvalidInput

UNKNOWN = "onbekend"  # a visit without postcode, or with one the table does not know
PC4 = re.compile(r"[0-9]{4}")
PC6 = re.compile(r"([1-9][0-9]{3}) ?[A-Z]{2}")
MUNICIPALITY_MAX = 80  # the longest Dutch municipality name is 30 characters; room for spelling


@dataclass(frozen=True)
class Table:
    """Postcode area → municipality, with where the table came from."""

    areas: Mapping[str, str]
    source: str = ""

    def municipality(self, postcode: str | None) -> str:
        """The municipality a visitor's postcode counts for ("onbekend" when none or unknown)."""
        if postcode is None:
            return UNKNOWN
        return self.areas.get(check_postcode(postcode), UNKNOWN)

    def municipalities(self) -> set[str]:
        """Every municipality the table names."""
        return set(self.areas.values())


def check_postcode(text: str) -> str:
    """The 4 digits of a postcode, or a clear 422 (a full postcode is refused, not cut)."""
    digits = text.strip()
    if not PC4.fullmatch(digits):
        raise InvalidInput(
            f"postcode '{text[:20]}' is geen 4 cijfers: geef alleen de cijfers van de "
            "postcode (bijv. 3511); de letters en het huisnummer bewaren we niet",
            "invalid_postcode",
            en=f"postcode '{text[:20]}' is not 4 digits: give only the digits of the postcode "
               "(e.g. 3511); the letters and house number are never kept")
    return digits


def choose_origin(table: Table, postcode: str | None, municipality: str | None,
                  known: Iterable[str] = ()) -> str:
    """What a visit stores: the postcode's municipality, or a named one the table or the
    centre's sites (`known`) know; "onbekend" without either."""
    if postcode is not None and municipality is not None:
        raise InvalidInput("geef een postcode of een gemeente, niet allebei",
                           "postcode_and_municipality",
                           en="give a postcode or a municipality, not both")
    if municipality is None:
        return table.municipality(postcode)
    # the table's spelling wins over a site's ("utrecht"), so one municipality is one key
    names = {m.casefold(): m for m in [*known, *table.municipalities(), UNKNOWN]}
    name = names.get(municipality.strip().casefold())
    if name is None:
        raise InvalidInput(f"onbekende gemeente '{municipality[:MUNICIPALITY_MAX]}'",
                           "unknown_municipality",
                           en=f"unknown municipality '{municipality[:MUNICIPALITY_MAX]}'")
    return name


# --- the table file ---------------------------------------------------------------------------

def read_table(text: str) -> Table:
    """The shipped table: `postcode,municipality` lines under a header; `#` lines are notes."""
    areas: dict[str, str] = {}
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for number, line in enumerate(lines[1:], start=2):
        pc, _, name = line.partition(",")
        if not PC4.fullmatch(pc) or not name.strip():
            raise ValueError(f"line {number}: {line!r} is not 'postcode,municipality'")
        areas[pc] = name.strip()
    return Table(areas)


def write_table(areas: Mapping[str, str], notes: Iterable[str] = ()) -> str:
    """The table's file form: notes, a header, one line per postcode area in order."""
    head = [f"# {n}" for n in notes]
    return "\n".join([*head, "postcode,municipality",
                      *(f"{pc},{areas[pc]}" for pc in sorted(areas))]) + "\n"


def most_addresses(addresses: Iterable[tuple[str, str]], names: Mapping[str, str]
                   ) -> dict[str, str]:
    """Each postcode area's municipality: the one with most of its addresses, from (PC6,
    municipality code) pairs, one per address; a tie goes to the lowest code, so a rerun
    gives the same table. Codes are compared as numbers (CBS writes 363, 0363 or GM0363)."""
    counts: dict[str, Counter[str]] = {}
    for pc6, code in addresses:
        counts.setdefault(pc6[:4], Counter())[municipality_code(code)] += 1
    named = {municipality_code(c): n for c, n in names.items()}
    out = {}
    for pc4, by_code in counts.items():
        best = min(by_code, key=lambda c: (-by_code[c], c))
        if best not in named:
            raise ValueError(f"municipality code {best} of postcode {pc4} has no name in the "
                             "list of municipalities")
        out[pc4] = named[best]
    return out


def municipality_code(code: str) -> str:
    """A CBS municipality code in one form: GM0363, 0363 and 363 are all '0363'."""
    digits = code.strip().upper().removeprefix("GM")
    if not digits.isdigit():
        raise ValueError(f"{code!r} is not a municipality code")
    return digits.zfill(4)
