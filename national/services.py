"""The receiver's use cases: centres and viewers, taking a document, the summary, the export."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from national import schemas
from national import store as stored
from national.domain import figures
from national.domain.documents import Header, Refused, check_sender, header
from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.services.stations import NAME, TOKEN_BYTES, token_hash

MAX_FIGURE = 1e9  # kg, euros or items per centre-month; more is no centre's month
MAX_FIGURES = 5000  # figures in one document (categories, barriers, partners...): bounded
MAX_PATH = 200  # characters in a figure's path (a category id, a partner id...)
TEXT_MAX = 200  # a centre's name, municipality or province


@dataclass(frozen=True)
class Received:
    """What became of a document: stored (201) or an older or equal revision (200)."""

    stored: bool
    header: Header
    revision: int  # the revision the receiver now holds for that centre-month

    def answer(self) -> dict[str, Any]:
        return {"centre": self.header.centre, "month": self.header.month,
                "revision": self.revision, "stored": self.stored,
                "complete": self.header.complete}


def _token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(TOKEN_BYTES)}"


def _text(what: str, what_en: str, value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > TEXT_MAX:
        raise InvalidInput(f"{what} is verplicht (hoogstens {TEXT_MAX} tekens)",
                           "invalid_text",
                           en=f"{what_en} is required (at most {TEXT_MAX} characters)")
    return value


def _check_name(kind: str, kind_en: str, name: str) -> None:
    if not NAME.match(name):
        raise InvalidInput(f"{kind} '{name}': gebruik kleine letters, cijfers, '-', '_' of '.'",
                           "invalid_name",
                           en=f"{kind_en} '{name}': use lower-case letters, digits, '-', '_' "
                              "or '.'")


def add_centre(conn: sa.Connection, centre_id: str, name: str, municipality: str,
               province: str, now: datetime) -> str:
    """Register a centre (its id as in its AMBACHT_CENTRE); returns its token, once."""
    _check_name("centrum", "centre", centre_id)
    values = (_text("naam", "name", name), _text("gemeente", "municipality", municipality),
              _text("provincie", "province", province))
    if stored.get_centre(conn, centre_id):
        raise NotAllowed(f"centrum '{centre_id}' bestaat al", "centre_exists",
                         en=f"centre '{centre_id}' already exists")
    token = _token("ambc")
    stored.add_centre(conn, centre_id, *values, token_hash(token), now)
    return token


def renew_token(conn: sa.Connection, centre_id: str) -> str:
    """A new token for a registered centre (its old one stops working); returns it, once."""
    if stored.get_centre(conn, centre_id) is None:
        raise NotFound(f"centrum '{centre_id}' is niet bekend bij deze ontvanger",
                       "unknown_centre",
                       en=f"centre '{centre_id}' is not known to this receiver")
    token = _token("ambc")
    stored.set_token(conn, centre_id, token_hash(token))
    return token


def add_viewer(conn: sa.Connection, name: str, now: datetime) -> str:
    """A token to read summary, export and dashboard when they are not public."""
    _check_name("kijker", "viewer", name)
    if stored.get_viewer(conn, name):
        raise NotAllowed(f"kijker '{name}' bestaat al", "viewer_exists",
                         en=f"viewer '{name}' already exists")
    token = _token("ambv")
    stored.add_viewer(conn, name, token_hash(token), now)
    return token


def centre_of(conn: sa.Connection, token: str) -> Any:
    """The centre whose token this is, or None."""
    return stored.centre_by_token(conn, token_hash(token))


def is_viewer(conn: sa.Connection, token: str) -> bool:
    return stored.viewer_by_token(conn, token_hash(token)) is not None


def centres(conn: sa.Connection) -> list[Any]:
    return stored.list_centres(conn)


def _check_sizes(flat: Mapping[str, int]) -> None:
    reasons = [f"{p}: at most {MAX_FIGURE:.0e} allowed" for p, v in flat.items()
               if abs(v) > MAX_FIGURE * figures.SCALE][:10]
    reasons += [f"{p[:40]}...: a key of at most {MAX_PATH} characters"
                for p in flat if len(p) > MAX_PATH][:10]
    if len(flat) > MAX_FIGURES:
        reasons.append(f"(document): at most {MAX_FIGURES} figures")
    if reasons:
        raise Refused(reasons)


def receive(conn: sa.Connection, centre_id: str, doc: Any, via: str,
            now: datetime) -> Received:
    """Take a centre's document: the sender first (403), then the schema (422); store it when
    its revision is higher than the one held, with the province's totals in the same
    transaction. An older or equal revision changes nothing (a resend is harmless)."""
    check_sender(doc, centre_id)
    head = header(schemas.validate(doc))
    flat = figures.flatten(doc)
    _check_sizes(flat)
    centre = stored.get_centre(conn, centre_id, lock=True)  # one writer per centre at a time
    if centre is None:
        raise NotFound(f"centrum '{centre_id}' is niet bekend bij deze ontvanger",
                       "unknown_centre",
                       en=f"centre '{centre_id}' is not known to this receiver")
    held = stored.get_report(conn, centre_id, head.month)
    if held is not None and held.revision >= head.revision:
        return Received(False, head, held.revision)
    before = stored.figures_of(held) if held is not None else {}
    stored.put_report(conn, {
        "centre_id": centre_id, "month": head.month, "revision": head.revision,
        "final": head.final, "to_date": head.to, "complete": head.complete,
        "schema": head.schema, "via": via,
        "received_at": now, "document": json.dumps(doc, ensure_ascii=False),
        "figures": json.dumps(flat), **stored.derived(flat, doc)}, replace=held is not None)
    deltas = {p: flat.get(p, 0) - before.get(p, 0) for p in flat.keys() | before.keys()}
    stored.add_totals(conn, head.month, centre.province, deltas)
    return Received(True, head, head.revision)
