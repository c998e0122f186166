"""Item codes: 8 Crockford base32 symbols plus a mod-37 check symbol, shown `XXXX-XXXX-C`."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = SYMBOLS + "*~$=U"  # Crockford's five extra check symbols for values 32..36
DATA_LENGTH = 8
CODE_BITS = 5 * DATA_LENGTH
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_IGNORED = re.compile(r"[\s\-]+")
# A scanned label URL ends in /i/<code>; anything up to that is ignored.
_URL_CODE = re.compile(r"/i/([^/?#]+)/?(?:[?#].*)?$")


class InvalidCode(ValueError):
    """The text is not a well-formed item code (wrong length, symbols or check).

    `detail` is the Dutch sentence, `detail_en` the same in English."""

    def __init__(self, detail: str, *, en: str) -> None:
        super().__init__(detail)
        self.detail, self.detail_en = detail, en


def _value(data: str) -> int:
    n = 0
    for ch in data:
        n = n * 32 + SYMBOLS.index(ch)
    return n


def check_symbol(data: str) -> str:
    """The check symbol for 8 data symbols."""
    return CHECK_SYMBOLS[_value(data) % 37]


def new_code(randbits: Callable[[int], int] = secrets.randbits) -> str:
    """A fresh random code in canonical form (9 symbols, no hyphens)."""
    n = randbits(CODE_BITS)
    data = "".join(SYMBOLS[(n >> (5 * i)) & 31] for i in reversed(range(DATA_LENGTH)))
    return data + check_symbol(data)


def parse(text: str) -> str:
    """Canonical code from typed or scanned text (URL or code, any case, hyphens, I/L/O)."""
    text = text.strip()
    match = _URL_CODE.search(text)
    if match:
        text = match.group(1)
    canonical = _IGNORED.sub("", text).upper().translate(_ALIASES)
    if len(canonical) != DATA_LENGTH + 1:
        raise InvalidCode(f"een code heeft 9 tekens, '{text}' heeft er {len(canonical)}",
                          en=f"a code has 9 characters, '{text}' has {len(canonical)}")
    data, check = canonical[:DATA_LENGTH], canonical[DATA_LENGTH]
    if any(ch not in SYMBOLS for ch in data) or check not in CHECK_SYMBOLS:
        raise InvalidCode(f"'{text}' bevat tekens die niet in een code voorkomen",
                          en=f"'{text}' contains characters that do not occur in a code")
    if check_symbol(data) != check:
        raise InvalidCode(f"'{text}' is geen geldige code (controleteken klopt niet)",
                          en=f"'{text}' is not a valid code (the check character is wrong)")
    return canonical


def display(code: str) -> str:
    """`XXXX-XXXX-C` for a canonical code."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
