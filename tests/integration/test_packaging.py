"""The distribution builds without deprecation warnings and carries what the tracker serves."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_builds_cleanly_with_its_licence_and_vendored_files(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", str(ROOT),
                           "-w", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    said = done.stdout + done.stderr
    assert "SetuptoolsDeprecationWarning" not in said and "is deprecated" not in said, [
        line for line in said.splitlines() if "deprecat" in line.lower()]
    (wheel,) = tmp_path.glob("ambacht-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = next(z.read(n).decode() for n in names if n.endswith("/METADATA"))
    assert "License-Expression: EUPL-1.2" in metadata
    for shipped in ("tracker/web/static/vendor/swagger-ui/swagger-ui-bundle.js",
                    "tracker/web/static/vendor/chart.umd.min.js",
                    "tracker/schemas/monitor-v1.schema.json",
                    "tracker/schemas/monitor-v2.schema.json",
                    "tracker/data/pc4-gemeente.csv", "tracker/data/README.md"):
        assert shipped in names
