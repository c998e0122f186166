"""Deploy test helpers: throwaway certificates, Mosquitto run from deploy/ files, MQTT probes.

The configuration files under deploy/ are used as they are; only their absolute paths and
ports are moved into the test's temp folder (see `relocate`).
"""

from __future__ import annotations

import grp
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

# systemd units, read as systemd reads them (kept stdlib-only for the systemctl stand-in)
from tests.deploy.systemd import expand_exec, read_environment_file, unit_value  # noqa: F401
from tests.support.services import _binary, free_port, stop_process, wait_for_port, wait_until

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
MQTT_USER = DEPLOY / "mosquitto" / "ambacht-mqtt-user"
CERT_DAYS = "2"  # test certificates outlive the test run, nothing more
MQTT_WAIT_S = 10.0  # a CONNACK/SUBACK/PUBACK on loopback takes milliseconds; CI may be slow
# After this long without a message, one that was going to arrive would have arrived.
QUIET_S = 1.0


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@dataclass(frozen=True)
class Certs:
    """A test CA and a server certificate for localhost / 127.0.0.1 signed by it."""

    ca: Path
    cert: Path
    key: Path


def make_certs(folder: Path) -> Certs:
    """Generate a CA and a server key pair with openssl (EC P-256: fast to make)."""
    folder.mkdir(parents=True, exist_ok=True)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", CERT_DAYS,
            "-subj", "/CN=Ambacht test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
            cwd=folder)
    (folder / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                    "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.crt", "-days", CERT_DAYS, "-extfile", "ext.cnf",
            cwd=folder)
    return Certs(folder / "ca.crt", folder / "server.crt", folder / "server.key")


