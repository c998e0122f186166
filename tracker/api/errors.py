"""Every error is `{"detail": "<sentence>", "code": "<machine code>"}`; bad input is never a 5xx.

The sentence is Dutch, or English for a client whose Accept-Language puts English first."""

from __future__ import annotations

import decimal
import logging
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

from tracker.api.language import prefers_english
from tracker.domain.codes import InvalidCode
from tracker.domain.errors import DomainError, Forbidden, InvalidInput, NotAllowed, NotFound
from tracker.images import NotAnImage, PhotoTooLarge

log = logging.getLogger("ambacht.api")

STATUS = {InvalidInput: 422, NotFound: 404, NotAllowed: 409, Forbidden: 403,
          NotAnImage: 415, PhotoTooLarge: 413}
# When the database cannot be reached: clients (the station pages' outboxes) try again after
# this long; a restarting PostgreSQL or a SQLite lock held by a backup is back within seconds.
RETRY_AFTER_S = 5
DATABASE_AWAY = ("de database is even niet bereikbaar; er is niets veranderd. Probeer het zo "
                 "opnieuw (een station bewaart de handeling en verstuurt die zelf opnieuw)")
DATABASE_AWAY_EN = ("the database cannot be reached for a moment; nothing has changed. Try again "
                    "shortly (a station keeps the action and sends it again by itself)")
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


class ErrorOut(BaseModel):
    detail: str
    code: str
    items: list[dict[str, str]] | None = None


class ApiError(Exception):
    """An HTTP error with our body shape (401, 403, 413...); `en` is `detail` in English."""

    def __init__(self, status: int, code: str, detail: str, *, en: str | None = None,
                 retry_after: int | None = None) -> None:
        self.status, self.code, self.detail, self.detail_en = status, code, detail, en
        self.retry_after = retry_after


def error_response(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    headers["Vary"] = "Accept-Language"  # the sentence follows the client's language
    return JSONResponse({"detail": detail, "code": code, **extra}, status, headers=headers)


def _say(request: Request, dutch: str, english: str | None) -> str:
    """The sentence in the client's language; Dutch when no English was given."""
    return english if english and prefers_english(request.headers.get("accept-language")) else dutch


def _items(request: Request, items: list[dict[str, str]]) -> list[dict[str, str]]:
    """A refusal's items with their sentence in the client's language (no "detail_en" key)."""
    said = []
    for item in items:
        shown = {k: v for k, v in item.items() if k != "detail_en"}
        if "detail" in item:
            shown["detail"] = _say(request, item["detail"], item.get("detail_en"))
        said.append(shown)
    return said


def domain_status(exc: DomainError) -> int:
    return next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)


# Pydantic words its checks in English only; the ones our request shapes can fail, in Dutch
# (placeholders are the check's own limits). Any other check keeps pydantic's words.
DUTCH_CHECKS = {
    "missing": "ontbreekt",
    "extra_forbidden": "is geen veld dat hier hoort",
    "string_type": "moet tekst zijn",
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn",
    "string_too_long": "mag hoogstens {max_length} tekens lang zijn",
    "string_pattern_mismatch": "mag alleen letters, cijfers, '-', '_' en '.' bevatten",
    "literal_error": "moet {expected} zijn",
    "enum": "moet {expected} zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "decimal_type": "moet een getal zijn",
    "decimal_parsing": "moet een getal zijn",
    "finite_number": "moet een eindig getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "too_short": "moet minstens {min_length} element(en) bevatten",
    "too_long": "mag hoogstens {max_length} elementen bevatten",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een object zijn",
    "dict_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "datetime_type": "moet een tijdstip zijn, zoals 2026-03-02T10:15:00+01:00",
    "datetime_parsing": "moet een tijdstip zijn, zoals 2026-03-02T10:15:00+01:00",
    "datetime_from_date_parsing": "moet een tijdstip zijn, zoals 2026-03-02T10:15:00+01:00",
    "json_invalid": "is geen leesbare JSON",
    "iso_text": "geef een datum als JJJJ-MM-DD (of tijd als 2026-03-02T10:15:00+01:00)",
    "date_out_of_range": "geef een datum tussen {earliest} en {latest}",
}


def _check(err: Any, english: bool) -> str:
    """One failed check in the client's language."""
    ctx = err.get("ctx") or {}
    if err["type"] == "value_error":  # our own validators speak for themselves
        return str(ctx.get("error") or err["msg"])
    template = None if english else DUTCH_CHECKS.get(err["type"])
    if template is None:
        return str(err["msg"])
    words = {k: str(v).replace(" or ", " of ") for k, v in ctx.items()}
    try:
        return template.format(**words)
    except (KeyError, IndexError):  # a limit pydantic did not name: its own words then
        return str(err["msg"])


