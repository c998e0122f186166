"""The questionnaire's answers the centre enters once a year (CONTRACT §14)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import questionnaire
from tracker.services.context import Tx
from tracker.store import questionnaire as store


def answer(tx: Tx, year: int, answers: Mapping[str, Decimal]) -> dict[str, float]:
    """The year's answers, replacing what was entered before; as stored."""
    checked = questionnaire.check(year, answers)
    store.put(tx.sql, year, checked, tx.now, tx.actor.station)
    return checked


def answers(conn: sa.Connection, year: int) -> dict[str, Any]:
    """The year's answers ({}: none yet)."""
    return store.answers(conn, year) or {}
