"""The language of the admin commands' answers: Dutch, or English with `--lang en` or
`AMBACHT_LANG=en` (their help is English either way)."""

from __future__ import annotations

_english = False


def choose(lang: str | None) -> None:
    """Set the language for this run (`nl` or `en`)."""
    global _english
    _english = lang == "en"


def say(nl: str, en: str) -> str:
    """The sentence in the language the admin chose."""
    return en if _english else nl
