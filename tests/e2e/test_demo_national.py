"""`ambacht demo --national --scenario`: a national receiver beside the demo, holding a year of
the simulated centres' months, and fed by the demo centre itself: its running month at once,
and the closed month its eight weeks of history reach into once that history is registered."""

import csv
import io
import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta

import httpx

from tests.e2e.test_demo import stop
from tests.support.services import free_port, wait_until
from tracker.demo_centres import CENTRES

ARRIVAL_S = 90  # eight weeks of history over the API, then the feed's next tick


def test_the_demo_starts_a_national_receiver_fed_by_itself_and_simulated_centres(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "demo", "--port", str(port), "--data",
         str(tmp_path / "demo"), "--broker", "mosquitto", "--scenario", "--national"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        banner, deadline = "", time.monotonic() + 60
        while "Ctrl-C" not in banner and time.monotonic() < deadline:
            banner += proc.stdout.readline()
        found = re.search(r"landelijk\s+(http://127\.0\.0\.1:\d+)/national", banner)
        assert found, banner
        url = found.group(1)
        assert httpx.get(f"{url}/national", timeout=10).status_code == 200
        year = httpx.get(f"{url}/national/api/summary", timeout=10).json()
        simulated = {c.id for c in CENTRES}
        assert year["centres"] == len(simulated) + 1  # and the demo centre
        assert {m["centre"] for m in year["missing"]} <= {"demo"}
        assert year["centre_months"]["reported"] >= 12 * len(simulated)
        assert len({c.province for c in CENTRES}) >= 5
        assert year["figures"]["social"]["participatiewet"]["person_months"] > 0
        last_month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")

        def demo_rows() -> dict[str, str]:
            text = httpx.get(f"{url}/national/api/export.csv", timeout=10).text
            return {r["month"]: r["final"] for r in csv.DictReader(io.StringIO(text))
                    if r["centre"] == "demo"}

        assert wait_until(lambda: demo_rows().get(last_month) == "true", ARRIVAL_S), demo_rows()
    finally:
        stop(proc)
    assert proc.returncode is not None
    leftovers = subprocess.run(["pgrep", "-f", str(tmp_path / "demo")], capture_output=True,
                               text=True).stdout.split()
    assert leftovers == [], leftovers
