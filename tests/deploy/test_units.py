"""The systemd units, config files and scripts under deploy/: systemd accepts the units,
their hardening scores well, the config files document every option the programs have,
and what systemd would run is a command line the programs accept."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import build_parser
from gateway.outbox import BUSY_TIMEOUT_S
from gateway.watchdog import PING_FRACTION
from tests.deploy.support import DEPLOY, expand_exec, read_environment_file, unit_value
from tracker.settings import Settings

GATEWAY_UNIT = DEPLOY / "gateway" / "ambacht-gateway@.service"
GATEWAY_CONF = DEPLOY / "gateway" / "gateway.conf"
SERVER_ENV = DEPLOY / "server" / "ambacht.env"
VENV_BIN = Path(sys.executable).parent
# Where the units expect things in production -> where they are in this checkout.
INSTALLED = {
    "/opt/ambacht-gateway/bin/ambacht-gateway": str(VENV_BIN / "ambacht-gateway"),
    "/opt/ambacht/bin/ambacht": str(VENV_BIN / "ambacht"),
    "/usr/local/lib/ambacht/ambacht-backup": str(DEPLOY / "server" / "ambacht-backup"),
}
UNITS = {  # file in deploy/ -> name to verify it under (a template needs an instance)
    GATEWAY_UNIT: "ambacht-gateway@milieustraat-1.service",
    DEPLOY / "server" / "ambacht.service": "ambacht.service",
    DEPLOY / "server" / "ambacht-backup.service": "ambacht-backup.service",
    DEPLOY / "server" / "ambacht-backup.timer": "ambacht-backup.timer",
}
# `systemd-analyze security` rates a unit's exposure from 0.0 (locked down) to 10.0 and
# calls up to 2.0 "OK"; its --threshold counts in tenths. Our units score 1.4-1.7.
MAX_EXPOSURE_TENTHS = 18
# What every service must keep, whatever the score says (the score moves in coarse steps).
REQUIRED = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
            "PrivateTmp": "yes", "CapabilityBoundingSet": "", "ProtectProc": "invisible",
            "UMask": "0077"}
SCRIPTS = [DEPLOY / "gateway" / "install.sh", DEPLOY / "server" / "install.sh",
           DEPLOY / "server" / "setup-postgresql.sh", DEPLOY / "server" / "ambacht-backup",
           DEPLOY / "server" / "ambacht-admin"]
SET_BY_THE_UNIT = {"scale_id", "serial", "protocol", "centre", "outbox",
                   "broker"}  # AMBACHT_BROKER, from the environment: see below
NOT_CONFIG = {"help", "list_protocols", "version", "sniff", "lang"}  # the installer's tools
SETTINGS_NOT_IN_ENV = {"production"}  # documented, but as a fixed line: checked below


def installed_units(folder: Path) -> list[str]:
    """The units as installed, with the programs they start pointing into this checkout."""
    names = []
    for source, name in UNITS.items():
        text = source.read_text()
        for path, here in INSTALLED.items():
            text = text.replace(path, here)
        (folder / name).write_text(text)
        names.append(name)
    return names


systemd_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                     reason="systemd-analyze is not installed here")


@systemd_analyze
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    names = installed_units(tmp_path)
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path,
                          capture_output=True, text=True)
    # verify exits 0 even for an unknown or misspelt key: any output at all is a finding
    assert done.returncode == 0 and not done.stdout.strip() and not done.stderr.strip(), \
        done.stdout + done.stderr


@systemd_analyze
@pytest.mark.parametrize("name", [n for n in UNITS.values() if n.endswith(".service")])
def test_services_are_hardened(tmp_path: Path, name: str) -> None:
    installed_units(tmp_path)
    done = subprocess.run(["systemd-analyze", "security", "--offline=yes",
                           f"--threshold={MAX_EXPOSURE_TENTHS}", name],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    unit = tmp_path / name
    assert {key: unit_value(unit, key) for key in REQUIRED} == REQUIRED
    assert unit_value(unit, "User") not in ("", "root")


def documented_gateway_options() -> dict[str, list[str]]:
    """`#   --option VALUE  text` lines of gateway.conf: option -> its example arguments."""
    found = {}
    for line in GATEWAY_CONF.read_text().splitlines():
        m = re.match(r"^#\s+(--[a-z-]+)((?: [^ ]+)?)\s{2,}\S", line)
        if m:
            found[m.group(1)] = m.group(2).split()
    return found


def test_gateway_config_documents_every_option_with_its_real_default() -> None:
    parser = build_parser()
    documented = documented_gateway_options()
    options = {a.dest: a for a in parser._actions if a.option_strings}
    expected = {a.option_strings[-1] for dest, a in options.items()
                if dest not in SET_BY_THE_UNIT | NOT_CONFIG}
    assert set(documented) == expected
    text = GATEWAY_CONF.read_text()
    for option, example in documented.items():
        args = parser.parse_args([option, *example])  # every example is valid as written
        dest = option[2:].replace("-", "_")
        said_default = re.search(rf"^#\s+{option} .*\(default\)\s*$", text, re.MULTILINE)
        if said_default:
            assert getattr(args, dest) == options[dest].default, option


def test_gateway_unit_runs_a_command_line_the_gateway_accepts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    env = read_environment_file(GATEWAY_CONF)
    argv = expand_exec(unit_value(GATEWAY_UNIT, "ExecStart"), env,
                       {"i": "milieustraat-1", "S": "/var/lib"})
    assert argv[0] == "/opt/ambacht-gateway/bin/ambacht-gateway"
    # every local user can read /proc/PID/cmdline: the password comes from the environment
    assert not [a for a in argv if "PASSWORD" in a], argv
    for key, value in env.items():
        monkeypatch.setenv(key, value)  # as systemd passes the EnvironmentFile
    args = build_parser().parse_args(argv[1:])
    assert args.broker == env["AMBACHT_BROKER"]
    assert args.scale_id == "milieustraat-1"
    assert args.serial == "/dev/ambacht-scale-CHANGE-ME-SCALE"
    assert str(args.outbox) == "/var/lib/ambacht-gateway/milieustraat-1/outbox.sqlite"
    # the outbox is in the one folder the hardened unit may write to
    assert unit_value(GATEWAY_UNIT, "StateDirectory") == "ambacht-gateway/%i"
    assert unit_value(GATEWAY_UNIT, "ProtectSystem") == "strict"


def test_gateway_unit_restarts_a_stuck_loop_but_not_a_slow_one() -> None:
    # the gateway says READY=1 and pings from its loop (tests/fault/gateway/test_watchdog.py)
    assert unit_value(GATEWAY_UNIT, "Type") == "notify"
    ping_every_s = int(unit_value(GATEWAY_UNIT, "WatchdogSec")) * PING_FRACTION
    assert ping_every_s > 2 * BUSY_TIMEOUT_S, "an outbox write waiting for its file is no hang"
    assert unit_value(GATEWAY_UNIT, "Restart") == "always"


def env_names(path: Path) -> set[str]:
    """Every AMBACHT_* variable a settings file sets or shows commented out."""
    return set(re.findall(r"^#?(AMBACHT_[A-Z0-9_]+)=", path.read_text(), re.MULTILINE))


def test_server_settings_file_documents_every_setting_and_no_unknown_one() -> None:
    names = {n for n in env_names(SERVER_ENV) if not n.startswith("AMBACHT_BACKUP_")}
    fields = {f"AMBACHT_{f.upper()}" for f in Settings.model_fields}
    assert names == fields  # a misspelt variable would be silently ignored by the tracker
    assert read_environment_file(SERVER_ENV)["AMBACHT_PRODUCTION"] == "true"


def test_server_unit_runs_what_the_tracker_accepts() -> None:
    from tracker.cli import parser

    argv = expand_exec(unit_value(DEPLOY / "server" / "ambacht.service", "ExecStart"), {}, {})
    assert argv[0] == "/opt/ambacht/bin/ambacht"
    args = parser().parse_args(argv[1:])
    assert (args.command, args.host, args.port) == ("serve", "127.0.0.1", 8000)


@pytest.mark.parametrize("path", [SERVER_ENV, GATEWAY_CONF], ids=lambda p: p.name)
def test_settings_files_read_the_same_in_systemd_and_in_a_shell(path: Path) -> None:
    # ambacht-admin sources ambacht.env in sh; systemd reads it as EnvironmentFile
    done = subprocess.run(["sh", "-c", f'set -a; . "{path}"; env -0'], capture_output=True,
                          text=True, check=True, env={"PATH": "/usr/bin:/bin"})
    shell = dict(kv.split("=", 1) for kv in done.stdout.split("\0") if "=" in kv)
    systemd = read_environment_file(path)
    assert {k: shell[k] for k in systemd} == systemd


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse_and_pass_shellcheck(script: Path) -> None:
    shell = "sh" if script.read_text().startswith("#!/bin/sh") else "bash"
    subprocess.run([shell, "-n", str(script)], check=True)
    if shutil.which("shellcheck"):
        done = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout
