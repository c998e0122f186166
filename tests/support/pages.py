"""Page test helpers: the whole demo as a process (broker, tracker, gateway, simulated scale)
and the Debian Chromium driven by Playwright. Shared by tests/e2e/pages and the benchmark."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from tests.support.services import free_port, wait_for_port

CHROMIUM = "/usr/bin/chromium"
# Root in a container needs --no-sandbox; the rest keeps Chromium from phoning home, which
# it cannot do here anyway and would only slow start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic",
                 # a synthetic camera, granted without a prompt: the till's camera scanning
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
DEMO_START_S = 60  # migrations, broker, gateway and uvicorn; seconds on a slow CI machine
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TABLET = {"width": 1280, "height": 800}  # a 10-inch tablet in landscape
PHONE = {"width": 390, "height": 844}  # what a customer scans a label with
SCALE = "milieustraat-1"
LOCAL = ZoneInfo("Europe/Amsterdam")  # the monitor counts by the centre's local date


def local_today() -> date:
    """Today where the centre is (not where the test machine's clock says)."""
    return datetime.now(LOCAL).date()


@dataclass
class Demo:
    """`ambacht demo` running: its URL, one token per role, its broker."""

    url: str
    tokens: dict[str, str]
    broker: str
    process: subprocess.Popen[str]
    folder: Path
    output: list[str] = field(default_factory=list)

    def cli(self, *args: str) -> str:
        """Run an `ambacht` command on the demo's database, as its administrator would."""
        env = {**os.environ, "AMBACHT_DATABASE_URL": f"sqlite:///{self.folder / 'ambacht.db'}"}
        done = subprocess.run([sys.executable, "-m", "tracker", *args], env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def api(self, role: str) -> httpx.Client:
        """An HTTP client acting as the demo station of this role."""
        return httpx.Client(base_url=self.url, timeout=15,
                            headers={"Authorization": f"Bearer {self.tokens[role]}"})

    def call(self, role: str, method: str, path: str, json: Any = None) -> Any:
        with self.api(role) as http:
            r = http.request(method, path, json=json)
        assert r.status_code < 300, (method, path, r.status_code, r.text)
        return r.json()

    def item(self, state: str = "ready_for_sale", price: float = 7.5,
             category: str = "kleingoed", weight_kg: float = 2.0,
             description: str | None = None) -> str:
        """A new item brought to `state` through the API; returns its code."""
        body: dict[str, Any] = {"category": category, "weight_kg": weight_kg}
        if description:
            body["description"] = description
        code = str(self.call("intake", "POST", "/api/items", body)["code"])
        if state == "in_repair":
            self.call("repair", "POST", f"/api/items/{code}/inspect", {"outcome": "needs_repair"})
        elif state in ("ready_for_sale", "sold"):
            self.call("repair", "POST", f"/api/items/{code}/inspect",
                      {"outcome": "sellable", "price_eur": price})
        if state == "sold":
            self.call("till", "POST", "/api/sales", {"items": [code], "payment": "cash"})
        return code


@contextmanager
def demo(folder: Path) -> Iterator[Demo]:
    """Start `ambacht demo` with Mosquitto in `folder`; stop it afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "demo", "--port", str(port), "--data", str(folder),
         "--broker", "mosquitto"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    output: list[str] = []
    banner_done = threading.Event()

    def drain() -> None:  # keep reading: a full pipe would block the demo
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if "Ctrl-C" in line:
                banner_done.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        wait_for_port(port, DEMO_START_S)
        if not banner_done.wait(DEMO_START_S):
            raise RuntimeError("the demo printed no banner:\n" + "".join(output))
        banner = "".join(output)
        tokens = dict(re.findall(
            r"^  (intake|repair|till|monitor|admin|presence)\s+(amb_\S+)$", banner,
            re.MULTILINE))
        broker = re.search(r"MQTT-broker\s+(mqtt://\S+)", banner)
        assert broker and len(tokens) == 6, banner
        yield Demo(f"http://127.0.0.1:{port}", tokens, broker.group(1), proc, folder, output)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def wait_for_weighing(d: Demo, timeout: float = 60) -> None:
    """Block until the simulated scale's first weighing has reached the tracker."""
    deadline = time.monotonic() + timeout
    with d.api("intake") as http:
        while time.monotonic() < deadline:
            if http.get(f"/api/scales/{SCALE}/weighings", params={"limit": 1}).json():
                return
            time.sleep(0.3)
    raise TimeoutError("no weighing from the simulated scale reached the tracker")


def _publish(d: Demo, topic: str, text: str, qos: int, retain: bool = False) -> None:
    import paho.mqtt.publish as publish

    broker = urlsplit(d.broker)
    assert broker.hostname and broker.port, d.broker
    publish.single(topic, text, qos=qos, retain=retain, hostname=broker.hostname,
                   port=broker.port)


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def scale_online(d: Demo, scale: str) -> None:
    """A gateway says its scale is online (retained), and the tracker lists the scale."""
    status = {"state": "online", "detail": "", "at": "2026-01-01T00:00:00Z"}
    _publish(d, f"ambacht/demo/scale/{scale}/status", json.dumps(status), 1, retain=True)
    with d.api("intake") as http:
        until(lambda: scale in {s["scale_id"] for s in http.get("/api/scales").json()})


def live_reading(d: Demo, scale: str, net_kg: str) -> None:
    """A reading while the weight settles (QoS 0, as a gateway sends it)."""
    payload = {"scale_id": scale, "at": _now(), "net_kg": float(net_kg), "stable": False,
               "status": "ok", "raw": "ST,US"}
    _publish(d, f"ambacht/demo/scale/{scale}/live", json.dumps(payload), 0)


def stable_weighing(d: Demo, scale: str, net_kg: str, seq: int) -> str:
    """One stable weighing, as a gateway sends it (`seq` new for the scale); its id."""
    wid = f"{scale}:e2e:{seq:06d}"
    payload = {"id": wid, "scale_id": scale, "seq": seq, "at": _now(), "clock_synced": True,
               "protocol": "st-gs", "gross_kg": 0, "tare_kg": 0, "net_kg": 0, "stable": True,
               "status": "ok", "raw": f"ST,GS,{net_kg}kg"}
    text = json.dumps(payload).replace('"net_kg": 0', f'"net_kg": {net_kg}')
    _publish(d, f"ambacht/demo/scale/{scale}/weighing", text, 1)
    return wid


@contextmanager
def chromium() -> Iterator[Any]:
    """The Debian Chromium, headless, through Playwright (which never downloads a browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def station_context(browser: Any, d: Demo, role: str | None, viewport: dict[str, int] = TABLET,
                    lang: str = "nl", locale: str | None = None) -> Any:
    """A browser context already logged in as the demo station of `role` (None: logged out).

    `lang` is the page's language; `locale` the browser's (default: the page's, en-GB for
    English): a Dutch page in an en-US Chromium is what a volunteer with an English laptop has.
    `window.print` is replaced by a counter: headless Chromium has no printer to show."""
    context = browser.new_context(
        viewport=viewport, locale=locale or ("nl-NL" if lang == "nl" else "en-GB"), base_url=d.url)
    script = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    if role is not None:
        script += (f"localStorage.setItem('ambacht.token', {d.tokens[role]!r});"
                   f"localStorage.setItem('ambacht.lang', {lang!r});")
    context.add_init_script(script)
    return context


def until(check: Any, timeout: float = 15) -> None:
    """Poll `check()` until true (the pages' CSP forbids the eval behind wait_for_function)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
