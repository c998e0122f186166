"""Station pages (intake, repair bench, till, dashboard), login, the public item page and the
shop window."""

from fastapi import FastAPI

from tracker.web import pages, winkel


def install(app: FastAPI) -> None:
    """Mount the pages, the shop window and their static files on the app."""
    app.include_router(winkel.router)
    pages.install(app)


__all__ = ["install"]
