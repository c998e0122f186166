"""End to end with real processes: two `ambacht serve` trackers feed one `ambacht national
serve`, one over HTTP, the other over MQTT through a bridge between two Mosquitto brokers (the
centre's broker forwards `ambacht/+/monitor/+` to the national one). Records are back-dated
into last month through each tracker's admin API, and `ambacht feed send` closes that month in
the feed's outbox, as a centre does that joins a receiver after the month ended. The national
summary of that month then equals the sum of the two centres' own monitor documents, figure
by figure."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support import receiver as national
from tests.support.services import mosquitto, wait_until
from tests.support.tracker import Server, serve

pytestmark = pytest.mark.mosquitto

FEED = {"AMBACHT_FEED_TICK_S": "0.2", "AMBACHT_FEED_RETRY_BASE_S": "0.5",
        "AMBACHT_FEED_RETRY_MAX_S": "2"}  # a test has seconds, not the hourly production pace
SITE = "werkplaats"
ARRIVAL_S = 60  # two feeds, a bridge and a receiver on two shared cores
# What CONTRACT §14 leaves out of the sums: each centre's own, order statistics, ratios.
NOT_SUMMED_BLOCKS = {"targets", "co2_factors", "lead_time_days", "questionnaire"}
NOT_SUMMED_LEAVES = {"reuse_rate", "reuse_rate_mass", "sell_through", "days_on_shelf_median",
                     "median", "p25", "p75", "p90"}


def _bridge(central_port: int) -> str:
    """The centre's broker forwards the feed's retained documents to the national broker."""
    return (f"connection national\naddress 127.0.0.1:{central_port}\n"
            "remote_clientid bridge-centrum-mqtt\ncleansession false\n"
            "restart_timeout 1 5\ntopic ambacht/+/monitor/+ out 1\n")


def _last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _station(server: Server, role: str) -> str:
    return server.cli("station", "add", f"{role}-1", "--role", role, "--site", SITE).splitlines()[0]


def _history(server: Server, first: date, weights: list[float], price: float) -> None:
    """Last month as paper records: intake, a sale, a recycled item, a participant."""
    server.cli("site", "add", SITE, "--municipality", "Demostad")
    admin = {"Authorization": f"Bearer {_station(server, 'admin')}"}
    at = [datetime(first.year, first.month, day, 10).isoformat() for day in (3, 4, 9, 20)]
    with httpx.Client(base_url=server.url, headers=admin, timeout=30) as http:
        codes = []
        for n, kg in enumerate(weights):
            r = http.post("/api/items", json={"category": ("meubilair", "textiel", "fietsen")[
                n % 3], "weight_kg": kg, "at": at[0]})
            assert r.status_code == 201, r.text
            codes.append(r.json()["code"])
        r = http.post(f"/api/items/{codes[0]}/inspect", json={
            "outcome": "sellable", "price_eur": price, "at": at[1]})
        assert r.status_code == 200, r.text
        r = http.post("/api/sales", json={"items": [codes[0]], "payment": "cash", "at": at[2]})
        assert r.status_code == 201, r.text
        r = http.post(f"/api/items/{codes[1]}/inspect", json={
            "outcome": "unusable", "stream": "recycle", "at": at[1]})
        assert r.status_code == 200, r.text
        r = http.post("/api/people", json={"alias": "deelnemer-1", "group": "participatiewet",
                                           "start": first.isoformat()})
        assert r.status_code == 201, r.text
        r = http.post("/api/attendance", json={"alias": "deelnemer-1", "date": at[3][:10],
                                               "hours": "6.5"})
        assert r.status_code in (200, 201), r.text


def _document(server: Server, first: date, last: date) -> dict[str, Any]:
    monitor = {"Authorization": f"Bearer {_station(server, 'monitor')}"}
    r = httpx.get(f"{server.url}/api/monitor", headers=monitor, timeout=30,
                  params={"from": first.isoformat(), "to": last.isoformat()})
    assert r.status_code == 200, r.text
    return dict(r.json())


def _leaves(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    for key, value in node.items():
        if not prefix and key in NOT_SUMMED_BLOCKS or key in NOT_SUMMED_LEAVES:
            continue
        if isinstance(value, Mapping):
            yield from _leaves(value, f"{prefix}{key}/")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield f"{prefix}{key}", value


def _held(url: str, month: str) -> dict[str, tuple[int, str]]:
    text = httpx.get(f"{url}/national/api/export.csv", params={"from": month, "to": month},
                     timeout=10).text
    rows = csv.DictReader(io.StringIO(text))
    return {r["centre"]: (int(r["revision"]), r["final"]) for r in rows}


def test_two_trackers_over_http_and_an_mqtt_bridge_add_up_at_the_receiver(tmp_path) -> None:
    first, last = _last_month(date.today())
    month = first.strftime("%Y-%m")
    national_db = f"sqlite:///{tmp_path / 'national.db'}"
    token = national.cli(national_db, "centre", "add", "centrum-http", "--name", "Centrum HTTP",
                         "--municipality", "Utrecht", "--province", "Utrecht").split()[0]
    national.cli(national_db, "centre", "add", "centrum-mqtt", "--name", "Centrum MQTT",
                 "--municipality", "Zwolle", "--province", "Overijssel")
    with contextlib.ExitStack() as stack:
        central = stack.enter_context(mosquitto(tmp_path / "central"))
        site = stack.enter_context(mosquitto(tmp_path / "site", _bridge(central.port)))
        receiver = stack.enter_context(national.serving(national_db,
                                                        AMBACHT_NATIONAL_MQTT_URL=central.url))
        by_http = stack.enter_context(contextlib.contextmanager(serve)(
            f"sqlite:///{tmp_path / 'http.db'}", AMBACHT_CENTRE="centrum-http",
            AMBACHT_FEED_HTTP_URL=f"{receiver}/national/api/monitor",
            AMBACHT_FEED_HTTP_TOKEN=token, **FEED))
        by_mqtt = stack.enter_context(contextlib.contextmanager(serve)(
            f"sqlite:///{tmp_path / 'mqtt.db'}", mqtt_url=site.url,
            AMBACHT_CENTRE="centrum-mqtt", AMBACHT_FEED_MQTT="true", **FEED))
        _history(by_http, first, [12.5, 3.25, 20.0], 35.0)
        _history(by_mqtt, first, [7.75, 1.5, 40.125], 12.5)
        sent = {}
        for centre, server in (("centrum-http", by_http), ("centrum-mqtt", by_mqtt)):
            out = server.cli("feed", "send", month)
            sent[centre] = int(re.search(rf"{month} r(\d+)", out).group(1))  # type: ignore[union-attr]
        assert wait_until(lambda: {c: r for c, (r, _f) in _held(receiver, month).items()
                                   if r >= sent[c]}.keys() == sent.keys(), ARRIVAL_S), (
            _held(receiver, month), sent)
        assert {final for _r, final in _held(receiver, month).values()} == {"true"}
        docs = [_document(by_http, first, last), _document(by_mqtt, first, last)]
        got = httpx.get(f"{receiver}/national/api/summary",
                        params={"from": month, "to": month}, timeout=10).json()
        health = httpx.get(f"{receiver}/national/api/health", timeout=10).json()
    assert health["mqtt_stored"] >= 1  # the MQTT centre's documents came over the bridge
    assert got["centre_months"] == {"expected": 2, "reported": 2, "complete": 2}
    expected: dict[str, float] = {}
    for doc in docs:
        for path, value in _leaves(doc):
            expected[path] = expected.get(path, 0) + value
    summed = {re.sub(r"/person_months$", "/people", p): v for p, v in _leaves(got["figures"])}
    assert expected["inflow/kg"] == 85.125 and expected["outflow/sold/items"] == 2
    assert expected["social/participatiewet/people"] == 2
    assert set(summed) == set(expected) and len(expected) > 100
    assert {p: round(v, 6) for p, v in summed.items()} == {
        p: round(v, 6) for p, v in expected.items()}
    sold = expected["outflow/sold/kg"]
    leaving = sold + expected["outflow/recycled/kg"] + expected["outflow/disposed/kg"]
    assert got["figures"]["reuse_rate"] == round(sold / leaving, 4)
