"""docs/openapi.json is what the tracker serves at /openapi.json (regenerate, don't edit it)."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path

from tests.support.tracker import make_tracker
from tracker import openapi

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "docs" / "openapi.json"
REGENERATE = "python -m tracker.openapi > docs/openapi.json"


def test_the_committed_document_is_the_apps() -> None:
    made, committed = openapi.text(), COMMITTED.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(committed.splitlines(True), made.splitlines(True),
                                        "docs/openapi.json", "what the app says", n=1))
    assert made == committed, f"docs/openapi.json is out of date: run `{REGENERATE}`\n{diff[:3000]}"


def test_the_served_document_is_the_committed_one(tmp_path: Path) -> None:
    for tracker in make_tracker(f"sqlite:///{tmp_path / 'ambacht.db'}"):
        served = tracker.client.get("/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_the_regenerate_command_writes_it() -> None:
    done = subprocess.run([sys.executable, "-m", "tracker.openapi"], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == json.loads(COMMITTED.read_text(encoding="utf-8"))
