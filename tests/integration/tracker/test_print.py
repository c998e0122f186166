"""Label printen from a station: the item's ZPL goes to the station's own label printer (a
Zebra listening on raw TCP, as on the shop network); no printer, or one that is off, is said
plainly and prints nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import labels as labels_support
from tests.support.labels import Zebra, parse_zpl
from tests.support.services import free_port
from tests.support.tracker import SITE
from tracker.services import stations


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Printing does not depend on the database: SQLite is enough."""
    return f"sqlite:///{tmp_path / 'ambacht.db'}"


@pytest.fixture
def zebra() -> Iterator[Zebra]:
    with labels_support.zebra() as printer:
        yield printer


def _give_printer(tracker, station: str, uri: str | None) -> None:
    with tracker.db.write() as conn:
        stations.set_printer(conn, station, uri)


def test_label_printen_sends_the_items_zpl_to_the_stations_printer(tracker, zebra):
    _give_printer(tracker, "intake-1", zebra.uri)
    code = tracker.intake("elektrisch", 2.4)
    assert tracker.get("intake", "/api/me").json()["printer"] is True
    r = tracker.post("intake", f"/api/items/{code}/print")
    assert r.status_code == 200, r.text
    assert r.json() == {"code": code, "printer": zebra.uri}
    (job,) = zebra.printed()
    label = parse_zpl(job)
    assert label.qr().data.endswith(f"http://test.local/i/{code}")
    assert code in label.texts()


def test_a_repeated_request_prints_once(tracker, zebra):
    _give_printer(tracker, "intake-1", zebra.uri)
    code = tracker.intake()
    key = {"Idempotency-Key": "intake-1:print:1"}
    first = tracker.post("intake", f"/api/items/{code}/print", headers=key)
    again = tracker.post("intake", f"/api/items/{code}/print", headers=key)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(zebra.printed()) == 1


def test_a_station_without_printer_is_told_how_to_get_one(tracker):
    code = tracker.intake()
    assert tracker.get("intake", "/api/me").json()["printer"] is False
    r = tracker.post("intake", f"/api/items/{code}/print")
    assert (r.status_code, r.json()["code"]) == (409, "no_printer")
    assert "ambacht station printer intake-1" in r.json()["detail"]


def test_a_printer_that_is_off_is_said_plainly_in_the_stations_language(tracker):
    _give_printer(tracker, "intake-1", f"zpl://127.0.0.1:{free_port()}")  # nobody listens
    code = tracker.intake()
    for language, words in (("nl", "weigert de verbinding"), ("en", "refused the connection")):
        r = tracker.post("intake", f"/api/items/{code}/print",
                         headers={"Accept-Language": language})
        assert (r.status_code, r.json()["code"]) == (409, "printer_failed")
        assert words in r.json()["detail"]


def test_an_unknown_item_prints_nothing(tracker, zebra):
    _give_printer(tracker, "intake-1", zebra.uri)
    r = tracker.post("intake", "/api/items/0000-0000-0/print")
    assert r.status_code == 404
    assert zebra.jobs == []


@pytest.mark.parametrize("uri", ["zpl://", "http://printer", "cups://", "zpl://host:99999"])
def test_a_printer_address_that_cannot_work_is_refused(tracker, uri):
    with pytest.raises(Exception) as refused, tracker.db.write() as conn:
        stations.set_printer(conn, "intake-1", uri)
    assert getattr(refused.value, "code", None) == "invalid_printer"
    assert tracker.get("intake", "/api/me").json()["printer"] is False


def test_the_command_line_gives_and_takes_a_stations_printer(tracker, zebra):
    env = {"AMBACHT_DATABASE_URL": tracker.db.url, "PATH": "/usr/bin:/bin"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tracker", *args], env=env,
                              capture_output=True, text=True)

    done = cli("station", "add", "werkbank-2", "--role", "repair", "--site", SITE,
               "--printer", zebra.uri)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    code = tracker.intake()
    r = tracker.client.post(f"/api/items/{code}/print",
                            headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    assert len(zebra.printed()) == 1
    assert zebra.uri in cli("station", "list").stdout
    done = cli("station", "printer", "werkbank-2")  # no address: back to the browser's dialog
    assert done.returncode == 0 and "browser" in done.stdout, done.stderr
    assert tracker.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}
                              ).json()["printer"] is False
    done = cli("station", "printer", "werkbank-2", "http://zebra")
    assert done.returncode != 0 and "Onbekend printeradres" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # one line, no traceback
