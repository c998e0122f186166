"""PNG: a label as a greyscale picture, for screens and for printing from a browser."""

from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from labels.errors import LabelError
from labels.layout import Layout, Qr, Rule, Text
from labels.render import fonts

# Sharp on a phone or a zoomed-in screen, and when printed from a browser on paper.
DEFAULT_DPI = 300
# Below 72 dpi the text is a smudge; above 1200 a single label is a 10-megapixel picture.
MIN_DPI, MAX_DPI = 72, 1200
MM_PER_INCH = 25.4
# zlib level 1: as small as the default level for a mostly white picture of black runs,
# and several times faster to write.
COMPRESS_LEVEL = 1
MM_PER_METRE = 1000
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_WHITE, _BLACK = 255, 0
_MODULE_BYTES = bytes.maketrans(b"01", bytes((_WHITE, _BLACK)))


def render_png(layout: Layout, dpi: int = DEFAULT_DPI) -> bytes:
    """The label as a PNG at `dpi` pixels per inch."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise LabelError(f"PNG resolution {dpi} dpi: choose between {MIN_DPI} and {MAX_DPI}")
    scale = dpi / MM_PER_INCH
    size = (round(layout.size.width_mm * scale), round(layout.size.height_mm * scale))
    image = Image.new("L", size, _WHITE)
    draw = ImageDraw.Draw(image)
    for element in layout.elements:
        if isinstance(element, Text):
            _text(draw, element, scale)
        elif isinstance(element, Qr):
            _qr(image, element, scale)
        elif isinstance(element, Rule):
            box = element.box
            draw.rectangle((round(box.x * scale), round(box.y * scale),
                            round(box.right * scale) - 1, round(box.bottom * scale) - 1),
                           fill=_BLACK)
    return _png(image, dpi)


def _png(image: Image.Image, dpi: int) -> bytes:
    """An 8-bit greyscale PNG, rows unfiltered.

    Pillow's writer tries five filters on every row; on a label they gain nothing (the
    picture is white with black runs) and cost a third of the label's time, so the file
    is put together here: header, resolution, the zlib stream, end.
    """
    width, height = image.size
    pixels = image.tobytes()
    rows = b"".join([b"\0" + pixels[y * width:(y + 1) * width] for y in range(height)])
    per_metre = round(dpi / MM_PER_INCH * MM_PER_METRE)
    return b"".join((
        _SIGNATURE,
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(rows, COMPRESS_LEVEL)),
        _chunk(b"IEND", b""),
    ))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _qr(image: Image.Image, qr: Qr, scale: float) -> None:
    """Whole pixels per module (uneven modules trouble scanners), centred in the symbol box."""
    n = qr.code.size
    module_px = max(1, math.floor(qr.module_mm * scale))
    symbol = Image.frombytes("L", (n, n), "".join(qr.code.rows).encode().translate(_MODULE_BYTES))
    symbol = symbol.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)
    centre_x = (qr.box.x + qr.box.width / 2) * scale
    centre_y = (qr.box.y + qr.box.height / 2) * scale
    image.paste(symbol, (round(centre_x - n * module_px / 2), round(centre_y - n * module_px / 2)))


def _text(draw: ImageDraw.ImageDraw, line: Text, scale: float) -> None:
    """Draw at the baseline; shrink a hair if hinting made the line wider than its room."""
    px = line.size_mm * scale
    font = _font(line.bold, round(px, 2))
    room = (line.room.right - line.box.x) * scale
    while font.getlength(line.text) > room and px > 1:
        px *= 0.98
        font = _font(line.bold, round(px, 2))
    draw.text((line.box.x * scale, line.baseline_mm * scale), line.text, fill=_BLACK,
              font=font, anchor="ls")


@lru_cache(maxsize=256)
def _font(bold: bool, px: float) -> ImageFont.FreeTypeFont:
    # BASIC layout: advance by the fonts' own widths, as the layout measured them.
    return ImageFont.truetype(str(fonts.path(bold)), px, layout_engine=ImageFont.Layout.BASIC)