def relocate(text: str, root: Path, ports: dict[int, int]) -> str:
    """A deploy/ config with its absolute paths under `root` and its ports remapped."""
    for path in ("/etc/mosquitto/", "/var/lib/mosquitto/", "/var/log/mosquitto/",
                 "/run/mosquitto/"):
        text = text.replace(path, f"{root}{path}")
    lines = []
    for line in text.splitlines():
        words = line.split()
        if words[:1] == ["listener"] and int(words[1]) in ports:
            # production listens on every interface for TLS; a test stays on loopback
            line = f"listener {ports[int(words[1])]} 127.0.0.1"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _mosquitto_user() -> tuple[int, int] | None:
    """Mosquitto started as root drops to user 'mosquitto' (the production case)."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        user = pwd.getpwnam("mosquitto")
    except KeyError:
        return None
    return user.pw_uid, grp.getgrnam("mosquitto").gr_gid


@dataclass
class DeployedBroker:
    """Mosquitto running deploy/mosquitto/mosquitto.conf (plus conf.d files) in a temp root."""

    root: Path
    certs: Certs
    conf_d: dict[str, str] = field(default_factory=dict)  # file name -> text (relocated)
    plain_port: int = field(default_factory=free_port)
    tls_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def etc(self) -> Path:
        return self.root / "etc" / "mosquitto"

    def prepare(self) -> None:
        """Lay out /etc, /var/lib, /var/log and /run as production has them."""
        for sub in ("etc/mosquitto/ambacht", "etc/mosquitto/certs", "etc/mosquitto/conf.d",
                    "var/lib/mosquitto", "var/log/mosquitto", "run/mosquitto"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(self.certs.cert, self.etc / "certs" / "server.crt")
        shutil.copy(self.certs.key, self.etc / "certs" / "server.key")
        shutil.copy(self.certs.ca, self.etc / "certs" / "central-ca.crt")
        owner = _mosquitto_user()
        if owner:  # as in production: root owns the secrets, group mosquitto reads them
            for parent in [self.root, *self.root.parents]:
                if str(parent).startswith("/tmp/") and parent != Path("/tmp"):
                    os.chmod(parent, os.stat(parent).st_mode | 0o711)
            for f in (self.etc / "certs").iterdir():
                os.chown(f, 0, owner[1])
                os.chmod(f, 0o640)
            for sub in ("var/lib/mosquitto", "var/log/mosquitto", "run/mosquitto"):
                os.chown(self.root / sub, *owner)

    def add_user(self, role: str, ident: str | None = None, *extra: str) -> tuple[str, str]:
        """Create a user with the deploy helper; returns (name, password)."""
        args = [role, *([ident] if ident else []), *extra]
        done = subprocess.run([str(MQTT_USER), "--dir", str(self.etc / "ambacht"), "add", *args],
                              capture_output=True, text=True, check=True)
        password = done.stdout.strip()
        name = {"gateway": f"gw-{ident}", "bridge": f"bridge-{ident}"}.get(role, role)
        if "--name" in extra:
            name = extra[extra.index("--name") + 1]
        return name, password

    def start(self) -> None:
        conf = relocate((DEPLOY / "mosquitto" / "mosquitto.conf").read_text(), self.root,
                        {1883: self.plain_port, 8883: self.tls_port})
        (self.etc / "mosquitto.conf").write_text(conf)
        for name, text in self.conf_d.items():
            path = self.etc / "conf.d" / name
            path.write_text(relocate(text, self.root, {}))
            os.chmod(path, 0o640)
            owner = _mosquitto_user()
            if owner:
                os.chown(path, 0, owner[1])
        exe = _binary("mosquitto", "/usr/sbin/mosquitto")
        self.process = subprocess.Popen([exe, "-c", str(self.etc / "mosquitto.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for_port(self.plain_port)
            wait_for_port(self.tls_port)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"mosquitto did not start: {self.log()[-2000:]}") from None

    def stop(self, kill: bool = False) -> None:
        stop_process(self.process, kill)
        self.process = None

    def log(self) -> str:
        path = self.root / "var" / "log" / "mosquitto" / "mosquitto.log"
        return path.read_text(errors="replace") if path.exists() else ""


class Probe:
    """A paho client that records what happens to it: CONNACK, SUBACK, PUBACK, messages."""

    def __init__(self, port: int, user: str | None = None, password: str | None = None, *,
                 ca: Path | None = None, client_id: str | None = None) -> None:
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5,
                                  client_id=client_id or f"probe-{time.monotonic_ns()}")
        if user is not None:
            self.client.username_pw_set(user, password)
        if ca is not None:
            self.client.tls_set(ca_certs=str(ca))
        self.port = port
        self.host = "127.0.0.1" if ca is None else "localhost"  # the name in the certificate
        self.connack: Any = None
        self.disconnected = threading.Event()
        self.messages: list[tuple[str, bytes]] = []
        self.subacks: list[list[Any]] = []
        self.pubacks: dict[int, Any] = {}
        self._lock = threading.Lock()
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = lambda *a: self.disconnected.set()
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda c, u, mid, codes, p: self.subacks.append(list(codes))
        self.client.on_publish = self._on_publish

    def _on_connect(self, c: Any, u: Any, flags: Any, reason: Any, props: Any) -> None:
        self.connack = reason

    def _on_message(self, c: Any, u: Any, msg: mqtt.MQTTMessage) -> None:
        with self._lock:
            self.messages.append((msg.topic, bytes(msg.payload)))

    def _on_publish(self, c: Any, u: Any, mid: int, reason: Any, props: Any) -> None:
        self.pubacks[mid] = reason

    def connect(self) -> Probe:
        """Try to connect; afterwards `connack` holds the broker's answer (None: none came)."""
        try:
            self.client.connect(self.host, self.port, keepalive=30)
        except OSError:
            self.disconnected.set()
            return self
        self.client.loop_start()
        wait_until(lambda: self.connack is not None or self.disconnected.is_set(), MQTT_WAIT_S)
        return self

    @property
    def connected(self) -> bool:
        return self.connack is not None and not self.connack.is_failure \
            and not self.disconnected.is_set()

    def subscribe(self, topic: str, qos: int = 1) -> list[Any]:
        """Subscribe and wait for the SUBACK; returns its reason codes."""
        before = len(self.subacks)
        self.client.subscribe(topic, qos)
        assert wait_until(lambda: len(self.subacks) > before, MQTT_WAIT_S)
        return self.subacks[before]

    def publish(self, topic: str, payload: str | bytes, qos: int = 1,
                retain: bool = False) -> Any:
        """Publish; for QoS 1 wait for the PUBACK and return its reason code (None: none)."""
        info = self.client.publish(topic, payload, qos=qos, retain=retain)
        if qos == 0:
            return None
        wait_until(lambda: info.mid in self.pubacks or self.disconnected.is_set(),
                   MQTT_WAIT_S)
        return self.pubacks.get(info.mid)

    def topics(self) -> list[str]:
        with self._lock:
            return [t for t, _ in self.messages]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
