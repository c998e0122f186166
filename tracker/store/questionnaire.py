"""The questionnaire's answers per year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.store import tables as t

_Q = t.questionnaire.c


def answers(conn: sa.Connection, year: int) -> dict[str, Any] | None:
    """The year's answers (None: not answered)."""
    row = conn.execute(sa.select(_Q.answers).where(_Q.year == year)).first()
    return None if row is None else dict(row.answers)


def put(conn: sa.Connection, year: int, answers: dict[str, Any], at: datetime,
        station: str) -> None:
    """The year's answers, replacing earlier ones."""
    conn.execute(t.questionnaire.delete().where(_Q.year == year))
    conn.execute(t.questionnaire.insert().values(year=year, answers=answers, set_at=at,
                                                 station=station))
