"""The language of the admin commands' answers: Dutch, or English with `--lang en` or
`AMBACHT_LANG=en` (their help is English either way)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

# Babel's locales: how each language writes numbers (0,6 or 0.6) and dates (2 mrt 2026).
LOCALES = {False: "nl_NL", True: "en_US"}
# No thousands separator: a figure an admin may type back into a command stays typeable.
NUMBER = "0.######"

_english = False


def choose(lang: str | None) -> None:
    """Set the language for this run (`nl` or `en`)."""
    global _english
    _english = lang == "en"


def say(nl: str, en: str) -> str:
    """The sentence in the language the admin chose."""
    return en if _english else nl


def number(value: float | Decimal) -> str:
    """A number as the admin's language writes it: 0,6 in Dutch, 0.6 in English."""
    return format_decimal(value, NUMBER, locale=LOCALES[_english])


def day(value: date | str) -> str:
    """A date (or an ISO date as events store it) in the admin's language: 2 mrt 2026,
    Mar 2, 2026."""
    when = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(when, "medium", locale=LOCALES[_english])
