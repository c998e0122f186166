"""deploy/server/Caddyfile in front of the real tracker: HTTPS with a certificate Caddy
makes itself, HTTP sent to HTTPS, security headers, no API docs, oversized bodies refused."""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.deploy.support import DEPLOY
from tests.support.services import free_port, wait_for_port
from tests.support.tracker import serve

pytestmark = pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")

CADDY_START_S = 30  # first start makes a local CA and a certificate


@contextlib.contextmanager
def caddy(folder: Path, upstream_port: int) -> Iterator[tuple[int, int, Path]]:
    """Caddy with the deploy Caddyfile: the site name becomes localhost (Caddy then issues
    from its own local CA instead of Let's Encrypt), ports are free ones, nothing is
    installed into the system's trust store."""
    http_port, https_port = free_port(), free_port()
    text = (DEPLOY / "server" / "Caddyfile").read_text()
    assert text.count("ambacht.example.org {") == 1 and "reverse_proxy 127.0.0.1:8000" in text
    text = (text.replace("ambacht.example.org {", "localhost {")
            .replace("reverse_proxy 127.0.0.1:8000", f"reverse_proxy 127.0.0.1:{upstream_port}")
            .replace("{\n", f"{{\n\thttp_port {http_port}\n\thttps_port {https_port}\n"
                            "\tskip_install_trust\n\tadmin off\n", 1))
    config = folder / "Caddyfile"
    config.write_text(text)
    env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CONFIG_HOME": str(folder / "config")}
    with (folder / "caddy.log").open("wb") as log:
        process = subprocess.Popen(["caddy", "run", "--adapter", "caddyfile", "--config",
                                    str(config)], env=env, stdout=log, stderr=log)
    try:
        wait_for_port(https_port, CADDY_START_S)
        yield http_port, https_port, folder / "data" / "caddy" / "pki" / "authorities" / \
            "local" / "root.crt"
    finally:
        process.terminate()
        process.wait(10)


def test_https_in_front_of_the_tracker(tmp_path: Path) -> None:
    env = {"AMBACHT_PRODUCTION": "true", "AMBACHT_MQTT_INGEST": "false",
           "AMBACHT_BASE_URL": "https://ambacht.waardering.nl"}  # QR codes only
    for server in serve(f"sqlite:///{tmp_path / 'a.db'}", **env):
        port = urlsplit(server.url).port
        assert port is not None
        with caddy(tmp_path, port) as (http_port, https_port, root_ca):
            trust = ssl.create_default_context(cafile=str(root_ca))  # Caddy's local CA only
            with httpx.Client(base_url=f"https://localhost:{https_port}", verify=trust,
                              timeout=10) as https:
                health = https.get("/api/health")
                assert health.status_code == 200 and health.json()["db"] == "ok"
                h = health.headers
                assert h["strict-transport-security"].startswith("max-age=")
                assert h["x-content-type-options"] == "nosniff"
                assert h["x-frame-options"] == "DENY"
                assert "server" not in h  # neither Caddy nor uvicorn says what runs here
                for path in ("/docs", "/openapi.json", "/redoc"):
                    assert https.get(path).status_code == 404
                # Caddy refuses it by its declared length, before the tracker sees it
                too_big = https.post("/api/items", content=b"x" * 1_200_000,
                                     headers={"Content-Type": "application/json"})
                assert too_big.status_code == 413 and "payload_too_large" not in too_big.text
            plain = httpx.get(f"http://localhost:{http_port}/api/health", timeout=10)
            assert plain.status_code in (301, 308)
            assert plain.headers["location"].startswith("https://localhost")
