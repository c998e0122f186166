"""What can go wrong in the domain, each with a machine code and a message for the operator."""

from __future__ import annotations


class DomainError(Exception):
    """Base: `code` is for machines, `detail` is a Dutch sentence for the person at the station."""

    code = "error"

    def __init__(self, detail: str, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code


class InvalidInput(DomainError):
    """The request itself is wrong (maps to 422)."""

    code = "invalid_input"


class NotFound(DomainError):
    """No such thing (maps to 404)."""

    code = "not_found"


class NotAllowed(DomainError):
    """The request is well-formed but the current state does not allow it (maps to 409)."""

    code = "transition_not_allowed"

    def __init__(self, detail: str, code: str | None = None,
                 items: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail, code)
        self.items = items or []
