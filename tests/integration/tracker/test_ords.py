"""`ambacht import ords` and the ORDS export: real Repair Café files in, the same records out,
twice adds nothing, a malformed file adds nothing at all (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.monitor import valid
from tests.support.tracker import make_tracker
from tracker.domain.ords import COLUMNS
from tracker.services import stations
from tracker.store import tables as t

# The real partner files (CC BY-SA 4.0, see tests/data/ords/README.md): the workspace's
# shared copy when present, else the copy kept with the tests so a bare clone runs them too.
_SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "ords"
DATA = _SHARED if _SHARED.is_dir() else Path(__file__).resolve().parents[2] / "data" / "ords"
DENMARK = DATA / "OpenRepairData_v0.3_RepairCafeDenmark_202507.csv"
FIXIT = DATA / "OpenRepairData_v0.3_FixitClinic_202507.csv"
ROUND_TRIP = ("id", "repair_status", "repair_barrier_if_end_of_life", "product_category_id",
              "event_date")
real_files = pytest.mark.skipif(not DATA.is_dir(), reason="needs ../shared/data/ords")


def ambacht(tracker, *args):
    env = {"AMBACHT_DATABASE_URL": tracker.db.url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "tracker", *args], env=env,
                          capture_output=True, text=True)


def event_count(tracker):
    with tracker.db.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(t.events).where(
            ~t.events.c.stream.like("till:%"))).scalar()  # not the day the fixture opened


def by_id(text):
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text))}


def exported(tracker, **params):
    r = tracker.get("monitor", "/api/exports/ords.csv", params=params)
    assert r.status_code == 200, r.text
    assert r.text.splitlines()[0] == ",".join(COLUMNS)
    return by_id(r.text)


@real_files
def test_import_twice_then_export_gives_back_every_record(tracker):
    done = ambacht(tracker, "import", "ords", str(FIXIT))
    assert done.returncode == 0, done.stderr
    assert "1033 reparaties geïmporteerd, 0 waren er al, 0 regels afgewezen" in done.stdout
    again = ambacht(tracker, "import", "ords", str(FIXIT))
    assert "0 reparaties geïmporteerd, 1033 waren er al" in again.stdout
    assert event_count(tracker) == 1033

    original = by_id(FIXIT.read_text(encoding="utf-8"))
    out = exported(tracker)
    assert out.keys() == original.keys()
    for rid, row in original.items():
        assert {k: out[rid][k] for k in ROUND_TRIP} == {k: row[k] for k in ROUND_TRIP}, rid
    # the imported repairs count on their own event dates, as own-use repairs
    d = valid(tracker.get("monitor", "/api/monitor", params={
        "from": "2000-01-01", "to": "2009-12-31"}).json())
    in_2000s = [r for r in original.values() if r["event_date"] < "2010"]
    assert d["repairs"]["own_use"] == d["repairs"]["attempted"] == len(in_2000s)
    assert d["repairs"]["fixed"] == sum(r["repair_status"] == "Fixed" for r in in_2000s)


@real_files
def test_the_largest_real_file_round_trips_completely(tmp_path):
    for tracker in make_tracker(f"sqlite:///{tmp_path / 'dk.db'}"):
        done = ambacht(tracker, "import", "ords", str(DENMARK))
        assert done.returncode == 0 and "29929 reparaties geïmporteerd" in done.stdout
        out = ambacht(tracker, "export", "ords", "--out", str(tmp_path / "out.csv"))
        assert out.returncode == 0, out.stderr
        original = DENMARK.read_text(encoding="utf-8")
        assert by_id((tmp_path / "out.csv").read_text(encoding="utf-8")) == by_id(original)


def test_our_own_repairs_are_exported_too(tracker):
    tracker.post("repair", "/api/repairs", {
        "category": "elektrisch", "ords_category_id": 14, "outcome": "end_of_life",
        "barrier": "Spare parts too expensive", "brand": "Philips", "problem": "lekt"})
    lamp = tracker.intake("elektrisch", 2.1, ords_category_id=15, description="Lamp")
    tracker.post("repair", f"/api/items/{lamp}/inspect", {"outcome": "needs_repair"})
    tracker.post("repair", f"/api/items/{lamp}/repair", {"outcome": "repairable"})
    tracker.post("repair", f"/api/items/{lamp}/repair", {"outcome": "fixed", "price_eur": 9})
    rows = list(exported(tracker).values())
    assert all(re.fullmatch(r"[a-z]+-[0-9]+", r["id"]) for r in rows)  # ORDS id pattern
    assert [(r["repair_status"], r["product_category_id"], r["product_category"])
            for r in rows] == [("End of life", "14", "Kettle"), ("Repairable", "15", "Lamp"),
                               ("Fixed", "15", "Lamp")]
    assert rows[0]["repair_barrier_if_end_of_life"] == "Spare parts too expensive"
    assert (rows[0]["brand"], rows[0]["problem"], rows[0]["country"]) == ("Philips", "lekt",
                                                                          "NLD")
    assert rows[1]["partner_product_category"] == "Electrical appliances ~ Lamp"
    assert rows[1]["brand"] == "Unknown" and rows[1]["event_date"] == "2026-03-02"
    assert exported(tracker, **{"from": "2026-03-03"}) == {}
    r = tracker.get("monitor", "/api/exports/ords.csv", params={"from": "2026-03-03",
                                                               "to": "2026-03-01"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_period")


GOOD = ",".join(COLUMNS) + "".join(
    f'\nrc_{i},Repair Café Test,NLD,Lamp,Lamp,15,Unknown,,,Fixed,,Groep,2025-05-0{i % 9 + 1},'
    for i in range(40))


@pytest.mark.parametrize("content,message", [
    (b"\x89PNG\r\n\x1a\n\0\0\0", "binaire"),
    (b"id;merk\nrc_1;Philips\n", "ontbreken"),
    ((GOOD + "\nrc_99,X,NLD,Lamp,Lamp,15,,,,Half gemaakt,,G,2025-05-01,\n").encode(),
     "regel 42: 'Half gemaakt'"),
    ((GOOD + '\nrc_98,X,NLD,"Lamp,15\n').encode(), "CSV kapot"),
])
def test_a_malformed_file_adds_nothing(tracker, tmp_path, content, message):
    path = tmp_path / "partner.csv"
    path.write_bytes(content)
    done = ambacht(tracker, "import", "ords", str(path))
    assert done.returncode == 1 and done.stdout == "", done.stdout
    assert done.stderr.startswith("ambacht: ") and done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert event_count(tracker) == 0


def test_rows_it_cannot_take_are_reported_and_the_rest_imported(tracker, tmp_path):
    bad = ("\nrc_100,X,NLD,Lamp,Lamp,99,,,,Fixed,,G,2025-05-01,"
           "\n,X,NLD,Lamp,Lamp,15,,,,Fixed,,G,2025-05-01,"
           "\nrc_101,X,NLD,Lamp,Lamp,15,,,,Fixed,,G,01-05-2025x,")
    path = tmp_path / "partner.csv"
    path.write_text(GOOD + bad + "\n", encoding="utf-8")
    report = tmp_path / "afgewezen.csv"
    done = ambacht(tracker, "import", "ords", str(path), "--rejected", str(report))
    assert done.returncode == 0, done.stderr
    assert "40 reparaties geïmporteerd, 0 waren er al, 3 regels afgewezen" in done.stdout
    assert "regel 42 (rc_100): product_category_id 99 ligt niet tussen 1 en 40" in done.stderr
    assert "regel 43: id ontbreekt" in done.stderr
    assert [r["line"] for r in csv.DictReader(report.open())] == ["42", "43", "44"]
    assert event_count(tracker) == 40


def test_the_site_must_exist_and_be_chosen_when_there_are_several(tracker, tmp_path):
    path = tmp_path / "partner.csv"
    path.write_text(GOOD, encoding="utf-8")
    done = ambacht(tracker, "import", "ords", str(path), "--site", "nergens")
    assert done.returncode == 1 and "bestaat niet" in done.stderr
    with tracker.db.write() as conn:
        stations.add_site(conn, "werkplaats", "Zeist", None, tracker.svc.clock())
    done = ambacht(tracker, "import", "ords", str(path))
    assert done.returncode == 1 and "--site" in done.stderr
    assert event_count(tracker) == 0
    done = ambacht(tracker, "import", "ords", str(path), "--site", "werkplaats")
    assert done.returncode == 0
    assert valid(tracker.get("monitor", "/api/monitor", params={
        "from": "2025-05-01", "to": "2025-05-31", "site": "werkplaats"}).json()
        )["repairs"]["own_use"] == 40
    missing = ambacht(tracker, "import", "ords", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
