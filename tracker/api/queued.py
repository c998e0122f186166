"""`Ambacht-Queued-At`: a station page's outbox sends it with what it kept while it could not
reach the server (CONTRACT §5), saying when the operator did it. At the till such a sale or
refund is never refused for want of an open day: it goes into the till's next one (§11)."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from tracker.domain.errors import InvalidInput

HEADER = "Ambacht-Queued-At"


def queued(request: Request) -> bool:
    """Whether the request comes from a page's outbox (with a readable time), else False; a
    time that is not one is a 422."""
    text = request.headers.get(HEADER)
    if text is None:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{HEADER} is geen tijdstip (zo: 2026-03-02T10:15:00Z)",
                           "invalid_queued_at",
                           en=f"{HEADER} is not a time (like this: 2026-03-02T10:15:00Z)"
                           ) from None
    return True
