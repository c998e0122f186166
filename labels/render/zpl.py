"""ZPL II: a label for a Zebra printer, in the printer's own QR code and font."""

from __future__ import annotations

import math
from collections.abc import Callable

from labels.errors import LabelError
from labels.layout import Layout, Qr, Rule, Text
from labels.qr import ERROR_CORRECTION_LETTER

# Zebra heads come in 203, 300 and 600 dpi: 8, 12 and 24 dots per millimetre.
DOTS_PER_MM = {203: 8, 300: 12, 600: 24}
DEFAULT_DPI = 203
# ^BQ magnifies a module to 1..10 dots.
MAX_MAGNIFICATION = 10
# Field data characters that ZPL would read as commands or as its hex escape, sent
# instead as _XX under ^FH.
_ESCAPED = {ord(c): f"_{ord(c):02X}" for c in "^~_"}


def render_zpl(layout: Layout, dpi: int = DEFAULT_DPI) -> bytes:
    """One label as a ZPL II format: ^XA ... ^XZ, UTF-8 text (^CI28)."""
    if dpi not in DOTS_PER_MM:
        raise LabelError(f"no Zebra head has {dpi} dpi; use one of {sorted(DOTS_PER_MM)}")
    dots = DOTS_PER_MM[dpi]

    def d(v_mm: float) -> int:
        return round(v_mm * dots)

    commands = [
        "^XA",
        "^CI28",  # field data is UTF-8, so that é, ë and € print
        f"^PW{d(layout.size.width_mm)}",
        f"^LL{d(layout.size.height_mm)}",
        "^LH0,0",
    ]
    for element in layout.elements:
        if isinstance(element, Rule):
            b = element.box
            w, h = max(1, d(b.width)), max(1, d(b.height))
            commands.append(f"^FO{d(b.x)},{d(b.y)}^GB{w},{h},{min(w, h)},B,0^FS")
        elif isinstance(element, Qr):
            commands.append(_qr(element, dots))
        elif isinstance(element, Text):
            commands.append(_text(element, d))
    commands += ["^PQ1", "^XZ", ""]
    return "\n".join(commands).encode("utf-8")


def _qr(qr: Qr, dots: int) -> str:
    """^BQ in manual byte mode: the same version and mask as the layout's symbol.

    The magnification is rounded down, so the printed symbol never eats into its quiet
    zone; it is centred where the layout put the symbol.
    """
    magnification = max(1, min(MAX_MAGNIFICATION, math.floor(qr.module_mm * dots)))
    side = magnification * qr.code.size
    x = round((qr.box.x + qr.box.width / 2) * dots - side / 2)
    y = round((qr.box.y + qr.box.height / 2) * dots - side / 2)
    data = qr.code.data.encode("utf-8")
    return (f"^FO{x},{y}^BQN,2,{magnification},{ERROR_CORRECTION_LETTER},{qr.code.mask}"
            f"^FH^FD{ERROR_CORRECTION_LETTER}M,B{len(data):04d}{escape(qr.code.data)}^FS")


def _text(line: Text, d: Callable[[float], int]) -> str:
    """Font 0 (the scalable one every Zebra has) in a one-line field block over the room.

    The printer's font is not the one the layout measured; the field block keeps the line
    inside its room whatever the font's widths, and centres the item code.
    """
    room = line.room
    height = max(1, d(line.size_mm))
    justify = "C" if line.centred else "L"
    left = room.x if line.centred else line.box.x
    width = max(1, d(room.right - left))
    return (f"^FO{d(left)},{d(line.box.y)}^A0N,{height},{height}"
            f"^FB{width},1,0,{justify},0^FH^FD{escape(line.text, block=True)}^FS")


def escape(text: str, block: bool = False) -> str:
    """Field data with ZPL's command characters hex-escaped (for use after ^FH).

    In a field block (^FB) a backslash starts a line break (\\&) or soft hyphen, so there
    it is doubled, which ^FB reads as one backslash.
    """
    if block:
        text = text.replace("\\", "\\\\")
    return text.translate(_ESCAPED)
