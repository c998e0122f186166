"""`ambacht national ...`: run the national receiver, and register centres and viewers."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tracker.cli_language import say
from tracker.domain.errors import InvalidInput
from tracker.store.database import Database

log = logging.getLogger("ambacht.national")

DESCRIPTION = """\
The national receiver (CONTRACT §14): a second service, with its own database, that takes the
monthly monitor documents of many centres (POST /national/api/monitor with a centre's token,
or MQTT ambacht/+/monitor/+ over a bridge) and sums them: GET /national/api/summary,
/national/api/export.csv and the dashboard /national. Settings: AMBACHT_NATIONAL_DATABASE_URL
(default sqlite:///./national.db; postgresql+psycopg://... for real use),
AMBACHT_NATIONAL_PUBLIC (default true: summary, export and dashboard without a token),
AMBACHT_NATIONAL_MQTT_URL (default none: HTTP only)."""


def _now() -> datetime:
    return datetime.now(UTC)


def open_db() -> tuple[Any, Database]:
    """The settings and the receiver's database, created or upgraded."""
    from national import store
    from national.settings import NationalSettings

    settings = NationalSettings()
    try:
        db = Database(settings.database_url)
    except sa.exc.ArgumentError as exc:
        raise InvalidInput(f"ongeldige AMBACHT_NATIONAL_DATABASE_URL: {exc}",
                           en=f"invalid AMBACHT_NATIONAL_DATABASE_URL: {exc}") from None
    store.migrate(db)
    return settings, db


def cmd_serve(args: argparse.Namespace, _tracker_settings: Any) -> None:
    import uvicorn

    from national.api import build_app
    from national.ingest import FeedSubscriber

    settings, db = open_db()
    subscriber = None
    if settings.mqtt_url:
        subscriber = FeedSubscriber(db, settings.mqtt_url, settings.mqtt_client_id, _now)
        subscriber.start()
    log.info("national receiver on %s, %s", settings.database_url.split("@")[-1],
             "public" if settings.public else "viewer tokens required")
    app = build_app(settings, db, _now, subscriber.state if subscriber else None)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", log_config=None)
    finally:
        if subscriber is not None:
            subscriber.stop()


def cmd_centre_add(args: argparse.Namespace, _tracker_settings: Any) -> None:
    from national import services

    _settings, db = open_db()
    with db.write() as conn:
        token = services.add_centre(conn, args.id, args.name, args.municipality,
                                    args.province, _now())
    print(token)
    print(say(f"centrum '{args.id}' ({args.municipality}, {args.province}): bewaar dit token, "
              "het wordt niet opnieuw getoond. Zet het bij het centrum in "
              "AMBACHT_FEED_HTTP_TOKEN",
              f"centre '{args.id}' ({args.municipality}, {args.province}): keep this token, "
              "it is not shown again. Set it at the centre as AMBACHT_FEED_HTTP_TOKEN"),
          file=sys.stderr)


def cmd_centre_list(args: argparse.Namespace, _tracker_settings: Any) -> None:
    from national import services

    _settings, db = open_db()
    with db.read() as conn:
        for c in services.centres(conn):
            print(f"{c.id:24} {c.province:16} {c.municipality:24} {c.name}")


def cmd_viewer_add(args: argparse.Namespace, _tracker_settings: Any) -> None:
    from national import services

    _settings, db = open_db()
    with db.write() as conn:
        token = services.add_viewer(conn, args.name, _now())
    print(token)
    print(say(f"kijker '{args.name}': bewaar dit token, het wordt niet opnieuw getoond "
              "(nodig als AMBACHT_NATIONAL_PUBLIC=false)",
              f"viewer '{args.name}': keep this token, it is not shown again (needed when "
              "AMBACHT_NATIONAL_PUBLIC=false)"), file=sys.stderr)


def add_parsers(sub: Any) -> None:
    """`ambacht national` and its actions, under the tracker's command line."""
    national = sub.add_parser("national", help="the national receiver: many centres' monitor "
                                                "feeds, summed", description=DESCRIPTION)
    actions = national.add_subparsers(dest="national_command", required=True, metavar="ACTION")
    s = actions.add_parser("serve", help="start the receiver (HTTP, dashboard, MQTT feeds)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                                                       "127.0.0.1)")
    s.add_argument("--port", type=int, default=8100, help="port (default 8100)")
    s.set_defaults(fn=cmd_serve)

    centre = actions.add_parser("centre", help="centres that send their feed").add_subparsers(
        dest="centre_command", required=True, metavar="ACTION")
    s = centre.add_parser("add", help="register a centre; prints its token once",
                          description="Register a centre. Its id is the centre's "
                                      "AMBACHT_CENTRE (the 'centre' of its documents and its "
                                      "MQTT topics). The token goes into the centre's "
                                      "AMBACHT_FEED_HTTP_TOKEN.")
    s.add_argument("id", help="the centre's AMBACHT_CENTRE, e.g. utrecht-noord")
    s.add_argument("--name", required=True, help="its readable name")
    s.add_argument("--municipality", required=True, help="the municipality it is in")
    s.add_argument("--province", required=True, help="the province it is in")
    s.set_defaults(fn=cmd_centre_add)
    s = centre.add_parser("list", help="list the registered centres")
    s.set_defaults(fn=cmd_centre_list)

    viewer = actions.add_parser("viewer", help="tokens to read the summary when it is not "
                                                "public").add_subparsers(
        dest="viewer_command", required=True, metavar="ACTION")
    s = viewer.add_parser("add", help="make a viewer token; prints it once",
                          description="A token for summary, export and dashboard when "
                                      "AMBACHT_NATIONAL_PUBLIC=false (Authorization: Bearer).")
    s.add_argument("name")
    s.set_defaults(fn=cmd_viewer_add)
