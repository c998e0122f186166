"""The FastAPI application: routers, error shape, body limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from tracker.api import errors, upkeep
from tracker.api.deps import Services
from tracker.api.limits import BodySizeLimit
from tracker.api.routers import (
    activities,
    bench,
    catalogue,
    categories,
    demand,
    exports,
    goals,
    health,
    items,
    labels,
    monitor,
    outflows,
    people,
    photos,
    places,
    presence,
    questionnaire,
    receipts,
    report,
    sales,
    scales,
    station,
    stations,
    till_days,
    till_rules,
    visits,
    vouchers,
)
from tracker.web import install as install_pages


def create_app(svc: Services) -> FastAPI:
    """An app on the given services (database, settings, clock); starts and stops the ingest."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        svc.reload_categories()  # what the admin changed on /beheer
        if svc.ingest is not None:
            svc.ingest.start()
        if svc.feed is not None:
            svc.feed.start()
        housekeeping = asyncio.create_task(upkeep.loop(svc))
        try:
            yield
        finally:
            housekeeping.cancel()
            if svc.feed is not None:
                svc.feed.stop()
            if svc.ingest is not None:
                svc.ingest.stop()

    app = FastAPI(title="Ambacht tracker", version="1", docs_url=None, redoc_url=None,
                  openapi_url=None if svc.settings.production else "/openapi.json",
                  lifespan=lifespan)
    if not svc.settings.production:
        _serve_docs(app)
    app.state.services = svc
    errors.install(app)
    for module in (health, items, bench, sales, receipts, people, scales, labels, visits, monitor,
                   exports, station, goals, activities, outflows, till_rules, questionnaire,
                   report, vouchers, stations, categories, places, presence, photos,
                   demand, till_days, catalogue):
        app.include_router(module.router)
    install_pages(app)
    app.add_middleware(BodySizeLimit, max_bytes=svc.settings.max_body_bytes,
                       larger=[(photos.UPLOAD_PATH, photos.UPLOAD_MAX_BYTES)])
    return app


DOCS_STATIC = "/static/vendor/swagger-ui"  # vendored (tracker/web/static/vendor/README.md)


def _serve_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the tracker itself: a drop-off point's network often has no
    internet, and the CDN that FastAPI's default page loads it from is then out of reach."""

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Ambacht tracker — API",
            swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_STATIC}/favicon-32x32.png")
