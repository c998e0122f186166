"""The people's daily housekeeping: erase aliases past the retention period, close sessions
nobody clocked out of (at start-up, every `people_upkeep_s`, or `ambacht people upkeep`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from tracker.services import people, presence


@dataclass(frozen=True)
class Done:
    erased: int
    closed: int


def run(conn: sa.Connection, now: datetime, retention_days: int) -> Done:
    """One round of upkeep in one transaction."""
    return Done(erased=len(people.erase_expired(conn, now, retention_days)),
                closed=presence.close_forgotten(conn, now))
