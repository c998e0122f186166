"""Item photos (CONTRACT §13): check the item, keep the processed photo, list and find them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa

from tracker.domain import codes, items
from tracker.domain.errors import NotFound
from tracker.images import Photo
from tracker.services.context import Tx
from tracker.store import photos as stored
from tracker.store import repository as repo
from tracker.store.photos import PHOTO_ID, PhotoRow

__all__ = ["PhotoRow", "check_item", "file_of", "newest_of", "of_item", "photo_id", "record"]


def _item(conn: sa.Connection, code: str) -> items.Item:
    item = repo.get_item(conn, code)
    if item is None:
        raise NotFound(f"item {codes.display(code)} bestaat niet", "item_not_found",
                       en=f"item {codes.display(code)} does not exist")
    return item


def check_item(conn: sa.Connection, code: str) -> None:
    """An existing item still in the centre (before a photo of it is processed), else a clear
    404 or 409."""
    items.check_photographable(_item(conn, code))


def photo_id(new_id: str) -> str:
    """A photo's id (and file name) from the app's id source: 32 hex digits."""
    return new_id if PHOTO_ID.match(new_id) else hashlib.sha256(new_id.encode()).hexdigest()[:32]


def write_files(folder: Path, pid: str, photo: Photo) -> None:
    """The photo's files, before its row is committed."""
    stored.write_files(folder, pid, photo.full, photo.thumb)


def remove_files(folder: Path, pid: str) -> None:
    """A photo's files whose row was never committed."""
    for thumb in (False, True):
        (folder / stored.relative(pid, thumb)).unlink(missing_ok=True)


def record(tx: Tx, code: str, pid: str, photo: Photo) -> PhotoRow:
    """Keep a processed photo of an item (its files are already written): the item must still
    be in the centre."""
    item = tx.load(code, for_update=False)
    items.check_photographable(item)
    row = PhotoRow(pid, code, item.cycle, photo.width, photo.height, len(photo.full),
                   len(photo.thumb), tx.now)
    stored.add(tx.sql, row, tx.actor.site, tx.actor.station)
    return row


def of_item(conn: sa.Connection, code: str) -> list[PhotoRow]:
    """An existing item's photos, newest first (404 for an unknown item)."""
    _item(conn, code)
    return stored.of_item(conn, code)


def public_of_item(conn: sa.Connection, code: str) -> list[PhotoRow]:
    """An item's photos, newest first (none for an unknown item)."""
    return stored.of_item(conn, code)


def newest_of(conn: sa.Connection, codes_: list[str]) -> dict[str, str]:
    """Each item's newest photo id (every item with one when `codes_` is empty)."""
    return stored.newest_of(conn, codes_)


def file_of(folder: Path, name: str) -> Path | None:
    """The file behind a public photo name (`{id}.jpg`, `{id}.thumb.jpg`), or None for a name
    that is no photo's: nothing outside the folder can be named."""
    match = stored.FILE_NAME.match(name)
    if match is None:
        return None
    return folder / stored.relative(match["id"], thumb=match["thumb"] is not None)
