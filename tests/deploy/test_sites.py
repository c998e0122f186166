"""A network of sites on one tracker: PostgreSQL set up by deploy/server/setup-postgresql.sh
(an owner role without superuser rights), `ambacht serve` in production mode, three sites
in two municipalities. Every item carries the site where it came in, and the monitor
reports each site's figures on their own and the centre's as their sum."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.deploy.support import DEPLOY
from tests.support.tracker import Server, serve

pytestmark = pytest.mark.postgres

SETUP = DEPLOY / "server" / "setup-postgresql.sh"
MQTT_USER = DEPLOY / "mosquitto" / "ambacht-mqtt-user"
SITES = {  # site -> (municipality, items taken in: (category, kg), how many of them sold)
    "milieustraat-noord": ("Zeist", [("meubilair", 18.5), ("fietsen", 14.0),
                                     ("kleingoed", 2.25)], 1),
    "werkplaats-bunnik": ("Bunnik", [("elektrisch", 4.1), ("elektrisch", 6.0)], 2),
    "kringloop-centrum": ("Zeist", [("textiel", 0.6), ("boeken", 1.2), ("boeken", 0.9),
                                    ("speelgoed", 1.5)], 0),
}
TODAY = date.today()  # the server's real clock stamps the events: a period around today
PERIOD = {"from": str(TODAY - timedelta(days=2)), "to": str(TODAY + timedelta(days=2))}


def setup_postgresql(server_url: str, *args: str) -> str:
    """Run the deploy script against the test cluster; returns the URL it prints."""
    url = make_url(server_url)
    env = {**os.environ, "PGHOST": str(url.host), "PGPORT": str(url.port),
           "PGUSER": str(url.username)}
    done = subprocess.run([str(SETUP), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert line.startswith("AMBACHT_DATABASE_URL="), line
    return line.split("=", 1)[1]


@pytest.fixture
def network(postgres_url: str) -> Iterator[tuple[Server, dict[str, str]]]:
    first = setup_postgresql(postgres_url, "--role", "waardering", "--database", "waardering",
                             "--password")
    db_url = setup_postgresql(postgres_url, "--role", "waardering", "--database", "waardering",
                              "--password")  # again: idempotent, and rotates the password
    assert make_url(first).password != make_url(db_url).password
    admin = sa.create_engine(postgres_url)
    with admin.connect() as conn:
        role = conn.execute(sa.text("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                                    "WHERE rolname = 'waardering'")).one()
    admin.dispose()
    assert tuple(role) == (False, False, False)
    env = {"AMBACHT_PRODUCTION": "true", "AMBACHT_MQTT_INGEST": "false",
           "AMBACHT_CENTRE": "waardering", "AMBACHT_BASE_URL": "https://ambacht.waardering.nl"}
    for server in serve(db_url, **env):  # production mode accepts what the script printed
        tokens = {}
        for site, (municipality, _, _) in SITES.items():
            server.cli("site", "add", site, "--municipality", municipality)
            # one admin station per site (it may intake, inspect and sell; each `ambacht`
            # call costs a second of start-up, so no separate desk, bench and till here)
            tokens[site] = server.cli("station", "add", f"beheer-{site}", "--role", "admin",
                                      "--site", site)
        tokens["monitor"] = server.cli("station", "add", "monitor", "--role", "monitor",
                                       "--site", "milieustraat-noord")
        yield server, tokens


def test_each_site_reports_its_own_figures(network: tuple[Server, dict[str, str]]) -> None:
    server, tokens = network
    with httpx.Client(base_url=server.url, timeout=10) as http:
        def post(token: str, path: str, body: Any) -> Any:
            r = http.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
            assert r.status_code in (200, 201), r.text
            return r.json()

        def get(token: str, path: str, **kw: Any) -> Any:
            r = http.get(path, headers={"Authorization": f"Bearer {token}"}, **kw)
            assert r.status_code == 200, r.text
            return r.json()

        codes: dict[str, list[str]] = {}
        for site, (_, items, sold) in SITES.items():
            codes[site] = [post(tokens[site], "/api/items",
                                {"category": c, "weight_kg": kg})["code"] for c, kg in items]
            for code in codes[site][:sold]:
                post(tokens[site], f"/api/items/{code}/inspect",
                     {"outcome": "sellable", "price_eur": 10})
            if sold:
                post(tokens[site], "/api/sales",
                     {"items": codes[site][:sold], "payment": "pin"})

        for site, site_codes in codes.items():
            for code in site_codes:  # an item's site is where it came in
                assert get(tokens["monitor"], f"/api/items/{code}")["site"] == site

        documents = {site: get(tokens["monitor"], "/api/monitor", params={**PERIOD,
                                                                           "site": site})
                     for site in SITES}
        for site, (_, items, sold) in SITES.items():
            doc = documents[site]
            assert doc["site"] == site and doc["centre"] == "waardering"
            assert doc["inflow"]["items"] == len(items)
            assert doc["inflow"]["kg"] == pytest.approx(sum(kg for _, kg in items))
            assert doc["outflow"]["sold"]["items"] == sold
            assert doc["outflow"]["sold"]["kg"] == pytest.approx(sum(kg for _, kg in
                                                                     items[:sold]))
        centre = get(tokens["monitor"], "/api/monitor", params=PERIOD)
        assert centre["site"] is None
        assert centre["inflow"]["items"] == sum(len(i) for _, i, _ in SITES.values())
        assert centre["outflow"]["sold"]["revenue_eur"] == pytest.approx(
            sum(d["outflow"]["sold"]["revenue_eur"] for d in documents.values()))
