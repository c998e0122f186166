"""SVG: a label as a vector picture in millimetres, for screens."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from labels.layout import Layout, Qr, Rule, Text

# The bundled font first; the others are close enough, as every line also carries its
# measured length (textLength), so whatever font a viewer picks fills the same width.
FONT_FAMILY = "'DejaVu Sans Condensed', 'DejaVu Sans', 'Arial Narrow', Arial, sans-serif"


def render_svg(layout: Layout) -> bytes:
    """The label as a standalone SVG document (UTF-8)."""
    w, h = layout.size.width_mm, layout.size.height_mm
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:g}mm" height="{h:g}mm" '
        f'viewBox="0 0 {w:g} {h:g}">\n',
        f'<rect width="{w:g}" height="{h:g}" fill="#fff"/>\n',
    ]
    for element in layout.elements:
        if isinstance(element, Text):
            parts.append(_text(element))
        elif isinstance(element, Qr):
            parts.append(_qr(element))
        elif isinstance(element, Rule):
            b = element.box
            parts.append(f'<rect x="{b.x:.3f}" y="{b.y:.3f}" width="{b.width:.3f}" '
                         f'height="{b.height:.3f}" fill="#000"/>\n')
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")


def _qr(qr: Qr) -> str:
    """One path of dark runs in module units, scaled into place; crisp edges, no seams."""
    runs = "".join(f"M{c} {r}h{n}v1h-{n}z" for r, c, n in qr.code.dark_runs())
    return (f'<path transform="translate({qr.box.x:.4f} {qr.box.y:.4f}) '
            f'scale({qr.module_mm:.5f})" shape-rendering="crispEdges" fill="#000" '
            f'd="{runs}"/>\n')


def _text(line: Text) -> str:
    weight = ' font-weight="bold"' if line.bold else ""
    return (f'<text x="{line.box.x:.3f}" y="{line.baseline_mm:.3f}" '
            f'font-family={quoteattr(FONT_FAMILY)} font-size="{line.size_mm:.3f}"{weight} '
            f'textLength="{line.box.width:.3f}" lengthAdjust="spacingAndGlyphs" '
            f'xml:space="preserve">{escape(line.text)}</text>\n')
