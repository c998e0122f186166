"""PNG: a label as a greyscale picture, for screens and for printing from a browser."""

from __future__ import annotations

import io
import math
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
# zlib level 1: nearly as small as the default 6 for a mostly white picture, and several
# times faster to write, which is what a page of labels waits for.
COMPRESS_LEVEL = 1
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
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), compress_level=COMPRESS_LEVEL)
    return out.getvalue()


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
