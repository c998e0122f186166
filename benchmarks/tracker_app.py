"""The tracker app plus a bare endpoint returning a constant: the in-process baseline."""

from __future__ import annotations

import anyio.to_thread
from fastapi import FastAPI

from tracker.service import build_app
from tracker.settings import Settings


def app() -> FastAPI:
    """uvicorn --factory target."""
    application = build_app(Settings())

    @application.get("/bench/bare")
    async def bare() -> dict[str, str]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 8
        return {"status": "ok"}

    return application