def _validation_detail(request: Request, exc: RequestValidationError) -> str:
    english = prefers_english(request.headers.get("accept-language"))
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'body'}: {_check(err, english)}")
    return "; ".join(parts)


def _allowed(request: Request) -> str | None:
    """Every method some route takes on this path: Starlette's 405 names only the first
    route's, and a path may have a GET and a POST route (/api/targets, /api/activities)."""
    methods = [m for m in HTTP_METHODS if any(
        r.matches({**request.scope, "method": m})[0] == Match.FULL
        for r in request.app.router.routes)]
    return ", ".join(methods) or None


def install(app: FastAPI) -> None:
    """Register the handlers that give every error our shape."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        extra = ({"items": _items(request, exc.items)}
                 if isinstance(exc, NotAllowed) and exc.items else {})
        return error_response(domain_status(exc), exc.code,
                              _say(request, exc.detail, exc.detail_en), **extra)

    @app.exception_handler(InvalidCode)
    async def _code(request: Request, exc: InvalidCode) -> JSONResponse:
        return error_response(422, "invalid_code", _say(request, exc.detail, exc.detail_en))

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        response = error_response(exc.status, exc.code, _say(request, exc.detail, exc.detail_en))
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(sa.exc.OperationalError)  # refused, dropped, locked, disk gone
    @app.exception_handler(sa.exc.TimeoutError)  # no pooled connection came free in time
    async def _database_away(request: Request, exc: Exception) -> JSONResponse:
        # One line, no traceback: the cause is outside this program, and the transaction
        # rolled back. Whoever looks at the log needs the driver's own words.
        log.error("database unreachable during %s %s: %s", request.method, request.url.path,
                  str(getattr(exc, "orig", None) or exc).splitlines()[0])
        response = error_response(503, "database_unavailable",
                                  _say(request, DATABASE_AWAY, DATABASE_AWAY_EN))
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response

    @app.exception_handler(sa.exc.DataError)  # a value the database cannot take
    async def _unstorable(request: Request, exc: sa.exc.DataError) -> JSONResponse:
        # The checks before the database should have caught it; the log says which it was.
        log.warning("database refused a value during %s %s: %s", request.method,
                    request.url.path, str(exc.orig or exc).splitlines()[0])
        return error_response(422, "invalid_input", _say(
            request, "een waarde past niet in de database (een onzichtbaar teken, of te groot); "
                     "er is niets veranderd",
            "a value does not fit in the database (an invisible character, or too large); "
            "nothing has changed"))

    @app.exception_handler(ValueError)
    @app.exception_handler(OverflowError)
    @app.exception_handler(decimal.DecimalException)
    async def _unforeseen(request: Request, exc: Exception) -> JSONResponse:
        # The last resort behind the checks on every input type (api.schemas, domain.values):
        # these come from a value no check refused, which is a missing check, so the log keeps
        # the traceback. The transaction rolled back: the client learns nothing changed.
        log.error("no check refused the input of %s %s before it failed with %s",
                  request.method, request.url.path, type(exc).__name__, exc_info=exc)
        return error_response(422, "invalid_input", _say(
            request, "een waarde in dit verzoek kan niet verwerkt worden (buiten bereik?); er "
                     "is niets veranderd",
            "a value in this request cannot be processed (out of range?); nothing has changed"))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_input", _validation_detail(request, exc) or _say(
            request, "ongeldige invoer", "invalid input"))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400:  # an unreadable body is bad input like any other: 422
            return error_response(422, "invalid_input", _say(
                request, "de body is geen leesbare JSON", "the body is not readable JSON"))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        response = error_response(exc.status_code, code, str(exc.detail))
        response.headers.update(exc.headers or {})  # e.g. Allow on 405
        if exc.status_code == 405 and (allowed := _allowed(request)):
            response.headers["Allow"] = allowed
        return response


BUSY_RESPONSE: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorOut, "description": "busy with other large files; try again later"}}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorOut, "description": d} for s, d in {
        401: "no or unknown token", 403: "wrong role", 404: "unknown item",
        409: "not allowed in the current state", 413: "body too large",
        422: "invalid input", 503: "database unreachable; nothing changed, try again",
    }.items()
}
