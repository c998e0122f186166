"""`ambacht monitor`, `ambacht export ords|register` and `ambacht import ords`."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.cli_language import say
from tracker.domain.errors import DomainError
from tracker.domain.spreadsheet import SafeWriter
from tracker.settings import Settings

SHOWN_REJECTS = 20  # rejected rows listed on the terminal; --rejected FILE gets them all


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum (JJJJ-MM-DD)") from None


def _categories(conn: sa.Connection, settings: Settings) -> dict[str, Any]:
    """The categories as the running service has them (the admin's changes included), so the
    command gives the same CO2 figures as the API."""
    from tracker.services import categories

    return categories.current(conn, categories.base(settings.vat_rate, settings.vat_rates))


def open_db(settings: Settings, *, create: bool = True, figures: bool = False) -> Any:
    """The database, migrated; a command that only reads (`create=False`) does not make a new
    SQLite file where none is, but says where it looked. `figures`: current monitor figures."""
    from sqlalchemy.engine import make_url

    from tracker.services import monitor, rebuild
    from tracker.services.context import utc_now
    from tracker.store.database import Database

    url = make_url(settings.database_url)
    if not create and url.get_backend_name() == "sqlite" and url.database not in (
            None, "", ":memory:") and not Path(url.database).exists():
        raise DomainError(
            f"er is geen database in {Path(url.database).resolve()}: zet AMBACHT_DATABASE_URL "
            "op de database van het centrum (of begin er een met 'ambacht site add')",
            "no_database",
            en=f"there is no database at {Path(url.database).resolve()}: set "
               "AMBACHT_DATABASE_URL to the centre's database (or start one with 'ambacht site "
               "add')")
    db = Database(settings.database_url)
    db.migrate()
    if figures:
        with db.write() as conn:
            rebuild.ensure_items(conn, utc_now())
            monitor.ensure_figures(conn, utc_now())
    return db


def _db(settings: Settings) -> Any:
    return open_db(settings, create=False, figures=True)


def _write(text: str, out: str | None, what: str) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"kan {out} niet schrijven: {exc.strerror}",
                          en=f"cannot write {out}: {exc.strerror}") from None
    print(say(f"{what} geschreven naar {out}", f"{what} written to {out}"), file=sys.stderr)


def cmd_monitor(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.api.routers.monitor import csv_text
    from tracker.services import monitor
    from tracker.services.context import utc_now

    with _db(settings).read(snapshot=True) as conn:
        doc = monitor.document(conn, args.start, args.end, args.site, centre=settings.centre,
                               municipality=args.municipality,
                               categories=_categories(conn, settings), now=utc_now())
    text = csv_text(doc) if args.format == "csv" else json.dumps(doc, ensure_ascii=False,
                                                                 indent=2) + "\n"
    _write(text, args.out, "monitordocument")


def cmd_export_ords(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.domain import ords
    from tracker.domain.calendar import period
    from tracker.services import ords as ords_service

    if args.start and args.end:
        period(args.start, args.end)
    with _db(settings).read(snapshot=True) as conn:
        text = "".join(ords.write(ords_service.export_records(
            conn, args.start, args.end, centre=settings.centre,
            provider=settings.centre_name, categories=_categories(conn, settings))))
    _write(text, args.out, "ORDS-export")


def _pick_site(conn: sa.Connection, wanted: str | None) -> str:
    from tracker.services import stations

    sites = [row.id for row in stations.list_sites(conn)]
    if wanted is not None:
        if wanted not in sites:
            raise DomainError(f"locatie '{wanted}' bestaat niet",
                              en=f"site '{wanted}' does not exist")
        return wanted
    if len(sites) == 1:
        return str(sites[0])
    if not sites:
        raise DomainError("er is nog geen locatie: maak er een met 'ambacht site add'",
                          en="there is no site yet: make one with 'ambacht site add'")
    raise DomainError(f"kies een locatie met --site ({', '.join(sites)})",
                      en=f"choose a site with --site ({', '.join(sites)})")


def _progress(total: int) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A progress bar on the terminal (nothing when stderr is not one)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    bar = Progress("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeRemainingColumn(), console=console,
                   disable=not console.is_terminal)
    task = bar.add_task("importeren", total=total)
    bar.start()
    return (lambda n: bar.advance(task, n)), bar.stop


def cmd_import_ords(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.domain import ords
    from tracker.services import ords as ords_service
    from tracker.services.context import local_date, utc_now

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise DomainError(f"kan {args.file} niet lezen: {exc.strerror}",
                          en=f"cannot read {args.file}: {exc.strerror}") from None
    now = utc_now()
    records, rejected = ords.read(ords.decode(raw), local_date(now))  # refuses a bad file
    db = open_db(settings, figures=True)
    advance, stop = _progress(len(records))
    try:
        with db.write() as conn:  # one transaction: all of it, or (on any failure) nothing
            site = _pick_site(conn, args.site)
            report = ords_service.import_records(conn, records, site, now,
                                                 _categories(conn, settings),
                                                 advance)
    finally:
        stop()
    report.rejected = rejected
    print(say(f"{args.file}: {report.imported} reparaties geïmporteerd, "
              f"{report.already_present} waren er al, {len(rejected)} regels afgewezen",
              f"{args.file}: {report.imported} repairs imported, {report.already_present} were "
              f"there already, {len(rejected)} rows refused"))
    for r in rejected[:SHOWN_REJECTS]:
        print(f"  {say('regel', 'line')} {r.line}{f' ({r.id})' if r.id else ''}: {r.reason}",
              file=sys.stderr)
    if len(rejected) > SHOWN_REJECTS and not args.rejected:
        more = len(rejected) - SHOWN_REJECTS
        print(say(f"  ... en nog {more}; --rejected FILE schrijft ze allemaal weg",
                  f"  ... and {more} more; --rejected FILE writes them all"), file=sys.stderr)
    if args.rejected:
        buf = io.StringIO()
        out = SafeWriter(buf)  # ids and reasons quote the partner's file
        out.writerow(("line", "id", "reason"))
        out.writerows(rejected)
        _write(buf.getvalue(), args.rejected, "afgewezen regels")


def add_parsers(sub: Any) -> None:
    """Register the monitor, export and import commands on `ambacht`'s subparsers."""
    s = sub.add_parser("monitor", help="the monitor document (ambacht.monitor/v2) for a period")
    s.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE",
                   help="first local date, e.g. 2026-01-01")
    s.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE",
                   help="last local date, inclusive")
    s.add_argument("--format", choices=["json", "csv"], default="json")
    s.add_argument("--site", help="one site (default: the whole centre)")
    s.add_argument("--municipality", help="the sites of one municipality")
    s.add_argument("--out", help="write to FILE instead of standard output")
    s.set_defaults(fn=cmd_monitor)

    export = sub.add_parser("export", help="exports (ORDS)").add_subparsers(
        dest="export_command", required=True, metavar="WHAT")
    s = export.add_parser("ords", help="every repair in Open Repair Data Standard v0.3 (CSV)")
    s.add_argument("--from", dest="start", type=_date, metavar="DATE", help="first local date")
    s.add_argument("--to", dest="end", type=_date, metavar="DATE",
                   help="last local date, inclusive")
    s.add_argument("--out", help="write to FILE instead of standard output")
    s.set_defaults(fn=cmd_export_ords)

    imp = sub.add_parser("import", help="imports (ORDS)").add_subparsers(
        dest="import_command", required=True, metavar="WHAT")
    s = imp.add_parser("ords", help="own-use repairs from a Repair Café ORDS export",
                       description="Import an ORDS v0.3 CSV as own-use repairs, keyed by id: "
                                   "importing the same file twice adds nothing. A malformed "
                                   "file is refused whole; rows that cannot be taken are "
                                   "listed with their line and reason.")
    s.add_argument("file", help="the ORDS CSV file")
    s.add_argument("--site", help="the site to record them at (needed with several sites)")
    s.add_argument("--rejected", metavar="FILE", help="write every rejected row to FILE (CSV)")
    s.set_defaults(fn=cmd_import_ords)
