"""Sites and stations: who may do what, where. Tokens are shown once and stored hashed."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

import labels
import receipts.printers
from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.domain.presence import DEFAULT_CLOSES, parse_closes
from tracker.services.context import Actor
from tracker.store import repository as repo
from tracker.store import stations as stored

ROLES = ("intake", "repair", "till", "monitor", "admin", "presence")
TOKEN_BYTES = 32  # 256 bits: unguessable, so a fast hash (sha256) is enough to store it
# A known token is trusted this long without asking the database again, so a revoked token
# (`ambacht station revoke` runs in another process) is refused everywhere within this many
# seconds, and open live streams re-check their token as often. It saves a query on every
# scan at the till; one lookup per token per second costs nothing measurable there
# (`benchmarks tracker`), and a second is shorter than it takes to say "revoked".
TOKEN_CACHE_SECONDS = 1.0
# What `ambacht station revoke` promises: whole seconds, rounded up.
REVOKED_WITHIN_S = math.ceil(TOKEN_CACHE_SECONDS)
TOKEN_CACHE_MAX = 1000  # stations per centre are a few dozen; bounds memory against abuse
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
MAX_MUNICIPALITY_CHARS = 128  # the column's width; the longest Dutch municipality has 30
MAX_SITE_NAME_CHARS = 200  # the column's width


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_name(kind: str, kind_en: str, name: str) -> None:
    if not NAME.match(name):
        raise InvalidInput(f"{kind} '{name}': gebruik kleine letters, cijfers, '-', '_' of '.'",
                           "invalid_name",
                           en=f"{kind_en} '{name}': use lower-case letters, digits, '-', '_' "
                              "or '.'")


def add_site(conn: sa.Connection, site_id: str, municipality: str, name: str | None,
             now: datetime, closes: str | None = None) -> None:
    """A location of the centre (drop-off point, workshop, shop) in a municipality; `closes`
    (HH:MM): when a forgotten clock-out at its entrance closes (default 17:00)."""
    _check_name("locatie", "site", site_id)
    municipality = _short(municipality, MAX_MUNICIPALITY_CHARS, ("de gemeente", "the municipality"))
    if name is not None:
        name = _short(name, MAX_SITE_NAME_CHARS, ("de naam", "the name")) or None
    if not municipality:
        raise InvalidInput("vul de gemeente van de locatie in", "municipality_required",
                           en="enter the site's municipality")
    if closes is not None:
        closes = parse_closes(closes).strftime("%H:%M")
    if stored.get_site(conn, site_id):
        raise NotAllowed(f"locatie '{site_id}' bestaat al", "site_exists",
                         en=f"site '{site_id}' already exists")
    stored.add_site(conn, site_id, municipality, name, now, closes)


def _short(text: str, most: int, what: tuple[str, str]) -> str:
    """Text without spaces around it, at most `most` characters (what it holds is kept as
    typed: every page escapes it, and the CSV exports neutralise formulas)."""
    text = text.strip()
    if len(text) > most:
        raise InvalidInput(f"{what[0]} is hoogstens {most} tekens", "invalid_text",
                           en=f"{what[1]} is at most {most} characters")
    return text


def add_station(conn: sa.Connection, name: str, role: str, site_id: str, now: datetime,
                printer: str | None = None) -> str:
    """Create a station and return its bearer token (the only time it is ever visible)."""
    _check_name("station", "station", name)
    if printer is not None:
        _check_printer(printer)
    if role not in ROLES:
        raise InvalidInput(f"rol moet een van {', '.join(ROLES)} zijn", "invalid_role",
                           en=f"role must be one of {', '.join(ROLES)}")
    if not stored.get_site(conn, site_id):
        raise NotFound(f"locatie '{site_id}' bestaat niet (maak haar met 'ambacht site add')",
                       "site_not_found",
                       en=f"site '{site_id}' does not exist (make it with 'ambacht site add')")
    if stored.get_station(conn, name):
        raise NotAllowed(f"station '{name}' bestaat al", "station_exists",
                         en=f"station '{name}' already exists")
    token = f"amb_{secrets.token_urlsafe(TOKEN_BYTES)}"
    stored.add_station(conn, name, role, site_id, token_hash(token), now, printer)
    return token


def _check_printer(uri: str) -> None:
    try:
        labels.check_uri(uri)
    except labels.PrinterError as exc:
        raise InvalidInput(exc.nl, "invalid_printer", en=exc.en) from None


def set_printer(conn: sa.Connection, name: str, printer: str | None) -> None:
    """The label printer the station's "Label printen" goes to (None: the browser's dialog)."""
    if printer is not None:
        _check_printer(printer)
    _must_exist(conn, name)
    stored.set_printer(conn, name, printer)


def printer_of(conn: sa.Connection, name: str) -> str | None:
    """The station's label printer, or None (its pages use the browser's print dialog)."""
    found = stored.get_station(conn, name)
    return str(found["printer"]) if found and found["printer"] else None


def set_receipt_printer(conn: sa.Connection, name: str, printer: str | None) -> None:
    """The receipt printer a till's receipts go to (None: the browser prints the PDF)."""
    if printer is not None:
        try:
            receipts.printers.check_uri(printer)
        except labels.PrinterError as exc:
            raise InvalidInput(exc.nl, "invalid_printer", en=exc.en) from None
    _must_exist(conn, name)
    stored.set_receipt_printer(conn, name, printer)


