"""Item photos: taken at intake and at the repair bench, listed per item, served publicly."""

from __future__ import annotations

import hashlib
import os
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from tracker import images
from tracker.api.deps import AnyStation, Command, Svc, blocking, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.shop_schemas import PhotoOut
from tracker.domain import codes
from tracker.domain.errors import DomainError, NotFound
from tracker.services import photos
from tracker.services.context import Actor

router = APIRouter(tags=["photos"], responses=ERROR_RESPONSES)
# A photo file never changes (a new photo gets a new id): a browser or proxy keeps it a year.
PHOTO_CACHE = "public, max-age=31536000, immutable"
# The upload's multipart framing (boundaries, part headers) on top of the photo itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
UPLOAD_PATH = r"/api/items/[^/]+/photos"  # the one path that takes a large body
UPLOAD_MAX_BYTES = images.MAX_BYTES + MULTIPART_OVERHEAD_BYTES


def _check(svc: Svc, code: str) -> None:
    with svc.db.read() as conn:
        photos.check_item(conn, code)


@router.post("/api/items/{code}/photos", status_code=201, response_model=PhotoOut)
async def add_photo(code: str, file: Annotated[UploadFile, File(description="JPEG, PNG, WebP "
                                                                 "or HEIC, at most 15 MB")],
                    request: Request, svc: Svc,
                    actor: Annotated[Actor, require("intake", "repair")]) -> object:
    """A photo of an item still in the centre (multipart field `file`): kept resized (at most
    1600 px) with a thumbnail, every bit of metadata (EXIF, GPS) removed."""
    canonical = codes.parse(code)
    data = await file.read(images.MAX_BYTES + 1)
    # the form is parsed already (no raw body left): a replay is recognised by the photo
    fp = hashlib.sha256(b"POST" + request.url.path.encode() + b"\0" + data).hexdigest()
    cmd = Command(svc, request, actor, fp)
    await blocking(svc, _check, svc, canonical)  # 404 / 409 before the work
    photo = await svc.heavy.run(images.process, data)
    pid, folder = photos.photo_id(svc.new_id()), svc.settings.photos_path()
    await run_in_threadpool(photos.write_files, folder, pid, photo)
    try:
        answer = await cmd.run(None, lambda tx: PhotoOut.of(photos.record(
            tx, canonical, pid, photo)))
    except DomainError:
        await run_in_threadpool(photos.remove_files, folder, pid)
        raise
    if answer.headers.get("Idempotent-Replayed"):  # the first request kept its own files
        await run_in_threadpool(photos.remove_files, folder, pid)
    return answer


def _listed(svc: Svc, code: str) -> list[PhotoOut]:
    with svc.db.read() as conn:
        return [PhotoOut.of(row) for row in photos.of_item(conn, code)]


@router.get("/api/items/{code}/photos", response_model=list[PhotoOut])
async def list_photos(code: str, svc: Svc, _: AnyStation) -> list[PhotoOut]:
    """An item's photos, newest first."""
    return await blocking(svc, _listed, svc, codes.parse(code))


@router.get("/photos/{name}", response_class=FileResponse,
            responses={200: {"content": {"image/jpeg": {}}}, 304: {"description": "unchanged"},
                       404: {"description": "no such photo"}})
async def photo_file(name: str, request: Request, svc: Svc) -> Response:
    """A photo (`{id}.jpg`) or its thumbnail (`{id}.thumb.jpg`), public: the shop window and
    the item page show them. Cached for a year (a photo never changes), with an ETag."""
    path = photos.file_of(svc.settings.photos_path(), name)
    etag = f'"{name}"'  # the name is the content's identity: it never changes
    if path is not None and request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": PHOTO_CACHE})
    try:
        stat = os.stat(path) if path is not None else None
    except OSError:
        stat = None
    if path is None or stat is None:
        raise NotFound("deze foto bestaat niet", "photo_not_found",
                       en="this photo does not exist")
    return FileResponse(path, media_type="image/jpeg", stat_result=stat,
                        headers={"ETag": etag, "Cache-Control": PHOTO_CACHE,
                                 "X-Content-Type-Options": "nosniff"})
