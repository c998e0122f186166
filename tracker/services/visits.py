"""Nieuwe bezoeker: the intake desk counts each visitor who brings something in."""

from __future__ import annotations

from typing import Any

from tracker.domain import events as ev
from tracker.services.context import Tx


def record_visit(tx: Tx) -> dict[str, Any]:
    """One visitor at the drop-off point (counted as `visitors.drop_offs`)."""
    visit_id = tx.new_id()
    event = tx.record(f"visit:{visit_id}", 1, ev.Visit())
    return {"visit_id": visit_id, "site": event.site, "at": event.at}
