"""`ambacht demo --scenario`: a realistic flow of items through every phase, over the real API.

First eight weeks of history are registered the way a centre enters paper records (an admin
station with `at`), then new items keep arriving from the simulated scale and move on through
the repair bench and the till, so the dashboard has something to show.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

log = logging.getLogger("ambacht.demo")

HISTORY_DAYS = 56  # eight weeks: enough for weekly charts
ITEMS_PER_DAY = (6, 16)
TICK_S = 3.0  # one action at the centre every few seconds
CATEGORIES = {  # category: (typical kg range, typical price range)
    "textiel": ((0.3, 3.0), (2, 12)), "fietsen": ((9, 18), (35, 140)),
    "meubilair": ((4, 40), (15, 120)), "kleingoed": ((0.2, 4), (1, 15)),
    "boeken": ((0.2, 2), (1, 6)), "speelgoed": ((0.2, 5), (2, 20)),
    "bouwmaterialen": ((2, 30), (3, 40)), "elektrisch": ((0.5, 12), (5, 60)),
}
BARRIERS = ["Spare parts not available", "Spare parts too expensive", "No way to open product",
            "Item too worn out"]


@dataclass
class Api:
    base_url: str
    tokens: dict[str, str]

    def call(self, role: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.tokens[role]}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")


@dataclass
class Scenario:
    api: Api
    scale_id: str
    rnd: random.Random = field(default_factory=lambda: random.Random(2026))
    shelf: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    bench: list[str] = field(default_factory=list)
    history: bool = True  # register eight weeks of history first (once per database)
    after_history: Callable[[], object] | None = None  # e.g. send its closed months onward

    def _weight(self, cat: str) -> float:
        lo, hi = CATEGORIES[cat][0]
        return round(self.rnd.uniform(lo, hi), 2)

    def _price(self, cat: str) -> float:
        lo, hi = CATEGORIES[cat][1]
        return float(round(self.rnd.uniform(lo, hi)))

    def backfill(self, now: datetime) -> int:
        """Eight weeks of history, each item's events in order, nothing in the future."""
        made = 0
        for day in range(HISTORY_DAYS, 0, -1):
            opening = (now - timedelta(days=day)).replace(hour=8, minute=30, second=0,
                                                          microsecond=0)
            for _ in range(self.rnd.randint(*ITEMS_PER_DAY)):
                made += self._history_item(opening + timedelta(minutes=self.rnd.randint(0, 480)),
                                           now)
        return made

    @staticmethod
    def _at(t: datetime) -> str:
        return t.astimezone(UTC).isoformat()

    def goals_and_activities(self, now: datetime) -> None:
        """A year's targets with a baseline, and the courses and Repair Cafés of the history."""
        year = now.astimezone(UTC).year
        for figure, target, before in (("collected_kg", 30_000, 18_000), ("sold_kg", 15_000, 8_000),
                                       ("repairs", 400, 150)):
            self.api.call("admin", "POST", "/api/targets",
                          {"figure": figure, "period": str(year), "value": target})
            self.api.call("admin", "POST", "/api/baselines", {
                "figure": figure, "from": f"{year - 1}-01-01", "to": f"{year - 1}-12-31",
                "value": before})
        for weeks_ago in range(HISTORY_DAYS // 7, 0, -1):
            day = (now - timedelta(weeks=weeks_ago)).date().isoformat()
            kind = self.rnd.choice(["repair_cafe", "course", "school_visit", "workshop"])
            participants = self.rnd.randint(6, 25)
            self.api.call("admin", "POST", "/api/activities", {
                "kind": kind, "date": day, "participants": participants,
                "under_18": participants if kind == "school_visit" else 0,
                "skills_learned": self.rnd.randint(0, participants // 2)})

    def outflow_history(self, now: datetime) -> None:
        """The partners (afnemers), and what left the centre by the week: the textile
        container to the sorter, scrap metal, and every other week the residual skip
        (weighed on the weighbridge: a ticket number), so the mass balance has an out side."""
        for partner in ({"id": "textielsorteerder", "name": "Textielsortering Midden",
                         "kind": "textile_sorter"},
                        {"id": "oud-ijzer", "name": "Oud IJzer Handel", "kind": "scrap_metal"},
                        {"id": "afvalverwerker", "name": "Afvalverwerking Regio",
                         "kind": "waste_processor"}):
            self.api.call("admin", "POST", "/api/partners", partner)
        for weeks_ago in range(HISTORY_DAYS // 7, 0, -1):
            friday = (now - timedelta(weeks=weeks_ago)).replace(hour=15, minute=0, second=0,
                                                                microsecond=0)
            batches: list[tuple[str, str, tuple[int, int], str | None]] = [
                ("textielsorteerder", "recycle", (150, 320), None),
                ("oud-ijzer", "recycle", (40, 180), None)]
            if weeks_ago % 2 == 0:
                batches.append(("afvalverwerker", "residual", (400, 900), f"WB-{weeks_ago:04d}"))
            for n, (to, stream, (lo, hi), ticket) in enumerate(batches):
                body: dict[str, Any] = {"partner": to, "stream": stream,
                        "weight_kg": round(self.rnd.uniform(lo, hi), 1),
                        "at": self._at(friday + timedelta(minutes=10 * n))}
                if ticket:
                    body["ticket"] = ticket
                self.api.call("admin", "POST", "/api/outflows", body)

    def _history_item(self, t0: datetime, now: datetime) -> int:
        cat = self.rnd.choice(list(CATEGORIES))
        status, item = self.api.call("admin", "POST", "/api/items", {
            "category": cat, "weight_kg": self._weight(cat), "at": self._at(t0)})
        if status != 201:
            return 0
        code = item["code"]
        t = t0 + timedelta(hours=self.rnd.uniform(1, 72))
        if t > now:
            return 1
        roll = self.rnd.random()
        if roll < 0.55:
            self.api.call("admin", "POST", f"/api/items/{code}/inspect", {
                "outcome": "sellable", "price_eur": self._price(cat), "at": self._at(t)})
        elif roll < 0.85:
            self.api.call("admin", "POST", f"/api/items/{code}/inspect", {
                "outcome": "needs_repair", "at": self._at(t)})
            t += timedelta(hours=self.rnd.uniform(2, 120))
            if t > now:
                return 1
            if self.rnd.random() < 0.8:
                self.api.call("admin", "POST", f"/api/items/{code}/repair", {
                    "outcome": "fixed", "price_eur": self._price(cat), "minutes": 30,
                    "at": self._at(t)})
            else:
                self.api.call("admin", "POST", f"/api/items/{code}/repair", {
                    "outcome": "end_of_life", "stream": "recycle",
                    "barrier": self.rnd.choice(BARRIERS), "at": self._at(t)})
                return 1
        else:
            self.api.call("admin", "POST", f"/api/items/{code}/inspect", {
                "outcome": "unusable", "stream": self.rnd.choice(["recycle", "residual"]),
                "at": self._at(t)})
            return 1
        t += timedelta(days=self.rnd.uniform(0.5, 25))
        if t <= now and self.rnd.random() < 0.8:
            self.api.call("admin", "POST", "/api/sales", {
                "items": [code], "payment": self.rnd.choice(["cash", "pin", "pin"]),
                "at": self._at(t)})
        else:
            self.shelf.append(code)
        return 1

    def tick(self) -> None:
        """One thing happening at the centre right now."""
        roll = self.rnd.random()
        if roll < 0.35:
            cat = self.rnd.choice(list(CATEGORIES))
            status, item = self.api.call("intake", "POST", "/api/items",
                                         {"category": cat, "scale_id": self.scale_id})
            if status != 201:  # nothing fresh on the scale right now: weigh by hand
                status, item = self.api.call("intake", "POST", "/api/items",
                                             {"category": cat, "weight_kg": self._weight(cat)})
            if status == 201:
                self.fresh.append(item["code"])
        elif roll < 0.6 and self.fresh:
            code = self.fresh.pop(0)
            if self.rnd.random() < 0.7:
                status, item = self.api.call("repair", "POST", f"/api/items/{code}/inspect", {
                    "outcome": "sellable", "price_eur": self._price(item_cat(self, code))})
                if status == 200:
                    self.shelf.append(code)
            else:
                self.api.call("repair", "POST", f"/api/items/{code}/inspect",
                              {"outcome": "needs_repair"})
                self.bench.append(code)
        elif roll < 0.7 and self.bench:
            code = self.bench.pop(0)
            status, _ = self.api.call("repair", "POST", f"/api/items/{code}/repair", {
                "outcome": "fixed", "price_eur": self._price(item_cat(self, code)),
                "minutes": self.rnd.randint(10, 90)})
            if status == 200:
                self.shelf.append(code)
        elif roll < 0.9 and self.shelf:
            code = self.shelf.pop(self.rnd.randrange(len(self.shelf)))
            lines = ([{"category": "boeken", "weight_kg": round(self.rnd.uniform(0.5, 3), 1),
                       "price_eur": 2.0}] if self.rnd.random() < 0.2 else [])
            self.api.call("till", "POST", "/api/sales", {"items": [code], "lines": lines,
                                                         "payment": "pin"})
        elif roll < 0.95:
            self.api.call("intake", "POST", "/api/bulk", {
                "category": "textiel", "weight_kg": round(self.rnd.uniform(2, 12), 1)})
        else:
            self.api.call("repair", "POST", "/api/repairs", {
                "category": "elektrisch", "ords_category_id": self.rnd.randint(1, 40),
                "outcome": self.rnd.choice(["fixed", "fixed", "repairable", "end_of_life"])})

    def run(self, stop: threading.Event) -> None:
        """History first, then a tick every few seconds until `stop`."""
        try:
            if self.history:
                made = self.backfill(datetime.now(UTC))
                self.goals_and_activities(datetime.now(UTC))
                self.outflow_history(datetime.now(UTC))
                log.warning("demo scenario: %d items of history registered", made)
            else:
                log.warning("demo scenario: history of an earlier start kept, not registered "
                            "again (ambacht demo --fresh starts over)")
            if self.after_history is not None:
                self.after_history()
            while not stop.wait(TICK_S):
                self.tick()
        except (OSError, ValueError) as exc:  # the server went away: the demo is stopping
            log.warning("demo scenario stopped: %s", exc)


def item_cat(scenario: Scenario, code: str) -> str:
    status, item = scenario.api.call("repair", "GET", f"/api/items/{code}")
    return str(item["category"]) if status == 200 else "kleingoed"
