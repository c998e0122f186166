"""Open Repair Data Standard v0.3 (CONTRACT §7): read partner files, write export rows (pure).

Real partner files differ from the schema in small ways; we take them as they are: ids with
`_`, `Unknown` brands, empty optional fields, quoted newlines, any language. A file whose
structure is wrong (not CSV, required columns missing, a repair status outside ORDS) is
refused as a whole; a row that cannot be taken (no id, a date that is not a date...) is
skipped and reported with its line number and reason.

The export writes every cell through `spreadsheet.SafeWriter`: text that a spreadsheet would
run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a single
quote in front. The import takes that quote off again (`spreadsheet.restore`), so importing
our own export gives back exactly the text that was exported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from tracker.domain.errors import InvalidInput
from tracker.domain.items import BARRIERS
from tracker.domain.spreadsheet import SafeWriter, restore

COLUMNS = ("id", "data_provider", "country", "partner_product_category", "product_category",
           "product_category_id", "brand", "year_of_manufacture", "product_age",
           "repair_status", "repair_barrier_if_end_of_life", "group_identifier", "event_date",
           "problem")
REQUIRED = ("id", "repair_status", "event_date")
# our outcome → ORDS repair_status
STATUS = {"fixed": "Fixed", "repairable": "Repairable", "end_of_life": "End of life",
          "unknown": "Unknown"}
_STATUS_IN = {v.lower(): k for k, v in STATUS.items()} | {"": "unknown"}
# The schema's enum says "Too worn out" where the contract and the files say "Item too worn out".
_BARRIER_IN = {b.lower(): b for b in BARRIERS} | {"too worn out": "Item too worn out"}
PRODUCT_CATEGORIES = {
    1: "Aircon/dehumidifier", 2: "Battery/charger/adapter", 3: "Decorative or safety lights",
    4: "Desktop computer", 5: "Digital compact camera", 6: "DSLR/video camera", 7: "Fan",
    8: "Flat screen", 9: "Hair & beauty item", 10: "Handheld entertainment device",
    11: "Headphones", 12: "Hi-Fi integrated", 13: "Hi-Fi separates", 14: "Kettle", 15: "Lamp",
    16: "Laptop", 17: "Large home electrical", 18: "Misc", 19: "Mobile",
    20: "Musical instrument", 21: "Paper shredder", 22: "PC accessory", 23: "Portable radio",
    24: "Power tool", 25: "Printer/scanner", 26: "Projector", 27: "Sewing machine",
    28: "Small home electrical", 29: "Small kitchen item", 30: "Tablet", 31: "Toaster",
    32: "Toy", 33: "TV and gaming-related accessories", 34: "Vacuum", 35: "Watch/clock",
    36: "Coffee maker", 37: "Food processor", 38: "Games console", 39: "Hair dryer", 40: "Iron",
}
MISSING_BRAND = "Unknown"  # ORDS's missing value for brand
MAX_ID_LENGTH = 64  # real ids are ~16 characters; the event stream name holds 80
MAX_TEXT_LENGTH = 20_000  # the longest real problem text is ~3,000 characters
MAX_SHOWN_PROBLEMS = 5  # a refused file names this many offending lines, then counts the rest
_ID = re.compile(r"^[\w.\-:]+$")


@dataclass(frozen=True)
class Record:
    """One repair as ORDS describes it; `outcome` in our words (fixed, end_of_life...)."""

    id: str
    outcome: str
    event_date: date
    product_category_id: int | None = None
    barrier: str | None = None
    brand: str | None = None
    problem: str | None = None
    data_provider: str = ""
    country: str = ""
    partner_product_category: str = ""
    product_category: str = ""
    year_of_manufacture: str = ""
    product_age: str = ""
    group_identifier: str = ""


class Rejected(NamedTuple):
    """A row that could not be taken: its line in the file, its id (if any) and why."""

    line: int
    id: str
    reason: str


class MalformedFile(InvalidInput):
    """The file as a whole is not an ORDS export: nothing of it is imported."""

    code = "malformed_ords_file"


def check_product_category(category_id: int | None) -> None:
    """Refuse a product category id that ORDS v0.3 does not have; None means none given."""
    if category_id is not None and category_id not in PRODUCT_CATEGORIES:
        raise InvalidInput("ORDS-productcategorie moet tussen 1 en 40 liggen",
                           "invalid_ords_category",
                           en="the ORDS product category must be between 1 and 40")


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 as spreadsheets write."""
    if b"\0" in raw[:4096]:
        raise MalformedFile("dit is geen CSV-bestand (binaire inhoud)",
                            en="this is not a CSV file (binary content)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _dialect(header_line: str) -> str:
    """Comma as the standard says; a semicolon file (Dutch Excel) when the header says so."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _date(text: str) -> date | None:
    text = text.strip()
    for candidate in (text, text[:10]):  # a timestamp's date part
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def _clean(value: str | None) -> str:
    """A field as the exporter meant it: trimmed, and our export's formula guard undone."""
    return restore((value or "").strip())


def _row(line: int, row: dict[str, str | None], today: date) -> Record | Rejected:
    rid = _clean(row.get("id"))
    if not rid:
        return Rejected(line, "", "id ontbreekt")
    if len(rid) > MAX_ID_LENGTH or not _ID.match(rid):
        return Rejected(line, rid[:MAX_ID_LENGTH], "id is te lang of bevat spaties/vreemde tekens")
    if None in row:  # csv puts surplus fields under the key None
        return Rejected(line, rid, "de regel heeft meer velden dan de kop")
    day = _date(_clean(row.get("event_date")))
    if day is None:
        return Rejected(line, rid, f"event_date '{_clean(row.get('event_date'))}' is geen "
                                   "datum (JJJJ-MM-DD)")
    if day > today:
        return Rejected(line, rid, f"event_date {day} ligt in de toekomst")
    cat_text = _clean(row.get("product_category_id"))
    cat: int | None = None
    if cat_text:
        try:
            cat = int(float(cat_text))  # "22" and "22.0" (spreadsheets) alike
        except ValueError:
            return Rejected(line, rid, f"product_category_id '{cat_text}' is geen getal")
        if cat not in PRODUCT_CATEGORIES:
            return Rejected(line, rid, f"product_category_id {cat} ligt niet tussen 1 en 40")
    outcome = _STATUS_IN[_clean(row.get("repair_status")).lower()]
    barrier_text = _clean(row.get("repair_barrier_if_end_of_life"))
    barrier = _BARRIER_IN.get(barrier_text.lower()) if barrier_text else None
    if barrier_text and barrier is None:
        return Rejected(line, rid, f"onbekende reparatiebarrière '{barrier_text}'")
    if barrier and outcome != "end_of_life":
        return Rejected(line, rid, "een reparatiebarrière hoort alleen bij 'End of life'")
    problem = _clean(row.get("problem"))
    if len(problem) > MAX_TEXT_LENGTH:
        return Rejected(line, rid, f"problem is langer dan {MAX_TEXT_LENGTH} tekens")
    brand = _clean(row.get("brand"))
    return Record(
        id=rid, outcome=outcome, event_date=day, product_category_id=cat, barrier=barrier,
        brand=None if brand.lower() in ("", MISSING_BRAND.lower()) else brand,
        problem=problem or None, data_provider=_clean(row.get("data_provider")),
        country=_clean(row.get("country")),
        partner_product_category=_clean(row.get("partner_product_category")),
        product_category=_clean(row.get("product_category")),
        year_of_manufacture=_clean(row.get("year_of_manufacture")),
        product_age=_clean(row.get("product_age")),
        group_identifier=_clean(row.get("group_identifier")),
    )


def _too_many(problems: Sequence[str], and_more: str = " (en nog {})") -> str:
    shown = "; ".join(problems[:MAX_SHOWN_PROBLEMS])
    more = len(problems) - MAX_SHOWN_PROBLEMS
    return shown + (and_more.format(more) if more > 0 else "")


def read(text: str, today: date) -> tuple[list[Record], list[Rejected]]:
    """Every record of a partner file, and the rows that could not be taken (and why)."""
    text = text.lstrip("\ufeff")  # a byte order mark is no part of the first column's name
    first = text.split("\n", 1)[0]
    # strict: a stray or unclosed quote would silently swallow the rows after it
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_dialect(first),
                            strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise MalformedFile(f"dit is geen leesbaar CSV-bestand: {exc}",
                            en=f"this is not a readable CSV file: {exc}") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        shown_header = ", ".join(header[:8])[:200]
        raise MalformedFile("dit is geen ORDS-bestand: de kolom(men) " + ", ".join(missing)
                            + " ontbreken (kop: " + shown_header + ")",
                            en="this is not an ORDS file: the column(s) " + ", ".join(missing)
                            + " are missing (header: " + shown_header + ")")
    reader.fieldnames = header
    records: list[Record] = []
    rejected: list[Rejected] = []
    bad_status: list[tuple[int, str]] = []  # (line, status as written)
    first_line: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num  # the row's last physical line (quoted newlines count)
            if not any(_clean(v) for k, v in row.items() if k is not None):
                continue  # a blank line
            status = _clean(row.get("repair_status"))
            if status.lower() not in _STATUS_IN:
                bad_status.append((line, status[:40]))
                continue
            result = _row(line, row, today)
            if isinstance(result, Rejected):
                rejected.append(result)
            elif result.id in first_line:
                rejected.append(Rejected(line, result.id, "id komt al voor op regel "
                                                          f"{first_line[result.id]}"))
            else:
                first_line[result.id] = line
                records.append(result)
    except csv.Error as exc:
        raise MalformedFile(f"CSV kapot bij regel {reader.line_num}: {exc}",
                            en=f"CSV broken at line {reader.line_num}: {exc}") from None
    if bad_status:
        raise MalformedFile(
            "repair_status moet Fixed, Repairable, End of life of Unknown zijn: "
            + _too_many([f"regel {n}: '{s}'" for n, s in bad_status]),
            en="repair_status must be Fixed, Repairable, End of life or Unknown: "
            + _too_many([f"line {n}: '{s}'" for n, s in bad_status], " (and {} more)"))
    return records, rejected


def export_row(record: Record) -> list[str]:
    """One ORDS export line, in COLUMNS order."""
    cat = record.product_category_id
    return [
        record.id, record.data_provider, record.country, record.partner_product_category,
        record.product_category or (PRODUCT_CATEGORIES.get(cat, "") if cat else ""),
        "" if cat is None else str(cat), record.brand or MISSING_BRAND,
        record.year_of_manufacture, record.product_age, STATUS[record.outcome],
        record.barrier if record.outcome == "end_of_life" and record.barrier else "",
        record.group_identifier, record.event_date.isoformat(), record.problem or "",
    ]


def write(records: Sequence[Record] | Iterator[Record]) -> Iterator[str]:
    """The export as CSV text, header first, one chunk per line."""
    buf = io.StringIO()
    out = SafeWriter(buf)
    out.writerow(COLUMNS)
    yield buf.getvalue()
    for record in records:
        buf.seek(0)
        buf.truncate()
        out.writerow(export_row(record))
        yield buf.getvalue()
