"""Intake desk rules: who may put a wrong intake right, and until when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tracker.domain import events as ev
from tracker.domain.errors import Forbidden
from tracker.domain.events import Event

# An intake station puts its own mistakes right the same day or the next morning; after that
# the coordinator (an admin station) does, who also answers for the figures already reported.
CORRECTION_WINDOW = timedelta(hours=24)


def check_may_correct(role: str, site: str, history: Sequence[Event], now: datetime) -> None:
    """An admin station corrects any item at any time; another station only an item whose
    latest intake (or return) was at its own site, within CORRECTION_WINDOW; else 403."""
    if role == "admin":
        return
    intakes = [e for e in history if isinstance(e.fact, ev.Collected | ev.Returned)]
    if not intakes or intakes[-1].site != site:
        raise Forbidden("dit item is niet op deze locatie ingezameld: de coördinator "
                        "(beheer) kan het corrigeren", "correction_not_allowed",
                        en="this item was not taken in at this site: the coordinator "
                           "(admin) can correct it")
    if now - intakes[-1].at > CORRECTION_WINDOW:
        raise Forbidden("de inzameling is meer dan 24 uur geleden: de coördinator "
                        "(beheer) kan het nog corrigeren", "correction_too_late",
                        en="the intake was more than 24 hours ago: the coordinator "
                           "(admin) can still correct it")
