"""What can go wrong in the domain, each with a machine code and a message for the operator."""

from __future__ import annotations


class DomainError(Exception):
    """Base: `code` is for machines, `detail` is a Dutch sentence for the person at the station.

    `detail_en` says the same in English for a station set to English (None: Dutch only)."""

    code = "error"

    def __init__(self, detail: str, code: str | None = None, *, en: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_en = en
        if code:
            self.code = code


class InvalidInput(DomainError):
    """The request itself is wrong (maps to 422)."""

    code = "invalid_input"


class NotFound(DomainError):
    """No such thing (maps to 404)."""

    code = "not_found"


class Forbidden(DomainError):
    """This station may not do this, though its role may elsewhere (maps to 403): another
    site's scale, a correction after the intake desk's 24 hours."""

    code = "forbidden"


class NotAllowed(DomainError):
    """The request is well-formed but the current state does not allow it (maps to 409).

    Each of `items` may carry a Dutch "detail" and its English "detail_en"."""

    code = "transition_not_allowed"

    def __init__(self, detail: str, code: str | None = None,
                 items: list[dict[str, str]] | None = None, *, en: str | None = None) -> None:
        super().__init__(detail, code, en=en)
        self.items = items or []
