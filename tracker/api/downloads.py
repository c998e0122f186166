"""Files for a person to download: a CSV response whose name survives any site or town name."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Response

# What a quoted filename in a header may hold: HTTP headers are Latin-1 (a town such as Łódź
# is not), and a quote, backslash or line break would end the header's value early.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(name: str) -> str:
    """A Content-Disposition value: a plain ASCII name, and the exact name per RFC 6266."""
    plain = _UNSAFE.sub("_", name).strip("_") or "download"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def csv_download(body: str, name: str) -> Response:
    """A CSV file with its name, in UTF-8."""
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": attachment(name)})
