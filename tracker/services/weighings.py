"""Weighings from the scale gateway, and binding the newest fresh one to an item."""

from __future__ import annotations

from tracker.domain.errors import NotAllowed
from tracker.services.context import Tx


def no_fresh_weighing(scale_id: str) -> NotAllowed:
    """The refusal an operator sees when the scale has nothing fresh to offer."""
    return NotAllowed(
        f"geen verse stabiele weging van weegschaal '{scale_id}': zet het voorwerp op de "
        "weegschaal en wacht tot 'Stabiel', of vul het gewicht met de hand in",
        "no_fresh_weighing",
    )


def take_fresh(tx: Tx, scale_id: str) -> tuple[int, str]:
    """Grams and id of the scale's newest unused stable weighing (ingest not built yet: none)."""
    raise no_fresh_weighing(scale_id)
