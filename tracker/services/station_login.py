"""The link and QR code that log a tablet in as a new station (shown once on /beheer).

The token rides in the link's fragment (`/login#token=...`): a browser never sends the part
after `#` to a server, so the token lands in no access log, proxy log or Referer header;
the login page reads it, takes it out of the address bar and the history at once, and keeps
it on the device like a typed one."""

from __future__ import annotations

import base64

import qrcode
from qrcode.image.svg import SvgPathFillImage

LOGIN_PATH = "/login"
# M (15 % may be lost) is ample for a code shown on a clean screen; a lower level keeps the
# modules large enough for a tablet's front camera at arm's length.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QUIET_ZONE_MODULES = 4  # the white border the QR standard asks for


def url(base_url: str, token: str) -> str:
    """The link that logs a device in with this token."""
    return f"{base_url.rstrip('/')}{LOGIN_PATH}#token={token}"


def qr(text: str) -> str:
    """A QR code of `text` as an SVG data URI (an <img> shows it; the pages' CSP allows data:
    images)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE_MODULES,
                         image_factory=SvgPathFillImage)
    code.add_data(text)
    svg = code.make_image().to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
