"""`ambacht postcodes update FILE`: the postcode table from the CBS file (CONTRACT §10).

CBS publishes "buurt, wijk en gemeente voor postcode-huisnummer" each year (CC BY 4.0) as a
zip holding `pc6hnrYYYYMMDD_gwb.csv` (one row per address: PC6, Huisnummer, BuurtYYYY,
WijkYYYY, GemeenteYYYY, separated by `;` or, since 2024, by `,`) and `gem_YYYY.csv` (the
municipality codes and names). The command reads the zip, or the two CSV files, and writes
`tracker/data/pc4-gemeente.csv`: each postcode area with the municipality that has most of
its addresses.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from tracker.cli_language import say
from tracker.domain.errors import InvalidInput
from tracker.domain.postcodes import PC6, most_addresses, write_table

ADDRESSES = re.compile(r"pc6hnr.*\.csv$", re.I)  # the address file's name inside the zip
NAMES = re.compile(r"gem.*\.csv$", re.I)  # the municipality names' file (gem_2024.csv...)
SOURCE = ("CBS, buurt, wijk en gemeente voor postcode-huisnummer "
          "(https://www.cbs.nl), licence CC BY 4.0")
HELP = """\
Make the postcode table (postcode area -> the municipality with most addresses in it) from
the CBS file "buurt, wijk en gemeente voor postcode-huisnummer" (cbs.nl, search for that
title; e.g. download.cbs.nl/postcode/2025-cbs-pc6huisnr20250801_buurt.zip). FILE is that zip
as downloaded, or its address CSV (pc6hnrYYYYMMDD_gwb.csv) together with --names
gem_YYYY.csv. Only postcode areas and municipality names are kept: no address, no house
number. Restart `ambacht serve` afterwards."""


def _fail(nl: str, en: str) -> InvalidInput:
    return InvalidInput(nl, "postcode_file", en=en)


def _text(raw: IO[bytes]) -> IO[str]:
    """A small file: UTF-8 (with or without BOM), or Windows-1252 in older years
    (Súdwest-Fryslân)."""
    data = raw.read()
    try:
        return io.StringIO(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return io.StringIO(data.decode("cp1252"))


def _streamed(raw: IO[bytes]) -> IO[str]:
    """The address file (8 million lines), read as it comes: its postcodes and codes are
    ASCII, so Latin-1 reads every byte of either encoding (a BOM is stripped in `_rows`)."""
    return io.TextIOWrapper(raw, encoding="latin-1", newline="")


def _rows(stream: IO[str], what: str) -> tuple[list[str], Iterator[list[str]]]:
    """The header (lower case) and the rows of a CBS CSV, whichever separator it uses."""
    first = stream.readline().lstrip("\ufeff").removeprefix("\u00ef\u00bb\u00bf")
    sep = ";" if first.count(";") >= first.count(",") else ","
    header = [h.strip().strip('"').lower() for h in first.strip().split(sep)]
    if len(header) < 2:
        raise _fail(f"{what}: geen CBS-bestand (kopregel '{first.strip()[:60]}')",
                    f"{what}: not a CBS file (header '{first.strip()[:60]}')")
    return header, csv.reader(stream, delimiter=sep)


def _column(header: list[str], what: str, test: Any) -> int:
    for i, name in enumerate(header):
        if test(name):
            return i
    raise _fail(f"{what}: kolom ontbreekt (kolommen: {', '.join(header)})",
                f"{what}: a column is missing (columns: {', '.join(header)})")


def read_names(stream: IO[str], what: str) -> dict[str, str]:
    """Municipality code → name, from gem_YYYY.csv (GemeenteYYYY;GemeentenaamYYYY)."""
    header, rows = _rows(stream, what)
    code = _column(header, what, lambda h: h.startswith("gemeente") and "naam" not in h
                   or h.startswith("gm"))
    name = _column(header, what, lambda h: "naam" in h)
    return {row[code]: row[name].strip() for row in rows if len(row) > max(code, name)}


def read_addresses(stream: IO[str], what: str) -> Iterator[tuple[str, str]]:
    """(PC6, municipality code) for each address row of pc6hnrYYYYMMDD_gwb.csv."""
    header, rows = _rows(stream, what)
    pc6 = _column(header, what, lambda h: h == "pc6")
    code = _column(header, what, lambda h: h.startswith("gemeente"))
    for row in rows:
        if len(row) > max(pc6, code) and PC6.fullmatch(row[pc6].strip().upper()):
            yield row[pc6].strip().upper(), row[code]


def _year(header_name: str) -> str:
    found = re.search(r"(19|20)\d\d", header_name)
    return found.group(0) if found else "?"


def update(file: Path, names: Path | None, out: Path, now: datetime) -> tuple[int, int]:
    """Write the table from the CBS file(s); returns (postcode areas, municipalities)."""
    if not file.is_file():
        raise _fail(f"bestand '{file}' bestaat niet", f"file '{file}' does not exist")
    try:
        return _update(file, names, out, now)
    except OSError as exc:  # unreadable, or a zip cut short by its download
        raise _fail(f"{file.name}: niet te lezen ({exc})", f"{file.name}: cannot be read ({exc})"
                    ) from None
    except zipfile.BadZipFile as exc:
        raise _fail(f"{file.name}: kapotte zip ({exc})", f"{file.name}: broken zip ({exc})"
                    ) from None


def _update(file: Path, names: Path | None, out: Path, now: datetime) -> tuple[int, int]:
    with ExitStack() as stack:
        if zipfile.is_zipfile(file):
            archive = stack.enter_context(zipfile.ZipFile(file))
            members = archive.namelist()
            address_name = next((m for m in members if ADDRESSES.search(m)), None)
            names_name = next((m for m in members if NAMES.search(m.rsplit("/", 1)[-1])
                               and not ADDRESSES.search(m)), None)
            if address_name is None or (names_name is None and names is None):
                raise _fail(f"{file.name}: geen pc6hnr*.csv en gem_*.csv erin",
                            f"{file.name}: holds no pc6hnr*.csv and gem_*.csv")
            address_file = _streamed(stack.enter_context(archive.open(address_name)))
            names_file = (_text(stack.enter_context(names.open("rb"))) if names is not None
                          else _text(stack.enter_context(archive.open(names_name or ""))))
        else:
            if names is None:
                raise _fail("geef bij een CSV-bestand ook --names gem_JJJJ.csv (de namen van "
                            "de gemeenten)", "with a CSV file, also give --names gem_YYYY.csv "
                            "(the municipalities' names)")
            address_name = file.name
            address_file = _streamed(stack.enter_context(file.open("rb")))
            names_file = _text(stack.enter_context(names.open("rb")))
        named = read_names(names_file, "--names" if names else "gem_*.csv")
        try:
            areas = most_addresses(read_addresses(address_file, address_name), named)
        except ValueError as exc:
            raise _fail(f"{address_name}: {exc}", f"{address_name}: {exc}") from None
    if not areas:
        raise _fail(f"{address_name}: geen adressen gevonden", f"{address_name}: no addresses")
    notes = [f"Postcode area (PC4) -> the municipality with most addresses in it, made by "
             f"`ambacht postcodes update` on {now:%Y-%m-%d}",
             f"from {Path(address_name).name} (addresses of {_year(address_name)}).",
             f"Source: {SOURCE}."]
    try:
        out.write_text(write_table(areas, notes), encoding="utf-8")
    except OSError as exc:  # e.g. a system-wide install that this user may not change
        raise _fail(f"kan {out} niet schrijven: {exc.strerror}; draai het als de gebruiker "
                    "die Ambacht installeerde", f"cannot write {out}: {exc.strerror}; run it "
                    "as the user who installed Ambacht") from None
    return len(areas), len(set(areas.values()))


def cmd_update(args: argparse.Namespace, settings: Any) -> None:
    from tracker.services.visits import table_path

    out = Path(args.out) if args.out else Path(str(table_path()))
    areas, municipalities = update(Path(args.file), Path(args.names) if args.names else None,
                                   out, datetime.now(UTC))
    print(say(f"{out}: {areas} postcodegebieden in {municipalities} gemeenten; herstart "
              "`ambacht serve` om de nieuwe tabel te gebruiken",
              f"{out}: {areas} postcode areas in {municipalities} municipalities; restart "
              "`ambacht serve` to use the new table"))


def add_parsers(sub: Any) -> None:
    """Register `ambacht postcodes update` on `ambacht`'s subparsers."""
    postcodes = sub.add_parser("postcodes", help="the postcode-to-municipality table of "
                                                 "visitors' origin").add_subparsers(
        dest="postcodes_command", required=True, metavar="ACTION")
    s = postcodes.add_parser("update", help="make the table from the CBS file",
                             description=HELP,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("file", metavar="FILE",
                   help="the CBS zip, or its pc6hnrYYYYMMDD_gwb.csv (then with --names)")
    s.add_argument("--names", metavar="GEM_CSV",
                   help="gem_YYYY.csv: municipality codes and names (inside the zip already)")
    s.add_argument("--out", metavar="PATH",
                   help="where to write it (default: the table the tracker uses, "
                        "tracker/data/pc4-gemeente.csv)")
    s.set_defaults(fn=cmd_update)
