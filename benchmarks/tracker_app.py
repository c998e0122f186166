"""The tracker app plus a bare endpoint returning a constant: the in-process baseline."""

from __future__ import annotations

import os

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tracker.service import build_app
from tracker.settings import Settings


def app() -> FastAPI:
    """uvicorn --factory target."""
    application = build_app(Settings())

    @application.get("/bench/bare")
    async def bare() -> dict[str, str]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 8
        return {"status": "ok"}

    if folder := os.environ.get("AMBACHT_BENCH_STATIC"):  # a plain static file's baseline
        application.mount("/bench/static", StaticFiles(directory=folder), name="bench-static")
    return application
