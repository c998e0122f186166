"""Labels through the API and the CLI: the QR in the picture gives back the item's URL."""

import io
import re
import socket
import subprocess
import sys
import threading

import pytest
import zxingcpp
from PIL import Image


def decode_png(data):
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


@pytest.fixture
def tracker_sqlite(tmp_path, clock):
    from tests.support.tracker import make_tracker

    yield from make_tracker(f"sqlite:///{tmp_path / 'l.db'}", clock)


def test_png_label_decodes_to_the_item_url(tracker_sqlite):
    t = tracker_sqlite
    code = t.intake("elektrisch", 3.2, description="Staande lamp")
    r = t.get("intake", f"/api/items/{code}/label.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert decode_png(r.content) == [f"http://test.local/i/{code}"]
    for fmt, kind in [("svg", "image/svg+xml"), ("pdf", "application/pdf"),
                      ("zpl", "application/vnd.zebra-zpl")]:
        r = t.get("intake", f"/api/items/{code}/label.{fmt}")
        assert r.status_code == 200 and r.headers["content-type"] == kind
    # ZPL's ^FH writes characters such as the check symbol `~` as hex (`_7E`)
    shown = re.sub(r"_([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), r.text)
    assert r.text.startswith("^XA") and code in shown


def test_label_errors(tracker_sqlite):
    t = tracker_sqlite
    code = t.intake()
    assert t.get("intake", f"/api/items/{code}/label.gif").status_code == 422
    assert t.get("intake", "/api/items/0000-0000-0/label.png").status_code == 404
    r = t.post("intake", "/api/labels.pdf", {"items": [code] * 1001})
    assert r.status_code == 422 and "1000" in r.json()["detail"]
    r = t.post("intake", "/api/labels.pdf", {"items": [code, "0000-0000-0"]})
    assert r.status_code == 404


def test_sheet_pdf(tracker_sqlite):
    t = tracker_sqlite
    items = [t.intake() for _ in range(5)]
    r = t.post("intake", "/api/labels.pdf", {"items": items, "layout": "2x7"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_cli_label_to_file_and_to_a_zebra_on_loopback(tracker_sqlite, tmp_path):
    t = tracker_sqlite
    code = t.intake("fietsen", 14)
    env = {"AMBACHT_DATABASE_URL": t.db.url, "AMBACHT_BASE_URL": "http://test.local",
           "PATH": "/usr/bin:/bin"}
    out = tmp_path / "l.png"
    done = subprocess.run([sys.executable, "-m", "tracker", "label", code.lower(), "--out",
                           str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert decode_png(out.read_bytes()) == [f"http://test.local/i/{code}"]

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def zebra():
        conn, _ = server.accept()
        while chunk := conn.recv(65536):
            received.extend(chunk)
        conn.close()

    th = threading.Thread(target=zebra)
    th.start()
    done = subprocess.run([sys.executable, "-m", "tracker", "label", code, "--printer",
                           f"zpl://127.0.0.1:{port}"], env=env, capture_output=True, text=True)
    th.join(10)
    server.close()
    assert done.returncode == 0, done.stderr
    assert received.startswith(b"^XA") and received.rstrip().endswith(b"^XZ")

    done = subprocess.run([sys.executable, "-m", "tracker", "label", code, "--printer",
                           f"zpl://127.0.0.1:{port}"], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and done.stderr.startswith("ambacht:")
    assert "Traceback" not in done.stderr
