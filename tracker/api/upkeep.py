"""Runs the people's upkeep (`services.upkeep`) in the background of `ambacht serve`."""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from tracker.api.deps import Services
from tracker.services import upkeep

log = logging.getLogger(__name__)


def _once(svc: Services) -> upkeep.Done:
    with svc.db.write() as conn:
        return upkeep.run(conn, svc.clock(), svc.settings.people_retention_days)


async def loop(svc: Services) -> None:
    """Upkeep now, then every `people_upkeep_s`; a failed round is logged and tried again."""
    while True:
        try:
            done = await run_in_threadpool(_once, svc)
            if done.erased or done.closed:
                log.info("people upkeep: %d aliases erased, %d sessions closed", done.erased,
                         done.closed)
        except Exception:  # the database away for a while: the next round tries again
            log.exception("people upkeep failed")
        await asyncio.sleep(svc.settings.people_upkeep_s)
