"""Which language a client asks for (Accept-Language): English or, by default, Dutch. Pure."""

from __future__ import annotations

import re

# RFC 9110 qvalue: 0 to 1 with at most three decimals.
_QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")


def prefers_english(accept_language: str | None) -> bool:
    """True when the Accept-Language range with the highest q (the first of equals) is English.

    Dutch is the default: no header, a garbled one, or any other first choice."""
    best, best_q = "", 0.0
    for part in (accept_language or "").split(","):
        tag, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = float(value) if _QVALUE.fullmatch(value.strip()) else 0.0
        if tag and q > best_q:
            best, best_q = tag, q
    return best.split("-")[0].lower() == "en"