def receipt_printer_of(conn: sa.Connection, name: str) -> str | None:
    """The station's receipt printer, or None."""
    found = stored.get_station(conn, name)
    return str(found["receipt_printer"]) if found and found["receipt_printer"] else None


def _must_exist(conn: sa.Connection, name: str) -> None:
    if not stored.get_station(conn, name):
        raise NotFound(f"station '{name}' bestaat niet", "station_not_found",
                       en=f"station '{name}' does not exist")


def revoke_station(conn: sa.Connection, name: str, now: datetime, by: str | None = None
                   ) -> None:
    """The station's token stops working: at once in new lookups, everywhere within
    REVOKED_WITHIN_S (servers trust a token they checked that long). `by`: the station asking,
    which may not revoke itself (the admin would lock the page out from under them)."""
    _must_exist(conn, name)
    if name == by:
        raise NotAllowed(f"station '{name}' is het station waarmee je nu werkt: trek het in "
                         "vanaf een ander beheerstation", "revoke_own_station",
                         en=f"station '{name}' is the station you are working on: revoke it "
                            "from another admin station")
    found = stored.get_station(conn, name)
    if found is not None and found["revoked_at"]:
        raise NotAllowed(f"station '{name}' is al ingetrokken", "station_revoked",
                         en=f"station '{name}' has already been revoked")
    stored.revoke(conn, name, now)


def authenticate(conn: sa.Connection, token: str) -> Actor | None:
    """The station behind a bearer token, or None if unknown or revoked."""
    digest = token_hash(token)
    row = stored.station_by_token_hash(conn, digest)
    # the lookup is by hash; the constant-time compare keeps timing from leaking a near match
    if row is None or not hmac.compare_digest(row["token_hash"], digest) or row["revoked_at"]:
        return None
    return Actor(station=row["name"], role=row["role"], site=row["site_id"])


def has_admin(conn: sa.Connection) -> bool:
    """Whether some admin station can still log in (else `serve` prints the first-run hint)."""
    return stored.has_admin(conn)


def site_exists(conn: sa.Connection, site_id: str) -> bool:
    """Whether the site was added."""
    return stored.get_site(conn, site_id) is not None


def recorded_by(conn: sa.Connection, prefix: str) -> bool:
    """Whether any station whose name starts with `prefix` recorded an event."""
    return repo.recorded_by_stations_named(conn, prefix)


def remove_named(conn: sa.Connection, prefix: str) -> None:
    """Drop the stations whose name starts with `prefix` (the demo remakes its own)."""
    stored.delete_named(conn, prefix)


def list_stations(conn: sa.Connection) -> list[sa.RowMapping]:
    """Every station, revoked ones too, by name."""
    return stored.all_stations(conn)


def list_sites(conn: sa.Connection) -> list[sa.Row[Any]]:
    """Every site (id, municipality, name), by id."""
    return stored.all_sites(conn)


class TokenCache:
    """Recently authenticated tokens (by hash) with a short lifetime; unknown ones never cached."""

    def __init__(self, ttl: float = TOKEN_CACHE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._seen: dict[str, tuple[Actor, float]] = {}

    def get(self, token: str) -> Actor | None:
        hit = self._seen.get(token_hash(token))
        if hit is None or hit[1] < self.clock():
            return None
        return hit[0]

    def put(self, token: str, actor: Actor) -> None:
        if len(self._seen) >= TOKEN_CACHE_MAX:
            self._seen.clear()
        self._seen[token_hash(token)] = (actor, self.clock() + self.ttl)


def station(conn: sa.Connection, name: str) -> sa.RowMapping:
    """One station (revoked or not), or 404."""
    _must_exist(conn, name)
    found = stored.get_station(conn, name)
    assert found is not None
    return found


def set_closes(conn: sa.Connection, site_id: str, closes: str) -> None:
    """When a forgotten clock-out at the site's entrance closes from now on (HH:MM)."""
    site(conn, site_id)
    stored.set_closes(conn, site_id, parse_closes(closes).strftime("%H:%M"))


def closes_text(row: Any) -> str:
    """A site row's closing time as HH:MM (the default when none was set)."""
    return str(row["closes"] or DEFAULT_CLOSES.strftime("%H:%M"))


def site(conn: sa.Connection, site_id: str) -> sa.RowMapping:
    """One site, or 404."""
    found = stored.get_site(conn, site_id)
    if found is None:
        raise NotFound(f"locatie '{site_id}' bestaat niet", "site_not_found",
                       en=f"site '{site_id}' does not exist")
    return found
