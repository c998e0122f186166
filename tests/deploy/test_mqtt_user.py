"""deploy/mosquitto/ambacht-mqtt-user: passwords shown once and stored only as hashes,
existing users protected, rights changed without a new password, users removed cleanly.
(What the users may then do on a real broker: test_mosquitto.py.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.deploy.support import MQTT_USER


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MQTT_USER), "--dir", str(folder), *args], capture_output=True,
                          text=True)


def test_a_user_lives_and_goes(tmp_path: Path) -> None:
    added = run(tmp_path, "add", "bridge", "kringloop-zuid", "--centre", "waardering",
                "--scale", "zuid-1")
    assert added.returncode == 0, added.stderr
    password = added.stdout.strip()
    assert len(password) >= 32 and "\n" not in password  # stdout: the password and nothing else
    passwd = (tmp_path / "passwd").read_text()
    assert passwd.startswith("bridge-kringloop-zuid:$7$") and password not in passwd
    assert oct((tmp_path / "passwd").stat().st_mode & 0o777) == "0o640"

    again = run(tmp_path, "add", "bridge", "kringloop-zuid", "--centre", "waardering",
                "--scale", "zuid-1")
    assert again.returncode == 2 and "exists" in again.stderr and again.stdout == ""

    widened = run(tmp_path, "add", "bridge", "kringloop-zuid", "--centre", "waardering",
                  "--scale", "zuid-1", "--scale", "zuid-2", "--replace", "--keep-password")
    assert widened.returncode == 0 and widened.stdout == ""  # no new password to show
    assert (tmp_path / "passwd").read_text() == passwd
    acl = (tmp_path / "acl").read_text()
    assert "topic write ambacht/waardering/scale/zuid-2/weighing" in acl
    assert "topic read ambacht/waardering/scale/zuid-2/ack" in acl

    listed = run(tmp_path, "list")
    assert "bridge-kringloop-zuid" in listed.stdout and "zuid-1,zuid-2" in listed.stdout

    removed = run(tmp_path, "remove", "bridge-kringloop-zuid")
    assert removed.returncode == 0
    assert "bridge-kringloop-zuid" not in (tmp_path / "passwd").read_text()
    assert "bridge-kringloop-zuid" not in (tmp_path / "acl").read_text()


def test_mistakes_are_one_line_and_change_nothing(tmp_path: Path) -> None:
    for args in (["add", "gateway", "--centre", "waardering"],           # no scale id
                 ["add", "gateway", "a/b", "--centre", "waardering"],    # topic separator
                 ["add", "gateway", "s1", "--centre", "#"],              # wildcard centre
                 ["add", "bridge", "zuid", "--centre", "waardering"],    # bridge without scales
                 ["add", "tracker", "--centre", "waardering", "--scale", "s1"],
                 ["remove", "nobody"]):
        done = run(tmp_path, *args)
        assert done.returncode == 2, args
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "acl").exists() and not (tmp_path / "passwd").exists()
