"""Real servers for tests: Mosquitto and PostgreSQL on free loopback ports, in temp folders,
and the waits around them."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

START_TIMEOUT_S = 20  # a cold PostgreSQL initdb + start on a slow CI disk takes a few seconds
STOP_TIMEOUT_S = 10  # how long a stopped server may take to exit before the test fails
WAIT_S = 20.0  # generous for a loaded 2-core CI machine; tests end as soon as they can


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = START_TIMEOUT_S) -> None:
    """Block until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


def wait_until(condition: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    """Poll `condition` until true or `timeout`; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def stop_process(process: subprocess.Popen[bytes] | None, kill: bool = False) -> None:
    """End a server we started: SIGTERM (SIGKILL with `kill`), then reap it."""
    if process and process.poll() is None:
        if kill:
            process.kill()
        else:
            process.terminate()
        process.wait(STOP_TIMEOUT_S)


def _binary(name: str, *candidates: str) -> str:
    found = shutil.which(name) or next((c for c in candidates if os.path.exists(c)), None)
    if not found:
        raise RuntimeError(f"{name} is not installed; run scripts/bootstrap.sh as root")
    return found


@dataclass
class Mosquitto:
    """A Mosquitto broker process; restartable on the same port with the same persistence."""

    folder: Path
    port: int
    extra_config: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        conf = self.folder / "mosquitto.conf"
        conf.write_text(
            f"listener {self.port} 127.0.0.1\n"
            "allow_anonymous true\n"
            "persistence true\n"
            f"persistence_location {self.folder}/\n"
            "autosave_interval 1\n"
            f"log_dest file {self.folder}/mosquitto.log\n"
            # Mosquitto drops to user 'mosquitto' when started as root; keep root so it can
            # write its persistence file in our temp folder.
            + ("user root\n" if os.geteuid() == 0 else "")
        + "set_tcp_nodelay true\n"  # small QoS 1 packets must not wait for delayed ACKs
        # Mosquitto drops QoS 1 messages for a client beyond 1,000 queued by default: a
        # tracker that was down for a busy morning must find all its weighings waiting.
        + "max_queued_messages 1000000\nmax_inflight_messages 1000\n"
            + self.extra_config
        )
        exe = _binary("mosquitto", "/usr/sbin/mosquitto")
        self.process = subprocess.Popen([exe, "-c", str(conf)], stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self, kill: bool = False) -> None:
        stop_process(self.process, kill)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@contextlib.contextmanager
def mosquitto(folder: Path, extra_config: str = "") -> Iterator[Mosquitto]:
    """Run a broker for the duration of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    broker = Mosquitto(folder, free_port(), extra_config)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


def _pg_bin(name: str) -> str:
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else _binary(name)


@dataclass
class Postgres:
    """A throwaway PostgreSQL cluster; stoppable and startable again with the same data."""

    folder: Path
    port: int

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database `ambacht`."""
        return f"postgresql+psycopg://ambacht@127.0.0.1:{self.port}/ambacht"

    def _run(self, *args: str, **kwargs: Any) -> None:
        # PostgreSQL refuses to run as root: run it as the 'postgres' user in a folder it owns.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run([*prefix, _pg_bin(args[0]), *args[1:]], env=env,
                       stdout=subprocess.DEVNULL, **kwargs)

    def create(self) -> None:
        """initdb, start, and create the database `ambacht`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o700)
            # the parents must be traversable by postgres
            for parent in self.folder.parents:
                if str(parent).startswith("/tmp/") and parent != Path("/tmp"):
                    os.chmod(parent, os.stat(parent).st_mode | 0o711)
        self._run("initdb", "-D", str(self.folder / "pgdata"), "-U", "ambacht", "-A", "trust",
                  "-E", "UTF8", "--no-sync", check=True)
        self.start()
        subprocess.run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                        "ambacht", "ambacht"], check=True)

    def start(self) -> None:
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                "-c max_connections=200")
        self._run("pg_ctl", "-D", str(self.folder / "pgdata"), "-o", opts, "-l",
                  str(self.folder / "pg.log"), "-w", "start", check=True)
        wait_for_port(self.port)

    def stop(self) -> None:
        """Stop at once, as a crash or a pulled cable would (clients see their links drop)."""
        self._run("pg_ctl", "-D", str(self.folder / "pgdata"), "-m", "immediate", "stop",
                  stderr=subprocess.DEVNULL)


@contextlib.contextmanager
def postgresql(folder: Path) -> Iterator[Postgres]:
    """A throwaway PostgreSQL cluster for the duration of the block."""
    cluster = Postgres(folder, free_port())
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.stop()
