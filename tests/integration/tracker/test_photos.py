"""Item photos (CONTRACT §13): kept resized with a thumbnail and without any metadata, refused
clearly when they are not photos, too large or bombs, served fast, kept by backup/restore."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.support.photos import has_gps, phone_photo
from tests.support.tracker import FakeClock, Tracker, make_tracker
from tracker import images


@pytest.fixture
def shop(db_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Tracker]:
    yield from make_tracker(db_url, clock, photos_dir=str(tmp_path / "photos"))


def upload(t: Tracker, code: str, data: bytes, name: str = "foto.jpg", role: str = "repair",
           mime: str = "image/jpeg", **kw):
    return t.post(role, f"/api/items/{code}/photos", files={"file": (name, data, mime)}, **kw)


def folder(t: Tracker) -> Path:
    return t.svc.settings.photos_path()


def kept_files(t: Tracker) -> list[Path]:
    return sorted(p for p in folder(t).rglob("*") if p.is_file()) if folder(t).exists() else []


def stored(t: Tracker, url: str) -> bytes:
    """A kept file read back from the disk (not through the server)."""
    return (folder(t) / url.removeprefix("/photos/")[:2] / url.removeprefix("/photos/")
            ).read_bytes()


def test_a_phone_photo_is_kept_resized_without_gps_or_any_metadata(shop: Tracker) -> None:
    code = shop.intake()
    sent = phone_photo(4000, 3000, sideways=True)
    assert has_gps(sent) and b"Apple" in sent  # what a phone sends
    r = upload(shop, code, sent, role="intake")
    assert r.status_code == 201, r.text
    photo = r.json()
    full, thumb = stored(shop, photo["url"]), stored(shop, photo["thumb_url"])
    for data in (full, thumb):
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert not image.getexif() and not has_gps(data)
        assert not {"exif", "icc_profile", "xmp", "photoshop"} & set(image.info)
        assert b"Apple" not in data and b"iPhone" not in data and b"Exif" not in data
    # turned upright as the phone meant it (3000 wide, 4000 high), long side 1600
    assert Image.open(io.BytesIO(full)).size == (1200, 1600) == (photo["width"], photo["height"])
    assert max(Image.open(io.BytesIO(thumb)).size) == images.THUMB_EDGE
    assert photo["bytes"] == len(full)
    listed = shop.get("till", f"/api/items/{code}/photos").json()
    assert [p["id"] for p in listed] == [photo["id"]]


def test_png_webp_and_heic_are_taken_and_several_per_item(shop: Tracker, clock) -> None:
    code = shop.ready()
    transparent = io.BytesIO()
    Image.new("RGBA", (800, 500), (0, 0, 0, 0)).save(transparent, "PNG")
    sent = [("a.png", transparent.getvalue(), "image/png"),
            ("b.webp", phone_photo(1200, 900, "WEBP"), "image/webp"),
            ("c.heic", phone_photo(1000, 750, "HEIF"), "image/heic")]
    ids = []
    for name, data, mime in sent:
        clock.advance(minutes=1)
        r = upload(shop, code, data, name, mime=mime)
        assert r.status_code == 201, (name, r.text)
        assert not has_gps(stored(shop, r.json()["url"]))
        ids.append(r.json()["id"])
    # transparency comes out white, not black
    png = Image.open(io.BytesIO(stored(shop, f"/photos/{ids[0]}.jpg")))
    assert min(png.getpixel((10, 10))) > 240
    listed = shop.get("repair", f"/api/items/{code}/photos").json()
    assert [p["id"] for p in listed] == ids[::-1]  # newest first


def test_heic_without_pillow_heif_is_a_clear_415(shop, monkeypatch) -> None:
    monkeypatch.setattr(images, "heic_supported", lambda: False)
    r = upload(shop, shop.intake(), phone_photo(800, 600, "HEIF"), "c.heic", mime="image/heic")
    assert r.status_code == 415 and r.json()["code"] == "heic_not_supported"
    assert "HEIC" in r.json()["detail"] and not kept_files(shop)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size, with one tiny compressed row of zeroes (a bomb's shape)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("data", "status", "error"), [
    (b"Dit is een boodschappenlijstje, geen foto.\n" * 50, 415, "not_an_image"),
    (b"\xff\xd8\xff\xe0" + b"\0JFIF" + bytes(range(256)) * 40, 415, "not_an_image"),
    (phone_photo(1600, 1200)[:5000], 422, "image_damaged"),
    (_png_header(100_000, 100_000), 422, "image_too_many_pixels"),  # Pillow's own bomb guard
    (_png_header(8000, 7000), 422, "image_too_many_pixels"),  # 56 MP: over ours only
], ids=["text", "fake-jpeg", "truncated", "bomb", "too-many-pixels"])
def test_what_is_not_a_photo_is_refused_in_dutch_and_nothing_is_kept(
        shop, data, status, error) -> None:
    code = shop.intake()
    r = upload(shop, code, data)
    assert r.status_code == status, r.text
    assert r.json()["code"] == error and r.json()["detail"]
    english = upload(shop, code, data, headers={"Accept-Language": "en"})
    assert english.json()["detail"] != r.json()["detail"]
    assert not kept_files(shop) and shop.get("repair", f"/api/items/{code}/photos").json() == []


def test_over_15_mb_is_refused_before_it_is_read(shop) -> None:
    code = shop.intake()
    r = upload(shop, code, b"\xff\xd8" + bytes(images.MAX_BYTES))
    assert r.status_code == 413, r.text
    assert not kept_files(shop)
    # a photo just under the limit passes the body limit (the upload path takes 15 MB)
    noisy = Image.effect_noise((2750, 2750), 120).convert("RGB")
    big = io.BytesIO()
    noisy.save(big, "PNG")
    assert images.MAX_BYTES - 1_000_000 < len(big.getvalue()) < images.MAX_BYTES
    assert upload(shop, code, big.getvalue(), "n.png", mime="image/png").status_code == 201


def test_no_photo_of_what_is_sold_gone_or_unknown(shop) -> None:
    sold = shop.ready()
    assert shop.post("till", "/api/sales", {"items": [sold], "payment": "cash"}).status_code == 201
    r = upload(shop, sold, phone_photo(800, 600))
    assert r.status_code == 409 and r.json()["code"] == "not_in_stock"
    gone = shop.intake()
    shop.post("repair", f"/api/items/{gone}/inspect", {"outcome": "unusable", "stream": "recycle"})
    assert upload(shop, gone, phone_photo(800, 600)).status_code == 409
    assert upload(shop, "0000-0000-0", phone_photo(800, 600)).status_code == 404
    assert upload(shop, shop.intake(), phone_photo(800, 600), role="till").status_code == 403
    assert not kept_files(shop)


def test_files_are_served_cached_with_an_etag(shop) -> None:
    code = shop.intake()
    photo = upload(shop, code, phone_photo(2000, 1500)).json()
    r = shop.client.get(photo["thumb_url"])  # public: no token
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    assert r.content == stored(shop, photo["thumb_url"])
    assert "immutable" in r.headers["cache-control"]
    again = shop.client.get(photo["thumb_url"], headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and not again.content
    for bad in ("../../etc/passwd", "abc.jpg", f"{photo['id']}.png", "%2e%2e%2fx.jpg",
                "0" * 32 + ".jpg"):
        assert shop.client.get(f"/photos/{bad}").status_code == 404, bad


def test_a_repeated_upload_with_the_same_key_keeps_one_photo(shop) -> None:
    code, data = shop.intake(), phone_photo(900, 600)
    first = upload(shop, code, data, headers={"Idempotency-Key": "foto-1"})
    second = upload(shop, code, data, headers={"Idempotency-Key": "foto-1"})
    assert first.json() == second.json()
    assert len(shop.get("repair", f"/api/items/{code}/photos").json()) == 1
    assert len(kept_files(shop)) == 2  # the photo and its thumbnail, once


def test_backup_and_restore_keep_the_photos(shop, tmp_path) -> None:
    code = shop.intake()
    photo = upload(shop, code, phone_photo(1000, 800)).json()
    before = {p.relative_to(folder(shop)): p.read_bytes() for p in kept_files(shop)}
    env = {"AMBACHT_DATABASE_URL": shop.db.url, "PATH": "/usr/bin:/bin",
           "AMBACHT_PHOTOS_DIR": str(folder(shop))}
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tracker", *args], env=env,
                              capture_output=True, text=True)
    saved = tmp_path / "ambacht.backup"
    assert run("backup", str(saved)).returncode == 0
    assert saved.stat().st_mode & 0o777 == 0o600
    for path in kept_files(shop):  # the disk with the photos is lost...
        path.unlink()
    later = shop.intake()  # ...and work after the backup is gone after the restore
    done = run("restore", "--force", str(saved))
    assert done.returncode == 0, done.stderr
    assert {p.relative_to(folder(shop)): p.read_bytes() for p in kept_files(shop)} == before
    assert shop.get("repair", f"/api/items/{code}/photos").json()[0]["id"] == photo["id"]
    assert shop.get("repair", f"/api/items/{later}").status_code == 404
