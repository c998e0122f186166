"""Item photos: a row per photo in `photos`, the images as files in the photo folder.

A photo's files are `{id[:2]}/{id}.jpg` and `{id[:2]}/{id}.thumb.jpg` (a few hundred files
per folder even with a hundred thousand photos). Files are written before the row's commit
and never change afterwards: a file without a row (a failed commit) is harmless, a row
without its files cannot happen."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.store import tables as t

PHOTO_ID = re.compile(r"^[0-9a-f]{32}$")
FOLDER_MODE = 0o750  # the service user's photos: not for other local users to browse
# A kept file's name: the id, then `.jpg` (the resized copy) or `.thumb.jpg`.
FILE_NAME = re.compile(r"^(?P<id>[0-9a-f]{32})(?P<thumb>\.thumb)?\.jpg$")


@dataclass(frozen=True)
class PhotoRow:
    id: str
    item_code: str
    cycle: int
    width: int
    height: int
    bytes: int
    thumb_bytes: int
    taken_at: datetime


def relative(photo_id: str, thumb: bool = False) -> Path:
    """A photo file's place inside the photo folder."""
    return Path(photo_id[:2]) / f"{photo_id}{'.thumb' if thumb else ''}.jpg"


def write_file(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary name, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(folder: Path, photo_id: str, full: bytes, thumb: bytes) -> None:
    """Store a photo's two files (before its row is committed)."""
    write_file(folder / relative(photo_id), full)
    write_file(folder / relative(photo_id, thumb=True), thumb)


def add(conn: sa.Connection, row: PhotoRow, site: str, station: str) -> None:
    conn.execute(t.photos.insert().values(
        id=row.id, item_code=row.item_code, cycle=row.cycle, width=row.width,
        height=row.height, bytes=row.bytes, thumb_bytes=row.thumb_bytes,
        taken_at=row.taken_at, site_id=site, station=station))


def _row(r: Any) -> PhotoRow:
    return PhotoRow(r.id, r.item_code, r.cycle, r.width, r.height, r.bytes, r.thumb_bytes,
                    r.taken_at)


_P = t.photos.c
_OF_ITEM = (sa.select(t.photos).where(_P.item_code == sa.bindparam("code"))
            .order_by(_P.taken_at.desc(), _P.id))
_ONE = sa.select(t.photos).where(_P.id == sa.bindparam("id"))


def of_item(conn: sa.Connection, code: str) -> list[PhotoRow]:
    """An item's photos, newest first."""
    return [_row(r) for r in conn.execute(_OF_ITEM, {"code": code})]


def get(conn: sa.Connection, photo_id: str) -> PhotoRow | None:
    r = conn.execute(_ONE, {"id": photo_id}).first()
    return None if r is None else _row(r)


def newest_of(conn: sa.Connection, codes: Sequence[str]) -> dict[str, str]:
    """Each item's newest photo id, for the items that have one (all items when `codes` is
    empty)."""
    q = sa.select(_P.item_code, _P.id, _P.taken_at).order_by(_P.item_code, _P.taken_at, _P.id)
    if codes:
        q = q.where(_P.item_code.in_(list(codes)))
    out: dict[str, str] = {}
    for code, photo_id, _ in conn.execute(q):
        out[code] = photo_id  # ordered oldest first: the newest stays
    return out


def files(folder: Path) -> Iterator[tuple[Path, Path]]:
    """Every kept photo file: (its path, its place inside the folder)."""
    if not folder.is_dir():
        return
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or not re.fullmatch(r"[0-9a-f]{2}", sub.name):
            continue
        for path in sorted(sub.iterdir()):
            if FILE_NAME.match(path.name) and path.is_file():
                yield path, path.relative_to(folder)
