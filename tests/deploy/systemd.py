"""systemd units and environment files read as systemd reads them. Standard library only:
tests/deploy/standin/systemctl runs these with the system's Python inside the install
test's machine."""

from __future__ import annotations

import shlex
from pathlib import Path


def read_environment_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a systemd EnvironmentFile (comments, optional double quotes)."""
    env = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        env[key.strip()] = value
    return env


def unit_value(unit: Path, key: str) -> str:
    """The (last) value of `key=` in a unit file."""
    values = [line.split("=", 1)[1].strip() for line in unit.read_text().splitlines()
              if line.startswith(f"{key}=")]
    assert values, f"{unit.name} has no {key}="
    return values[-1]


def expand_exec(command: str, env: dict[str, str], specifiers: dict[str, str]) -> list[str]:
    """An ExecStart= line as systemd runs it: %-specifiers, then ${VAR} (one argument, as is)
    and $VAR (split at whitespace into zero or more arguments)."""
    for spec, value in specifiers.items():
        command = command.replace(f"%{spec}", value)
    argv: list[str] = []
    for word in shlex.split(command):
        if word.startswith("$") and not word.startswith("${"):
            argv += env.get(word[1:], "").split()
            continue
        while "${" in word:
            start = word.index("${")
            end = word.index("}", start)
            word = word[:start] + env.get(word[start + 2:end], "") + word[end + 1:]
        argv.append(word)
    return argv
