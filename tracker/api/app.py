"""The FastAPI application: routers, error shape, body limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from tracker.api import errors
from tracker.api.deps import Services
from tracker.api.limits import BodySizeLimit
from tracker.api.routers import (
    activities,
    bench,
    exports,
    goals,
    health,
    items,
    labels,
    monitor,
    people,
    sales,
    scales,
    station,
    visits,
)
from tracker.web import install as install_pages


def create_app(svc: Services) -> FastAPI:
    """An app on the given services (database, settings, clock); starts and stops the ingest."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if svc.ingest is not None:
            svc.ingest.start()
        if svc.feed is not None:
            svc.feed.start()
        try:
            yield
        finally:
            if svc.feed is not None:
                svc.feed.stop()
            if svc.ingest is not None:
                svc.ingest.stop()

    docs = None if svc.settings.production else "/docs"
    app = FastAPI(title="Ambacht tracker", version="1", docs_url=docs, redoc_url=None,
                  openapi_url=None if svc.settings.production else "/openapi.json",
                  lifespan=lifespan)
    app.state.services = svc
    errors.install(app)
    for module in (health, items, bench, sales, people, scales, labels, visits, monitor,
                   exports, station, goals, activities):
        app.include_router(module.router)
    install_pages(app)
    app.add_middleware(BodySizeLimit, max_bytes=svc.settings.max_body_bytes)
    return app
