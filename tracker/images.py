"""Item photos as they are kept (CONTRACT §13): decoded with Pillow, checked, turned upright,
resized and written again as plain JPEG, so nothing of the camera's metadata (EXIF, GPS, the
phone's make, XMP, ICC) survives. Bytes in, bytes out: no files, no database."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from tracker.domain.errors import DomainError, InvalidInput

# A phone photo is 3-8 MB; a 48-megapixel camera's JPEG or HEIC stays well under this.
MAX_BYTES = 15 * 1024 * 1024
# Above this many pixels an image is refused before it is decoded: a 200-megapixel camera
# mode is rare, while a few hundred bytes of PNG can claim billions of pixels (an image
# bomb) and take the server's memory. 50 MP covers the 48 and 50 MP phone cameras.
MAX_PIXELS = 50_000_000
FULL_EDGE = 1600  # px, the long side of the kept copy: sharp on a tablet, ~200-400 kB
THUMB_EDGE = 400  # px, the long side of a thumbnail: a shop-window tile on a 2x phone screen
JPEG_QUALITY = 82  # visually lossless for photos of things, a third of quality 95's size
THUMB_QUALITY = 75
# What a station's camera or gallery sends; anything else is refused unread.
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# ISO base media (HEIC/HEIF/AVIF) brands in the `ftyp` box of an iPhone's photo.
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


class NotAnImage(DomainError):
    """Not a photo this server can read (maps to 415)."""

    code = "not_an_image"


class PhotoTooLarge(DomainError):
    """Over MAX_BYTES (maps to 413)."""

    code = "photo_too_large"


@dataclass(frozen=True)
class Photo:
    """A photo as kept: the resized JPEG and its thumbnail, with the kept copy's size."""

    full: bytes
    thumb: bytes
    width: int
    height: int


def heic_supported() -> bool:
    """Whether the optional `pillow-heif` (the `heic` extra) is installed and registered."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _not_an_image() -> NotAnImage:
    return NotAnImage("dit is geen foto die we kunnen lezen: stuur een JPEG, PNG, WebP of HEIC",
                      en="this is not a photo we can read: send a JPEG, PNG, WebP or HEIC")


def _open(data: bytes) -> Image.Image:
    """The image, its header read and its size checked, before any pixel is decoded."""
    if len(data) > MAX_BYTES:
        raise PhotoTooLarge(f"de foto is groter dan {MAX_BYTES // (1024 * 1024)} MB",
                            en=f"the photo is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if _is_heif(data) and not heic_supported():
        raise NotAnImage(
            "HEIC-foto's (iPhone) kan deze server niet lezen: installeer ambacht[heic], of zet "
            "de camera op 'Meest compatibel' (JPEG)", "heic_not_supported",
            en="this server cannot read HEIC photos (iPhone): install ambacht[heic], or set "
               "the camera to 'Most Compatible' (JPEG)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.init()
            image = Image.open(io.BytesIO(data), formats=[f for f in FORMATS if f in Image.OPEN])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None  # Pillow's own guard, before ours
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _not_an_image() from None
    width, height = image.size
    if width * height > MAX_PIXELS or width <= 0 or height <= 0:
        raise _too_many_pixels(f" ({width} × {height})")
    return image


def _too_many_pixels(size: str = "") -> InvalidInput:
    return InvalidInput(
        f"de foto heeft te veel pixels{size}: hoogstens {MAX_PIXELS // 1_000_000} megapixel",
        "image_too_many_pixels",
        en=f"the photo has too many pixels{size}: at most {MAX_PIXELS // 1_000_000} megapixels")


def _jpeg(image: Image.Image, edge: int, quality: int) -> tuple[bytes, int, int]:
    small = image.copy()
    small.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    # a new image from the pixels alone: no info, EXIF, XMP or ICC can come along
    clean = Image.frombytes("RGB", small.size, small.tobytes())
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue(), clean.width, clean.height


def _upright_rgb(image: Image.Image) -> Image.Image:
    """Turned as the camera meant it (EXIF orientation), transparency on white, as RGB."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def process(data: bytes) -> Photo:
    """A photo as kept, from what a station uploaded; refused (415, 413, 422) when it is not
    a readable photo, too large, or claims too many pixels."""
    image = _open(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.draft("RGB", (FULL_EDGE, FULL_EDGE))  # JPEG: decode at a reduced scale
            upright = _upright_rgb(image)
            full, width, height = _jpeg(upright, FULL_EDGE, JPEG_QUALITY)
            thumb, _, _ = _jpeg(upright, THUMB_EDGE, THUMB_QUALITY)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise InvalidInput("de foto is beschadigd of onvolledig; maak hem opnieuw",
                           "image_damaged",
                           en="the photo is damaged or incomplete; take it again") from None
    return Photo(full, thumb, width, height)
