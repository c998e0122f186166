"""`ambacht`: run the tracker and manage sites, stations, backups."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker import cli_feed, cli_goals, cli_language, cli_monitor, cli_postcodes, logs
from tracker.cli_language import say
from tracker.domain.errors import DomainError, InvalidInput
from tracker.settings import Settings

log = logging.getLogger("ambacht")
# Exit status for a mistake a restart cannot fix (ambacht.service: RestartPreventExitStatus),
# e.g. unsafe production settings or a database newer than the code (a rollback).
EXIT_CONFIGURATION = 2
LANGUAGE_VARIABLE = "AMBACHT_LANG"  # nl (default) or en: the language of the admin commands

FIRST_RUN_HINT = """\
Er is nog geen beheerstation. Maak er een (het token verschijnt maar één keer):
  ambacht site add hoofdlocatie --municipality "Gemeentenaam"
  ambacht station add beheer --role admin --site hoofdlocatie"""
FIRST_RUN_HINT_EN = """\
There is no admin station yet. Make one (its token is shown only once):
  ambacht site add main-site --municipality "Municipality"
  ambacht station add beheer --role admin --site main-site"""


def _db(settings: Settings) -> Any:
    """The database (created and migrated when it is not there yet)."""
    return cli_monitor.open_db(settings)


def _reading(settings: Settings) -> Any:
    """The database for a command that only reads: never a new empty one."""
    return cli_monitor.open_db(settings, create=False)


PRINTER_HELP = ("label printer: zpl://HOST[:9100] (a Zebra on the network), cups://QUEUE, "
                "file://PATH (e.g. file:///dev/usb/lp0)")

RECEIPT_PRINTER_HELP = ("receipt printer (ESC/POS): escpos://HOST[:9100], escpos-usb://VID:PID, "
                        "file://PATH; add ?columns=32 for 58 mm paper")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from tracker import production
    from tracker.service import build_app
    from tracker.services import stations
    from tracker.store import presence
    from tracker.store.backup import target
    from tracker.store.database import Database

    if settings.production:  # refuse before touching the database or the broker
        production.refuse(production.problems(settings))
    db = Database(presence.serving_url(settings.database_url))
    revision = db.migrate()
    held = presence.hold(settings.database_url)  # a restore sees us while this is open
    log.info("Ambacht %s on %s (schema %s), centre %s, labels point to %s", logs.release(),
             target(settings.database_url), revision, settings.centre, settings.base_url)
    with db.read() as conn:
        if not stations.has_admin(conn):
            print(say(FIRST_RUN_HINT, FIRST_RUN_HINT_EN), file=sys.stderr)
    app = build_app(settings, db)
    if settings.production:
        production.refuse(production.docs_problems(app))
    # log_config=None: uvicorn's lines go through our handler, with a time like all others
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", log_config=None)
    if held is not None:
        held.close()


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.demo import run

    run(args.port, Path(args.data), args.broker, args.scenario, args.fresh, args.national)


def cmd_site_add(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import stations
    from tracker.services.context import utc_now

    with _db(settings).write() as conn:
        stations.add_site(conn, args.id, args.municipality, args.name, utc_now(),
                          closes=args.closes)
    print(say(f"locatie '{args.id}' ({args.municipality}) aangemaakt",
              f"site '{args.id}' ({args.municipality}) added"))


def cmd_station_add(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import stations
    from tracker.services.context import utc_now

    with _db(settings).write() as conn:
        token = stations.add_station(conn, args.name, args.role, args.site, utc_now(),
                                     args.printer)
    print(token)
    print(say(f"station '{args.name}' ({args.role}, {args.site}): bewaar dit token, het wordt "
              "niet opnieuw getoond",
              f"station '{args.name}' ({args.role}, {args.site}): keep this token, it is not "
              "shown again"), file=sys.stderr)


def cmd_people_upkeep(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import upkeep
    from tracker.services.context import utc_now

    with _db(settings).write() as conn:
        done = upkeep.run(conn, utc_now(), settings.people_retention_days)
    print(say(f"{done.erased} alias(sen) gewist (bewaartermijn {settings.people_retention_days} "
              f"dagen), {done.closed} vergeten uitklokking(en) gesloten",
              f"{done.erased} alias(es) erased (retention {settings.people_retention_days} "
              f"days), {done.closed} forgotten clock-out(s) closed"))


def cmd_station_revoke(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import stations
    from tracker.services.context import utc_now

    with _db(settings).write() as conn:
        stations.revoke_station(conn, args.name, utc_now())
    print(say(f"station '{args.name}' ingetrokken: het token wordt binnen "
              f"{stations.REVOKED_WITHIN_S} s overal geweigerd, ook in open live-verbindingen",
              f"station '{args.name}' revoked: its token is refused everywhere within "
              f"{stations.REVOKED_WITHIN_S} s, open live streams included"))


def cmd_station_printer(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import stations

    with _db(settings).write() as conn:
        stations.set_printer(conn, args.name, args.uri)
    if args.uri:
        print(say(f"station '{args.name}' print labels op {args.uri}",
                  f"station '{args.name}' prints labels on {args.uri}"))
    else:
        print(say(f"station '{args.name}' print labels via het printvenster van de browser",
                  f"station '{args.name}' prints labels through the browser's print dialog"))


def cmd_station_receipt_printer(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import stations

    with _db(settings).write() as conn:
        stations.set_receipt_printer(conn, args.name, args.uri)
    if args.uri:
        print(say(f"station '{args.name}' print kassabonnen op {args.uri}",
                  f"station '{args.name}' prints receipts on {args.uri}"))
    else:
        print(say(f"station '{args.name}' heeft geen bonprinter: de bon is een PDF",
                  f"station '{args.name}' has no receipt printer: the receipt is a PDF"))


def cmd_station_list(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import stations

    with _reading(settings).read() as conn:
        for row in stations.list_stations(conn):
            status = "ingetrokken" if row["revoked_at"] else "actief"
            printers = " ".join(p for p in (row["printer"], row["receipt_printer"]) if p)
            print(f"{row['name']:20} {row['role']:8} {row['site_id']:16} {status:11} "
                  f"{printers}".rstrip())


def cmd_scale_add(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import scales
    from tracker.services.context import utc_now

    with _db(settings).write() as conn:
        before = scales.add_scale(conn, args.id, args.site, utc_now())
    moved = f" (stond op '{before}')" if before and before != args.site else ""
    print(f"weegschaal '{args.id}' hoort bij locatie '{args.site}'{moved}: alleen stations van "
          "die locatie gebruiken haar wegingen")


def cmd_scale_list(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import scales, weighings

    with _reading(settings).read() as conn:
        tied = scales.sites(conn)
        heard = set(weighings.heard_of(conn, [])[0])
    for scale_id in sorted(heard | set(tied)):
        print(f"{scale_id:24} {tied.get(scale_id, 'zonder locatie')}")


def cmd_rebuild(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services.context import utc_now
    from tracker.services.monitor import rebuild_figures
    from tracker.services.rebuild import rebuild

    with _db(settings).write() as conn:
        n = rebuild(conn)
        events = rebuild_figures(conn, utc_now())
    print(say(f"{n} items en de monitorcijfers opnieuw opgebouwd uit {events} gebeurtenissen",
              f"{n} items and the monitor figures rebuilt from {events} events"))


def cmd_dead_letters(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import weighings
    from tracker.services.context import LOCAL_ZONE

    with _reading(settings).read() as conn:
        rows = weighings.refused(conn, args.limit)
    if not rows:
        print(say("geen geweigerde MQTT-berichten", "no refused MQTT messages"))
    why, what = say("reden", "reason"), say("bericht", "message")
    for r in reversed(rows):  # oldest first, the newest ends up above the prompt
        payload = r.payload if len(r.payload) <= 80 else r.payload[:77] + "..."
        print(f"{r.received_at.astimezone(LOCAL_ZONE):%Y-%m-%d %H:%M:%S}  {r.topic}\n"
              f"    {why}: {r.reason}\n    {what}: {payload}")


def cmd_backup(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.store.backup import backup, target

    _reading(settings)
    file = Path(args.file).absolute()
    backup(settings.database_url, file, settings.photos_path())
    print(say(f"back-up van {target(settings.database_url)} geschreven naar {file}",
              f"backup of {target(settings.database_url)} written to {file}"))


def cmd_restore(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.store import presence
    from tracker.store.backup import restore, target

    url, file = settings.database_url, Path(args.file).absolute()
    into = target(url)
    users = presence.users(url)
    if users and not args.force:
        raise InvalidInput(
            f"{into} is in gebruik door {', '.join(users)}: stop die eerst (systemctl stop "
            "ambacht), of herstel in een proefdatabase (AMBACHT_DATABASE_URL, deploy/README.md); "
            "--force vervangt hem toch", en=f"{into} is in use by {', '.join(users)}: stop that "
            "first (systemctl stop ambacht), or restore into a scratch database "
            "(AMBACHT_DATABASE_URL, deploy/README.md); --force replaces it anyway")
    if users and sys.stdin.isatty():
        answer = input(say(f"{into} is in gebruik door {', '.join(users)}. Alles wat daar na de "
                           "back-up is vastgelegd gaat verloren. Vervangen? Typ ja: ",
                           f"{into} is in use by {', '.join(users)}. Everything recorded there "
                           "after the backup is lost. Replace it? Type yes: "))
        if answer.strip().lower() not in ("ja", "yes"):
            raise InvalidInput("niets hersteld", en="nothing restored")
    restore(url, file, settings.photos_path())
    _db(settings)  # a backup from an older version is migrated forward
    print(say(f"{into} hersteld uit {file}", f"{into} restored from {file}"))


def cmd_label(args: argparse.Namespace, settings: Settings) -> None:
    import labels
    from tracker.domain import codes
    from tracker.services import categories
    from tracker.services import items as lookup
    from tracker.services.labelling import label_for

    code = codes.parse(args.code)
    with _reading(settings).read() as conn:
        item = lookup.find(conn, code)
        known = categories.current(conn, categories.base(settings.vat_rate, settings.vat_rates))
    if item is None:
        raise DomainError(f"item {codes.display(code)} bestaat niet",
                          en=f"item {codes.display(code)} does not exist")
    fmt = args.format or ("zpl" if args.printer else "png")
    data = label_for(item, settings.base_url, settings.centre_name, known)
    try:
        body = labels.render(data, fmt)
        if args.printer:
            labels.print_label(body, args.printer)
            print(say(f"label {data.code} naar {args.printer} gestuurd",
                      f"label {data.code} sent to {args.printer}"))
            return
    except (labels.LabelError, labels.PrinterError) as exc:
        # LabelError is worded in English only; a PrinterError's text holds both languages
        raise DomainError(str(exc), en=str(exc)) from None
    out = Path(args.out or f"{data.code}.{fmt}")
    out.write_bytes(body)
    print(say(f"label {data.code} geschreven naar {out}",
              f"label {data.code} written to {out}"))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ambacht",
        description="Ambacht: follow every item from intake to sale and measure what the centre "
                    "achieves. Settings come from AMBACHT_* environment variables "
                    "(AMBACHT_DATABASE_URL, AMBACHT_MQTT_URL, AMBACHT_CENTRE, AMBACHT_BASE_URL). "
                    "Help is in English; the commands answer in Dutch, or in English with "
                    "--lang en.")
    p.add_argument("--version", action="version", version=f"ambacht {logs.release()}")
    p.add_argument("--lang", choices=["nl", "en"],
                   default=os.environ.get(LANGUAGE_VARIABLE, "nl"),
                   help=f"language of messages and errors (default nl, or {LANGUAGE_VARIABLE})")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("serve", help="start the tracker (HTTP API, station pages, MQTT ingest)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.set_defaults(fn=cmd_serve)

    s = sub.add_parser("demo", help="the whole system on this machine (broker, tracker, "
                                      "simulated scale read by the real gateway)")
    s.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
    s.add_argument("--data", default="ambacht-demo",
                   help="folder for the demo's database, broker and outbox "
                        "(default ./ambacht-demo)")
    s.add_argument("--broker", choices=["auto", "mosquitto", "embedded"], default="auto",
                   help="MQTT broker: Mosquitto when installed (auto), or an embedded one")
    s.add_argument("--scenario", action="store_true",
                   help="register eight weeks of history (once per database: a second start "
                        "keeps it) and keep items moving through every phase, so the "
                        "dashboard fills")
    s.add_argument("--fresh", action="store_true",
                   help="start over: delete the demo's database and outbox in the folder "
                        "first (it is kept between starts otherwise)")
    s.add_argument("--national", action="store_true",
                   help="also a national receiver (/national), fed by the demo centre's feed "
                        "and holding a year of six simulated centres")
    s.set_defaults(fn=cmd_demo)

    site = sub.add_parser("site", help="locations of the centre").add_subparsers(
        dest="site_command", required=True, metavar="ACTION")
    s = site.add_parser("add", help="add a site (drop-off point, workshop, shop)")
    s.add_argument("id", help="short id, e.g. milieustraat-noord")
    s.add_argument("--municipality", required=True, help="the municipality it is in")
    s.add_argument("--name", help="a readable name")
    s.add_argument("--closes", metavar="HH:MM", default="17:00",
                   help="closing time: a clock-out forgotten at /aanwezig closes then "
                        "(default 17:00)")
    s.set_defaults(fn=cmd_site_add)

    station = sub.add_parser("station", help="stations and their tokens").add_subparsers(
        dest="station_command", required=True, metavar="ACTION")
    s = station.add_parser("add", help="add a station; prints its token once")
    s.add_argument("name")
    s.add_argument("--role", required=True, choices=["intake", "repair", "till", "monitor",
                                                      "admin", "presence"])
    s.add_argument("--site", required=True, help="the site it stands at")
    s.add_argument("--printer", metavar="URI", help=PRINTER_HELP)
    s.set_defaults(fn=cmd_station_add)
    s = station.add_parser("printer", help="set or clear the label printer of a station",
                           description="Where the station's 'Label printen' goes. Without a "
                                       "printer the station page opens the browser's print "
                                       "dialog.")
    s.add_argument("name")
    s.add_argument("uri", nargs="?", metavar="URI", help=PRINTER_HELP + "; leave out to clear")
    s.set_defaults(fn=cmd_station_printer)
    s = station.add_parser("receipt-printer", help="set or clear the receipt printer of a till",
                           description="Where the till's 'Bon printen' goes (ESC/POS, needs "
                                       "pip install 'ambacht[printing]'). Without one the "
                                       "receipt is a PDF.")
    s.add_argument("name")
    s.add_argument("uri", nargs="?", metavar="URI",
                   help=RECEIPT_PRINTER_HELP + "; leave out to clear")
    s.set_defaults(fn=cmd_station_receipt_printer)
    s = station.add_parser("revoke", help="make a station's token stop working")
    s.add_argument("name")
    s.set_defaults(fn=cmd_station_revoke)
    s = station.add_parser("list", help="list stations")
    s.set_defaults(fn=cmd_station_list)

    scale = sub.add_parser("scale", help="scales and the site each stands at").add_subparsers(
        dest="scale_command", required=True, metavar="ACTION")
    s = scale.add_parser("add", help="tie a scale to a site: only that site's stations bind "
                                     "its weighings",
                         description="Tie a scale (the gateway's --scale-id) to a site. Then "
                                     "only stations of that site (and admin) bind its "
                                     "weighings; others get 403. A scale never added is bound "
                                     "by any intake station. Adding it again moves it.")
    s.add_argument("id", help="the scale id, as the gateway's --scale-id")
    s.add_argument("--site", required=True, help="the site it stands at")
    s.set_defaults(fn=cmd_scale_add)
    s = scale.add_parser("list", help="list scales heard of or added, with their site")
    s.set_defaults(fn=cmd_scale_list)

    s = sub.add_parser("label", help="make an item's QR label (file or printer)",
                       description="Render an item's label to a file, or send it to a printer: "
                                   "zpl://HOST[:9100] (Zebra, raw TCP), cups://QUEUE, "
                                   "file://PATH.")
    s.add_argument("code", help="the item code, e.g. 7K3M-Q9XD-4 (any case, hyphens optional)")
    s.add_argument("--format", choices=["png", "svg", "pdf", "zpl"],
                   help="default png for a file, zpl for a printer")
    where = s.add_mutually_exclusive_group()
    where.add_argument("--out", help="output file (default CODE.FORMAT here)")
    where.add_argument("--printer", metavar="URI", help=PRINTER_HELP)
    s.set_defaults(fn=cmd_label)

    cli_monitor.add_parsers(sub)
    cli_goals.add_parsers(sub)
    cli_postcodes.add_parsers(sub)
    cli_feed.add_parsers(sub)
    from national.cli import add_parsers as add_national  # the receiver's own package

    add_national(sub)

    s = sub.add_parser("rebuild", help="rebuild item states and monitor figures from the event "
                                       "log")
    s.set_defaults(fn=cmd_rebuild)
    s = sub.add_parser("dead-letters", help="MQTT messages the ingest refused, with the reason",
                       description="What a scale gateway sent that never became a weighing "
                                   "(malformed, or values no database holds), newest last. "
                                   "Also GET /api/dead-letters (admin).")
    s.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    s.set_defaults(fn=cmd_dead_letters)
    s = sub.add_parser("backup", help="write a consistent backup (SQLite file or pg_dump)")
    s.add_argument("file")
    s.set_defaults(fn=cmd_backup)
    people = sub.add_parser("people", help="people at work and learning (aliases only)"
                            ).add_subparsers(dest="people_command", required=True,
                                             metavar="ACTION")
    s = people.add_parser("upkeep", help="erase aliases past AMBACHT_PEOPLE_RETENTION_DAYS and "
                                         "close forgotten clock-outs now (the tracker also "
                                         "does this at start-up and every hour)")
    s.set_defaults(fn=cmd_people_upkeep)
    s = sub.add_parser("restore", help="replace the database (AMBACHT_DATABASE_URL) with a "
                                       "backup", description="Replace the database that "
                       "AMBACHT_DATABASE_URL names with a backup. Refused while a tracker uses "
                       "that database, unless --force.")
    s.add_argument("file")
    s.add_argument("--force", action="store_true",
                   help="replace it even while a tracker uses it (asks on a terminal)")
    s.set_defaults(fn=cmd_restore)
    return p


def main(argv: list[str] | None = None) -> None:
    """Entry point: one readable line and a non-zero exit for every expected failure."""
    from tracker.production import UnsafeForProduction
    from tracker.store.database import SchemaTooNew

    args = parser().parse_args(argv)
    cli_language.choose(args.lang)
    logs.configure()
    try:
        args.fn(args, Settings())
    except (UnsafeForProduction, SchemaTooNew) as exc:
        print(f"ambacht: {say(exc.detail, exc.detail_en or exc.detail)}", file=sys.stderr)
        sys.exit(EXIT_CONFIGURATION)
    except DomainError as exc:
        sys.exit(f"ambacht: {say(exc.detail, exc.detail_en or exc.detail)}")
    except sa.exc.OperationalError as exc:
        why = (str(exc.orig).strip().splitlines() or ["?"])[0]
        sys.exit(say(f"ambacht: database niet bereikbaar: {why}",
                     f"ambacht: database unreachable: {why}"))
    except sa.exc.ArgumentError as exc:
        sys.exit(say(f"ambacht: ongeldige AMBACHT_DATABASE_URL: {exc}",
                     f"ambacht: invalid AMBACHT_DATABASE_URL: {exc}"))
    except (EOFError, KeyboardInterrupt):
        sys.exit(130)
