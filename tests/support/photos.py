"""Photos as phones and tablets send them: with EXIF, GPS, an ICC profile, turned sideways."""

from __future__ import annotations

import io

from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE, MODEL = 0x010F, 0x0110


def phone_photo(width: int = 4000, height: int = 3000, fmt: str = "JPEG",
                sideways: bool = False) -> bytes:
    """A camera's photo with its metadata: make and model, GPS position, an ICC profile,
    and (sideways) the orientation tag a phone held upright writes."""
    image = Image.new("RGB", (width, height), (180, 90, 40))
    image.paste((20, 120, 200), (0, 0, width // 2, height // 3))  # a shape to see turned
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Apple", "iPhone 13 mini"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 5.0, 24.12), 3: "E", 4: (5.0, 7.0, 1.5)})
    if sideways:
        exif[ORIENTATION] = 6  # turn 90° clockwise to show
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener  # the `heic` extra, in the test extra

        register_heif_opener()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes(), icc_profile=icc, quality=90)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    """Whether an image file carries a GPS position."""
    return bool(Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD))
