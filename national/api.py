"""The receiver's HTTP side: the centres' POST, the public summary, export and dashboard."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from national import services, summary
from national.domain.documents import Refused, parse_month
from national.settings import NationalSettings
from tracker.api import errors
from tracker.api.downloads import csv_download
from tracker.api.errors import ApiError
from tracker.api.language import prefers_english
from tracker.store.database import Database
from tracker.web.pages import CSP

WEB = Path(__file__).parent / "web"
TRACKER_STATIC = Path(__file__).resolve().parents[1] / "tracker" / "web" / "static"
PAGE_HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-cache",
                "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff"}
MONTHS_SHOWN = 12  # without a period: the last twelve closed months
From = Annotated[str | None, Query(alias="from", description="first month, YYYY-MM")]
To = Annotated[str | None, Query(alias="to", description="last month, YYYY-MM")]
_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB / "templates"),
                                autoescape=jinja2.select_autoescape(), trim_blocks=True,
                                lstrip_blocks=True)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _unauthorised(what: str, what_en: str) -> ApiError:
    return ApiError(401, "unauthorized", f"geen geldig {what}-token",
                    en=f"no valid {what_en} token")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is no number JSON knows")


def parse_body(body: bytes) -> Any:
    """JSON as a document carries it: no NaN or Infinity, no number beyond a float."""
    try:
        return json.loads(body, parse_float=_finite, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise Refused([f"(document): not readable JSON ({str(exc)[:80]})"]) from None


def _last_month() -> str:
    """The newest month a centre can have closed."""
    return _shifted(datetime.now(UTC).strftime("%Y-%m"), -1)


def _shifted(month: str, by: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def build_app(settings: NationalSettings, db: Database,
              clock: Callable[[], datetime] = lambda: datetime.now(UTC),
              health: Callable[[], dict[str, Any]] | None = None) -> FastAPI:
    """The receiver's app on a migrated database."""
    app = FastAPI(title="Ambacht national receiver", docs_url=None, redoc_url=None,
                  openapi_url=None)
    errors.install(app)

    def reader(request: Request) -> None:
        """Summary, export and dashboard data: public, or a viewer token."""
        if settings.public:
            return
        token = _bearer(request)
        with db.read() as conn:
            if token is None or not services.is_viewer(conn, token):
                raise _unauthorised("kijker", "viewer")

    Reader = Depends(reader)

    def period(first: str | None, last: str | None) -> tuple[str, str]:
        last = parse_month(last, "to", "to") if last else _last_month()
        first = parse_month(first, "from", "from") if first else _shifted(last, 1 - MONTHS_SHOWN)
        return first, last

    @app.get("/national/api/health")
    def get_health() -> dict[str, Any]:
        ok = db.reachable()
        return {"status": "ok" if ok else "degraded", "db": "ok" if ok else "unreachable",
                **(health() if health else {})}

    @app.post("/national/api/monitor", status_code=201, response_model=None)
    async def post_monitor(request: Request) -> Any:
        """A centre's monthly document: 201 stored, 200 an older or equal revision."""
        token = _bearer(request)
        with db.read() as conn:
            centre = services.centre_of(conn, token) if token else None
        if centre is None:
            raise _unauthorised("centrum", "centre")
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            raise ApiError(413, "too_large", "het document is te groot",
                           en="the document is too large")
        def store() -> services.Received:
            doc = parse_body(body)
            with db.write() as conn:  # on a worker thread: the fsync stays off the loop
                return services.receive(conn, centre.id, doc, "http", clock())

        try:
            got = await run_in_threadpool(store)
        except Refused as exc:
            english = prefers_english(request.headers.get("accept-language"))
            return JSONResponse({"detail": exc.detail_en if english else exc.detail,
                                 "code": exc.code, "reasons": exc.reasons}, 422)
        return JSONResponse(got.answer(), 201 if got.stored else 200)

    @app.get("/national/api/summary", dependencies=[Reader])
    def get_summary(start: From = None, end: To = None,
                    province: str | None = None, municipality: str | None = None,
                    per: str | None = None) -> dict[str, Any]:
        """Sums over centres and months; ratios recomputed; the centre-months missing."""
        first, last = period(start, end)
        with db.read(snapshot=True) as conn:
            return summary.summary(conn, first, last, province or None, municipality or None,
                                   per or None)

    @app.get("/national/api/centres", dependencies=[Reader])
    def get_centres(start: From = None, end: To = None) -> list[dict[str, Any]]:
        """Every centre with its last report in the period and its key figures."""
        first, last = period(start, end)
        with db.read(snapshot=True) as conn:
            return summary.centre_table(conn, first, last)

    @app.get("/national/api/export.csv", dependencies=[Reader], response_class=Response)
    def get_export(start: From = None, end: To = None, province: str | None = None,
                   municipality: str | None = None) -> Response:
        """One row per centre and month (columns: docs/README.md)."""
        first = parse_month(start, "from", "from") if start else None
        last = parse_month(end, "to", "to") if end else None
        with db.read(snapshot=True) as conn:
            body = summary.export_csv(conn, first, last, province or None, municipality or None)
        return csv_download(body, f"ambacht-landelijk-{first or 'begin'}-{last or 'nu'}.csv")

    @app.get("/national", response_class=HTMLResponse)
    def dashboard() -> HTMLResponse:
        page = _templates.get_template("national.html").render(public=settings.public)
        return HTMLResponse(page, headers=PAGE_HEADERS)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/national", status_code=307)

    app.mount("/national/static/tracker", StaticFiles(directory=TRACKER_STATIC))
    app.mount("/national/static", StaticFiles(directory=WEB / "static"))
    return app
