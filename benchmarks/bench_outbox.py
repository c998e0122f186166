"""Outbox writes on the SD card per weighing (stored, then acknowledged).

Write calls and bytes from /proc/self/io (`syscw`, `wchar`: every write the process
makes, whatever the file system), and the fdatasync calls counted by strace when it is
installed (`strace -c`), which is what wears an SD card and costs the most time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gateway.outbox import Outbox

WEIGHINGS = 500
WARMUP = 20  # the file's creation and first pages are not a weighing's cost
PAYLOAD = "x" * 330  # the size of a real weighing payload


def _io() -> tuple[int, int]:
    fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(fields["syscw"]), int(fields["wchar"])


def weighings(box: Outbox, count: int) -> None:
    """Store and acknowledge `count` weighings, one by one, as the gateway does."""
    for _ in range(count):
        pending = box.add(lambda seq: (f"scale-1:abcdef:{seq:06d}", PAYLOAD))
        box.acknowledge([pending.id])


def writes_per_weighing(folder: Path) -> tuple[float, float]:
    """(write calls, bytes) per weighing on a fresh outbox in `folder`."""
    box = Outbox(folder / "outbox.sqlite")
    weighings(box, WARMUP)
    calls, written = _io()
    weighings(box, WEIGHINGS)
    calls_after, written_after = _io()
    box.close()
    return (calls_after - calls) / WEIGHINGS, (written_after - written) / WEIGHINGS


def fdatasyncs_per_weighing() -> float | None:
    """fdatasync + fsync calls per weighing, counted by strace; None without strace."""
    if shutil.which("strace") is None:
        return None
    script = "from benchmarks.bench_outbox import _syncs_child; _syncs_child()"
    done = subprocess.run(
        ["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", sys.executable, "-c", script],
        capture_output=True, text=True, check=False,
    )
    counts = re.findall(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?f(?:data)?sync$",
                        done.stderr, re.MULTILINE)
    if done.returncode or not counts:
        return None
    return sum(map(int, counts)) / WEIGHINGS  # creating the file's few syncs included


def _syncs_child() -> None:
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        box = Outbox(Path(folder) / "outbox.sqlite")
        weighings(box, WEIGHINGS)
        box.close()


def run() -> None:
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        calls, written = writes_per_weighing(Path(folder))
    syncs = fdatasyncs_per_weighing()
    said = "strace not installed" if syncs is None else f"{syncs:.2f}"
    print(f"outbox: {WEIGHINGS} weighings stored and acknowledged one by one")
    print(f"  per weighing: {calls:.1f} write calls, {written:,.0f} bytes, fdatasync {said}")


if __name__ == "__main__":
    run()
