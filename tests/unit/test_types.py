"""`mypy --strict` over the code: it is what names each fold that misses a new event type
(every `match` over events ends in `assert_never`), so it runs with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_code_type_checks_strictly(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"),
         "tracker", "gateway", "labels", "receipts"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
