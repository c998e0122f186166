"""Where the bundled label fonts are (the same ones `labels.metrics` measures)."""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSansCondensed.ttf"
BOLD = FONT_DIR / "DejaVuSansCondensed-Bold.ttf"


def path(bold: bool) -> Path:
    """The font file for regular or bold text."""
    return BOLD if bold else REGULAR
