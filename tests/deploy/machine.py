"""A clean Debian machine for the install test, inside this one: a private mount and network
namespace where /etc, /opt, /srv, /usr/local, /var and /root are copy-on-write layers over
the real ones (written to a tmpfs that vanishes with the namespace), /run is empty, loopback
is its own (production's ports 1883, 8883, 8000 and 5432 collide with nothing; pip uses
this host's local package mirror, as an offline server would), and
systemctl, journalctl, sudo, sudoedit, apt and scp are stand-ins (tests/deploy/standin/).
Users made there (ambacht, ambacht-gateway) exist only there. Needs root."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

STANDIN = Path(__file__).resolve().parent / "standin"
LAYERED = ("/etc", "/opt", "/srv", "/usr/local", "/var", "/root")
PATH = f"{STANDIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
READY_S = 10.0
SCAN_EVERY_S = 0.02  # /proc is read this often for command lines; pg_dump lives ~100 ms
HOSTS = "127.0.0.1 mqtt.waardering.nl ambacht.waardering.nl ambacht-server\n"

SETUP = r"""
set -e
mount -t tmpfs -o mode=0755 ambacht-machine "$LAYERS"
for dir in {layered}; do
    name=$(echo "$dir" | tr / _)
    mkdir -p "$LAYERS/$name/upper" "$LAYERS/$name/work"
    layer="$LAYERS/$name"
    mount -t overlay overlay -o "lowerdir=$dir,upperdir=$layer/upper,workdir=$layer/work" "$dir"
done
mount -t tmpfs -o mode=0755 run /run
mkdir -p /run/standin/edits
echo '{hosts}' >> /etc/hosts
# no network in here: pip's index is this host's local mirror, as on an offline server
sed -i '/^\[global\]/a index-url = file:///opt/pypi/simple' /etc/pip.conf
ip link set lo up
echo ready
exec sleep infinity
""".format(layered=" ".join(LAYERED), hosts=HOSTS.strip())


class Machine:
    """The namespace's anchor process and a way to run shell commands in it as root."""

    def __init__(self, layers: Path) -> None:
        layers.mkdir(parents=True, exist_ok=True)
        self.anchor = subprocess.Popen(
            ["unshare", "--mount", "--net", "--propagation", "private", "bash", "-c", SETUP],
            env={"PATH": PATH, "LAYERS": str(layers)}, stdout=subprocess.PIPE, text=True)
        assert self.anchor.stdout is not None
        if self.anchor.stdout.readline().strip() != "ready":
            raise RuntimeError("the machine's namespace could not be set up")
        self.command_lines: set[str] = set()
        self._scanning = threading.Event()
        self._scanner = threading.Thread(target=self._scan, daemon=True)
        self._scanning.set()
        self._scanner.start()

    def run(self, script: str, check: bool = True, timeout: float = 300,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """`script` in bash as root in the machine; the script goes on stdin, not argv."""
        done = subprocess.run(
            ["nsenter", f"--target={self.anchor.pid}", "--mount", "--net", "--",
             "bash", "-euo", "pipefail", "-s"],
            input=script, capture_output=True, text=True, timeout=timeout,
            env={"PATH": PATH, "HOME": "/root", "LANG": "C.UTF-8", "TERM": "dumb",
                 **(env or {})}, cwd="/")
        if check and done.returncode:
            raise AssertionError(f"exit {done.returncode}:\n{script}\n--- stdout\n"
                                 f"{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
        return done

    def read(self, path: str) -> str:
        """A file as the machine sees it."""
        return self.run(f"cat {path}").stdout

    def _scan(self) -> None:
        """Every command line of every process on the host, as any local user can read it."""
        while self._scanning.is_set():
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        raw = Path(entry.path, "cmdline").read_bytes()
                    except OSError:
                        continue
                    if raw:
                        self.command_lines.add(raw.replace(b"\0", b" ").decode(errors="replace"))
            time.sleep(SCAN_EVERY_S)

    def _members(self) -> list[int]:
        mine = os.readlink(f"/proc/{self.anchor.pid}/ns/mnt")
        pids = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and int(entry.name) != self.anchor.pid:
                try:
                    if os.readlink(f"{entry.path}/ns/mnt") == mine:
                        pids.append(int(entry.name))
                except OSError:
                    continue
        return pids

    def close(self) -> None:
        """End every process in the machine (services first, politely), then the machine."""
        self._scanning.clear()
        self._scanner.join(5)
        self.run("for u in $(ls /run/standin 2>/dev/null | grep -v edits); do "
                 "systemctl stop \"$u\" || true; done", check=False, timeout=60)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in self._members():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            time.sleep(0.5)
        self.anchor.kill()
        self.anchor.wait(10)
