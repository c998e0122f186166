"""deploy/README.md and deploy/UPGRADE.md followed as written, on a clean machine: install,
first weighing over TLS, backup, scratch restore, upgrade to the next commit, rollback.

The machine is tests/deploy/machine.py: this host's Debian packages (PostgreSQL, Mosquitto,
Python) under copy-on-write layers, with stand-ins for what cannot run here: systemd
(each unit's ExecStart run as its User= with its EnvironmentFile=), the administrator's
editor (sudoedit writes what the test types), apt (the packages are installed already) and
scp (the Raspberry Pi is this machine). The README's blocks run as they stand, except:
  - `git clone …`: the `…` is a repository made from this checkout (and the Pi's clone is
    the server's: both are this machine);
  - `--device /dev/ttyUSB0`: there is no USB adapter; a pty stands in for it, and the
    refusal of an adapter udev does not know is checked on its own;
  - Caddy is not started (its default site would take port 80; tests/deploy/test_caddy.py
    proves the Caddyfile), and §2 (a second machine, the site broker) is not run here
    (tests/deploy/test_bridge.py runs its configuration).
Throughout, every command line of every process on the host is read, as any local user
can: no password or token may ever be in one."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from gateway.simulator import virtual_port
from tests.deploy.machine import Machine
from tests.deploy.support import DEPLOY, REPO
from tests.deploy.test_bridge import GATEWAY_OPTIONS
from tests.integration.gateway.support import items_for, playing
from tracker.store.database import MIGRATIONS

pytestmark = [pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"),
                                 reason="the install test needs root (namespaces, users)"),
              pytest.mark.postgres, pytest.mark.mosquitto]

README = DEPLOY / "README.md"
UPGRADE = DEPLOY / "UPGRADE.md"
SCALE = "milieustraat-1"
WAIT_S = 60  # seconds for a tracker start (imports, migrations) on a busy 2-core machine
NEXT_VERSION = "0.1.1"


def blocks(doc: Path) -> list[str]:
    """The ```bash blocks of a document, in order."""
    return re.findall(r"```bash\n(.*?)```", doc.read_text(), re.DOTALL)


def block(doc: Path, containing: str) -> str:
    found = [b for b in blocks(doc) if containing in b]
    assert len(found) == 1, f"{doc.name}: {len(found)} blocks with {containing!r}"
    return found[0]


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=test", "-c",
                           "user.email=test@example.org", *args], check=True,
                          capture_output=True, text=True).stdout


def upstream_from_checkout(folder: Path) -> Path:
    """A repository whose main holds this checkout as it is now (uncommitted work too)."""
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard",
                            "-z"], check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / name.decode()
        if source.is_file():
            (folder / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name.decode())
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "this checkout")
    return folder


def next_commit(upstream: Path) -> str:
    """The next release: a new version number and one more migration (a table)."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    new = f"{int(head) + 1:04d}"
    pyproject = upstream / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"',
                                                       f'version = "{NEXT_VERSION}"', 1))
    (upstream / f"tracker/store/migrations/versions/{new}_upgrade_probe.py").write_text(
        f'"""upgrade_probe: made by the install test\'s next release"""\n\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "{new}"\ndown_revision = "{head}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade() -> None:\n"
        '    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), '
        "primary_key=True))\n")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", f"release {NEXT_VERSION}")
    return new


def api(machine: Machine, token: str, path: str) -> object:
    """GET on the tracker from inside the machine; the token goes to curl on stdin."""
    done = machine.run(f"curl -sf -K - http://127.0.0.1:8000{path} <<'CFG'\n"
                       f'header = "Authorization: Bearer {token}"\nCFG\n')
    return json.loads(done.stdout)


def wait_healthy(machine: Machine) -> None:
    machine.run(f"for i in $(seq {WAIT_S * 5}); do "
                "curl -sf http://127.0.0.1:8000/api/health && exit 0; sleep 0.2; done; "
                "journalctl -u ambacht -n 30 >&2; exit 1")


def wait_stopped(machine: Machine, unit: str) -> str:
    """The unit's exit status once its process has ended."""
    return machine.run(f"for i in $(seq {WAIT_S * 5}); do "
                       f"[ -f /run/standin/{unit}/status ] && exec cat /run/standin/{unit}/status;"
                       " sleep 0.2; done; journalctl -u ambacht -n 30 >&2; exit 1").stdout.strip()


def schema(machine: Machine) -> str:
    return machine.run("sudo -u ambacht psql -X -tA ambacht -c "
                       "'SELECT version_num FROM alembic_version'").stdout.strip()


def type_in(machine: Machine, name: str, lines: list[str]) -> None:
    """What the administrator types in sudoedit (stdin of the machine's shell: no argv)."""
    machine.run(f"cat > /run/standin/edits/{name} <<'EDITS'\n" + "\n".join(lines) + "\nEDITS\n")


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Machine]:
    m = Machine(tmp_path / "layers")
    try:
        yield m
    finally:
        m.close()


def test_install_weigh_back_up_restore_upgrade_roll_back(tmp_path: Path,
                                                         machine: Machine) -> None:
    upstream = upstream_from_checkout(tmp_path / "upstream")
    secrets: list[str] = []

    # --- §1: install ------------------------------------------------------------------
    install = block(README, "deploy/server/install.sh").replace("…", str(upstream))
    out = machine.run(install).stdout
    assert "installed ambacht 0.1.0 in /opt/ambacht" in out
    # the commented-out feed token example does not count, the real placeholders do
    assert "Next: fill in the CHANGE-ME values" in out and "restarted" not in out
    assert "python3.11" in machine.run("readlink -f /opt/ambacht/bin/python").stdout
    assert machine.run("readlink -f /opt/ambacht/bin/python").stdout.startswith("/usr/bin/")

    out = machine.run(block(README, "setup-postgresql.sh")).stdout
    assert out.strip() in machine.read("/etc/ambacht/ambacht.env")  # the line is already there

    machine.run(block(README, "openssl req -x509"))
    certs = machine.run("ls -A /etc/mosquitto/certs").stdout.split()
    assert sorted(certs) == ["README", "central-ca.crt", "server.crt", "server.key"], certs
    assert machine.run("stat -c %a:%U /root/ambacht-ca.key").stdout.strip() == "600:root"

    users = block(README, "ambacht-mqtt-user add tracker")
    passwords = machine.run(users).stdout.split()
    roles = re.findall(r"ambacht-mqtt-user add (\w+)", users)
    assert len(passwords) == len(roles) == 3
    password = dict(zip(roles, passwords, strict=True))
    secrets += passwords

    type_in(machine, "ambacht.env", [
        "AMBACHT_CENTRE=waardering", "AMBACHT_BASE_URL=https://ambacht.waardering.nl",
        f"AMBACHT_MQTT_URL=mqtt://tracker:{password['tracker']}@127.0.0.1:1883"])
    started = machine.run(block(README, "sudoedit /etc/ambacht/ambacht.env"))
    admin = started.stdout.strip().splitlines()[-1]
    secrets.append(admin)
    wait_healthy(machine)
    # the tracker or the admin command right after it migrated the new database, once
    journal = machine.run("journalctl -u ambacht -n 100").stdout + started.stderr
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO ambacht: Ambacht 0\.1\.0 on "
                     r"postgresql\+psycopg://ambacht@/ambacht\?host=/run/postgresql \(schema "
                     r"\d{4}\)", journal, re.MULTILINE), journal
    assert "database schema migrated to" in journal

    # --- §3: a scale's gateway, first weighing over TLS -------------------------------
    pi = block(README, "deploy/gateway/install.sh")
    assert "sudo git clone … /srv/ambacht-src\n" in pi
    pi = pi.replace("sudo git clone … /srv/ambacht-src\n", "")  # the server's clone serves
    assert " --device /dev/ttyUSB0" in pi
    pi = pi.replace(" --device /dev/ttyUSB0", "")  # no USB adapter here: a pty instead
    with virtual_port() as (port, serial):
        os.chown(serial, 0, __import__("grp").getgrnam("dialout").gr_gid)
        os.chmod(serial, 0o660)  # as the udev rule gives the adapter to group dialout
        type_in(machine, f"gateway-{SCALE}.conf", [
            f"AMBACHT_SERIAL={serial}", "AMBACHT_PROTOCOL=st-gs", "AMBACHT_CENTRE=waardering",
            f"AMBACHT_BROKER=mqtts://gw-{SCALE}:{password['gateway']}@mqtt.waardering.nl:8883",
            "SSL_CERT_FILE=/etc/ambacht/mqtt-ca.crt",
            f'AMBACHT_GATEWAY_OPTIONS="{GATEWAY_OPTIONS} --log-level INFO"'])
        out = machine.run(pi).stdout
        assert "installed ambacht-gateway 0.1.0 in /opt/ambacht-gateway" in out
        assert "wrote /etc/ambacht/gateway-milieustraat-1.conf" in out
        with playing(port, "st-gs", items_for(2)):  # someone puts things on the scale
            machine.run(f"for i in $(seq {WAIT_S * 5}); do sudo -u ambacht psql -X -tA ambacht "
                        "-c 'SELECT count(*) FROM weighings' | grep -qv '^0$' && exit 0; "
                        "sleep 0.2; done; journalctl -u ambacht-gateway@milieustraat-1 >&2; "
                        "exit 1")
    weighings = api(machine, admin, f"/api/scales/{SCALE}/weighings")
    assert isinstance(weighings, list) and weighings[0]["net_kg"] == 12.34
    gateway_log = machine.run(f"journalctl -u ambacht-gateway@{SCALE} -n 100").stdout
    assert "ambacht-gateway 0.1.0" in gateway_log and password["gateway"] not in gateway_log

    # --- backups ----------------------------------------------------------------------
    out = machine.run(block(README, "ls -l /var/backups/ambacht")).stdout
    newest = machine.run("sh -c 'ls -t /var/backups/ambacht/ambacht-*.backup | head -n 1'"
                         ).stdout.strip()
    assert machine.run(f"stat -c %a:%U {newest}").stdout.strip() == "600:ambacht"
    machine.run("sudo ambacht site add na-de-backup --municipality Zeist")  # after the backup

    # production cannot be replaced under the running tracker...
    refused = machine.run(f"sudo ambacht restore {newest}", check=False)
    assert refused.returncode == 1
    assert "postgresql+psycopg://ambacht@/ambacht?host=/run/postgresql" in refused.stderr
    assert "in gebruik door ambacht serve" in refused.stderr
    # ...and the scratch restore, as written, touches only the scratch database
    out = machine.run(block(README, "ambacht_try")).stdout
    assert "beheer" in out  # the scratch database has the backup's stations
    sites = api(machine, admin, "/api/sites")
    assert "na-de-backup" in {s["id"] for s in sites}  # type: ignore[union-attr]

    # --- upgrade to the next commit ----------------------------------------------------
    new = next_commit(upstream)
    out = machine.run(block(UPGRADE, "git -C /srv/ambacht-src pull")).stdout
    assert f"installed ambacht {NEXT_VERSION}" in out and "ambacht restarted" in out
    wait_healthy(machine)
    journal = machine.run("journalctl -u ambacht -n 200").stdout
    assert f"Ambacht {NEXT_VERSION} on" in journal and f"migrated to {new}" in journal
    assert schema(machine) == new

    # --- rollback: the old code refuses the newer schema with one sentence ---------------
    rollback = block(UPGRADE, "HEAD@{1}").splitlines(keepends=True)
    split = next(i for i, line in enumerate(rollback) if line.startswith("journalctl"))
    before = machine.run("wc -l < /var/log/standin/ambacht.service.log").stdout.strip()
    machine.run("".join(rollback[:split]))
    assert wait_stopped(machine, "ambacht.service") == "2"  # RestartPreventExitStatus=2
    lines = machine.run(f"tail -n +{int(before) + 1} /var/log/standin/ambacht.service.log"
                        ).stdout.strip().splitlines()
    stopped = max(i for i, line in enumerate(lines) if "Finished server process" in line)
    said = lines[stopped + 1:]  # all the old version wrote
    assert len(said) == 1 and "Traceback" not in said[0], said
    assert said[0].startswith(f"ambacht: de database staat op schemaversie {new}")
    back = machine.run("".join(rollback[split:])).stdout  # restore, start, check
    old = schema(machine)
    assert old != new and "Ambacht 0.1.0 on" in back and f"(schema {old})" in back
    tables = machine.run("sudo -u ambacht psql -X -tA ambacht -c '\\dt'").stdout
    assert "upgrade_probe" not in tables and "weighings" in tables  # the whole schema replaced

    # --- no secret was ever on a command line -------------------------------------------
    leaked = [line for line in machine.command_lines for s in secrets if s in line]
    assert not leaked, leaked


def test_an_adapter_udev_cannot_name_stops_the_gateway_install_before_any_change(
        machine: Machine) -> None:
    with virtual_port() as (_, serial):  # a serial device without USB ids, as udev sees it
        done = machine.run(f"{DEPLOY}/gateway/install.sh {SCALE} --device {serial}",
                           check=False)
    assert done.returncode == 1 and "nothing was installed" in done.stderr, done.stderr
    left = machine.run("ls /etc/ambacht /opt/ambacht-gateway /etc/udev/rules.d/"
                       f"99-ambacht-scale-{SCALE}.rules 2>&1 || true; "
                       "id ambacht-gateway 2>&1 || true").stdout
    assert left.count("No such file") == 3 and "no such user" in left, left
