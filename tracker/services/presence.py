"""Clocking in and out at the entrance (`/aanwezig`, CONTRACT §12), and the sweep that closes
forgotten sessions at the site's closing time."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from tracker.domain import codes
from tracker.domain import presence as rules
from tracker.domain.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from tracker.services.context import Tx, local_date
from tracker.store import people as stored
from tracker.store import stations as stored_stations

BADGE_PATH = "/b/"  # a badge's QR holds {AMBACHT_BASE_URL}/b/{CODE}
_BADGE_URL = re.compile(r"/b/([^/?#]+)/?(?:[?#].*)?$")
# An offline tablet sends its queued scans when the network is back: a scan older than this
# is a tablet that stood unplugged for over a week, and its times are not trusted any more.
MAX_OFFLINE_AGE = timedelta(days=7)
CLOCK_SKEW = timedelta(minutes=5)  # a tablet's clock running this far ahead still counts as now


def badge_qr(base_url: str, code: str) -> str:
    """What a badge's QR holds."""
    return f"{base_url.rstrip('/')}{BADGE_PATH}{codes.display(code)}"


def parse_badge(text: str) -> str:
    """A badge code from scanned text (its URL or the code itself), or a clear 422."""
    match = _BADGE_URL.search(text.strip())
    return codes.parse(match.group(1) if match else text)


def closes_of(conn: sa.Connection, site: str) -> time:
    """A site's closing time (default 17:00)."""
    row = stored_stations.get_site(conn, site)
    text = row["closes"] if row is not None else None
    return rules.parse_closes(text) if text else rules.DEFAULT_CLOSES


def _person_of_badge(conn: sa.Connection, code: str) -> str:
    found = stored.badge(conn, code)
    if found is None:
        raise NotFound(f"onbekende badge {codes.display(code)}", "badge_not_found",
                       en=f"unknown badge {codes.display(code)}")
    person = stored.person(conn, found["person_id"])
    if person is None or person["alias"] is None:
        raise Forbidden("deze badge hoort bij iemand wiens gegevens zijn gewist",
                        "badge_erased", en="this badge belongs to someone whose data was erased")
    if found["revoked_at"] is not None:
        raise Forbidden("deze badge is vervangen door een nieuwe", "badge_revoked",
                        en="this badge has been replaced by a new one")
    return str(found["person_id"])


def scan(tx: Tx, badge: str, scanned_at: datetime | None = None) -> dict[str, Any]:
    """A badge scanned at the entrance: clock in, or out; a forgotten session is closed at
    the site's closing time first. `scanned_at`: when an offline tablet saw the scan."""
    code = parse_badge(badge)
    person = _person_of_badge(tx.sql, code)
    now = tx.now
    when = now if scanned_at is None else scanned_at
    if when.tzinfo is None:
        raise InvalidInput("geef het tijdstip met tijdzone", "invalid_time",
                           en="give the time with its time zone")
    if when > now + CLOCK_SKEW:
        raise InvalidInput("het tijdstip ligt in de toekomst", "at_in_future",
                           en="the time is in the future")
    when = min(when, now)
    if when < now - MAX_OFFLINE_AGE:
        raise InvalidInput("deze scan is meer dan een week oud", "scan_too_old",
                           en="this scan is more than a week old")
    day = local_date(when)
    if not any(r["start_date"] <= day and (r["end_date"] is None or r["end_date"] >= day)
               for r in stored.enrolment_rows(tx.sql, person)):
        raise NotAllowed("deze persoon is vandaag niet ingeschreven", "not_enrolled",
                         en="this person is not enrolled today")
    last = stored.last_moment(tx.sql, person)
    if last is not None and when < last:
        raise NotAllowed("er is al een latere scan van deze badge", "scan_out_of_order",
                         en="there is already a later scan of this badge")
    found = stored.open_session(tx.sql, person)
    open_id, open_session = found if found else (None, None)
    closes = closes_of(tx.sql, open_session.site if open_session else tx.actor.site)
    result = rules.scan(open_session, person, tx.actor.site, when, closes)
    if result.closed is not None and open_id is not None:
        stored.close_session(tx.sql, open_id, result.closed)
    if result.opened is not None:
        stored.add_session(tx.sql, result.opened)
    nl, en = rules.greeting(when)
    return {"action": "in" if result.clocked_in else "out",
            "greeting": nl if result.clocked_in else "Tot ziens",
            "greeting_en": en if result.clocked_in else "Goodbye",
            "at": when,
            "forgotten_closed": bool(result.closed and result.closed.forgotten)}


def badge_made(conn: sa.Connection, code: str) -> datetime:
    """When a badge was made (for its card), or 404."""
    found = stored.badge(conn, code)
    if found is None:
        raise NotFound(f"onbekende badge {codes.display(code)}", "badge_not_found",
                       en=f"unknown badge {codes.display(code)}")
    made: datetime = found["created_at"]
    return made


def close_forgotten(conn: sa.Connection, now: datetime) -> int:
    """Close every session left open past its closing time (flagged); how many."""
    closed = 0
    closes: dict[str, time] = {}
    for session_id, session in stored.open_sessions(conn):
        if session.site not in closes:
            closes[session.site] = closes_of(conn, session.site)
        if rules.is_forgotten(session, now, closes[session.site]):
            stored.close_session(conn, session_id,
                                 rules.close_forgotten(session, closes[session.site]))
            closed += 1
    return closed


def flagged(conn: sa.Connection) -> list[dict[str, Any]]:
    """Sessions closed at the closing time because nobody clocked out: for the coordinator."""
    rows = stored.session_rows(conn, forgotten=True)
    aliases = stored.aliases_of(conn, [r["person_id"] for r in rows])
    return [{"alias": aliases.get(r["person_id"]), "site": r["site_id"],
             "clock_in": r["clock_in"], "clock_out": r["clock_out"]} for r in rows]
