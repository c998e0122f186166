"""The FastAPI application: routers, error shape, body limit."""

from __future__ import annotations

from fastapi import FastAPI

from tracker.api import errors
from tracker.api.deps import Services
from tracker.api.limits import BodySizeLimit
from tracker.api.routers import bench, health, items, people, sales


def create_app(svc: Services) -> FastAPI:
    """An app on the given services (database, settings, clock)."""
    docs = None if svc.settings.production else "/docs"
    app = FastAPI(title="Ambacht tracker", version="1", docs_url=docs, redoc_url=None,
                  openapi_url=None if svc.settings.production else "/openapi.json")
    app.state.services = svc
    errors.install(app)
    for module in (health, items, bench, sales, people):
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit, max_bytes=svc.settings.max_body_bytes)
    return app
