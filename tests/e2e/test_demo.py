"""`ambacht demo`, as the README's first command runs it: scale → gateway → broker → tracker."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.support.services import free_port, wait_for_port


def start_demo(tmp_path, broker):
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "demo", "--port", str(port), "--data",
         str(tmp_path / "demo"), "--broker", broker],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    wait_for_port(port, 60)
    banner = ""
    deadline = time.monotonic() + 30
    while "Ctrl-C" not in banner and time.monotonic() < deadline:
        banner += proc.stdout.readline()
    tokens = dict(re.findall(r"^  (intake|repair|till|monitor|admin)\s+(amb_\S+)$", banner,
                             re.MULTILINE))
    return proc, f"http://127.0.0.1:{port}", tokens


def stop(proc):
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.parametrize("broker", ["mosquitto", "embedded"])
def test_demo_weighs_and_binds(tmp_path, broker):
    proc, url, tokens = start_demo(tmp_path, broker)
    try:
        assert set(tokens) == {"intake", "repair", "till", "monitor", "admin"}
        auth = {"Authorization": f"Bearer {tokens['intake']}"}
        with httpx.Client(base_url=url, headers=auth, timeout=10) as http:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                weighings = http.get("/api/scales/milieustraat-1/weighings").json()
                if weighings:
                    break
                time.sleep(0.5)
            assert weighings, "no weighing reached the tracker"
            assert http.get("/api/health").json()["mqtt"] == "connected"
            r = http.post("/api/items", json={"category": "elektrisch",
                                              "scale_id": "milieustraat-1"})
            assert r.status_code == 201, r.text
            assert r.json()["weight_kg"] in {4.25, 12.8, 1.35, 23.6}
            # live readings arrive as Server-Sent Events
            events = []
            with http.stream("GET", "/api/scales/milieustraat-1/stream") as stream:
                for line in stream.iter_lines():
                    if line.startswith("data: "):
                        events.append(json.loads(line[6:]))
                    if sum(e["type"] == "live" for e in events) >= 3:
                        break
            assert {"status", "live"} <= {e["type"] for e in events}
    finally:
        stop(proc)
    assert proc.returncode is not None
    # Ctrl-C stops everything it started: no gateway or broker is left behind
    leftovers = subprocess.run(["pgrep", "-f", str(tmp_path / "demo")], capture_output=True,
                               text=True).stdout.split()
    assert leftovers == [], leftovers


def _history_items(url, token):
    """Labelled items registered before today (the scenario's eight weeks of history), and the
    kilos weighed out to recycling and residual waste in them."""
    from datetime import date, timedelta

    today = date.today()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=30) as http:
        doc = http.get("/api/monitor", params={"from": (today - timedelta(days=70)).isoformat(),
                                               "to": (today - timedelta(days=2)).isoformat()})
    assert doc.status_code == 200, doc.text
    out = doc.json()["mass_balance"]["out_kg"]
    return doc.json()["inflow"]["items"], out["recycle"], out["residual"]


def _run_scenario(tmp_path, *extra):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "demo", "--port", str(port), "--data",
         str(tmp_path / "demo"), "--broker", "mosquitto", "--scenario", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    out, deadline = "", time.monotonic() + 240
    while "demo scenario:" not in out and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        out += line
    tokens = dict(re.findall(r"^  (intake|repair|till|monitor|admin)\s+(amb_\S+)$", out,
                             re.MULTILINE))
    try:
        return out, _history_items(f"http://127.0.0.1:{port}", tokens["monitor"])
    finally:
        stop(proc)


def test_demo_scenario_twice_on_one_folder_registers_its_history_once(tmp_path):
    out, first = _run_scenario(tmp_path)
    assert "items of history registered" in out and first[0] > 300
    assert first[1] > 0 and first[2] > 0  # containers and skips left, weighed
    assert "weegt vanzelf steeds opnieuw vier voorwerpen" in out  # the banner tells
    assert "blijft bewaard na het stoppen" in out and "nieuw bij elke start" in out
    out, again = _run_scenario(tmp_path)
    assert "history of an earlier start kept" in out and "staan er al" in out
    assert again == first  # the dashboard does not double
    out, fresh = _run_scenario(tmp_path, "--fresh")
    assert "items of history registered" in out and fresh == first
