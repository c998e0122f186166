"""Configuration mistakes end in one readable line and exit code 2; good ones build a config."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gateway.cli import build_parser, config_from, list_protocols, main
from gateway.protocols import PROTOCOLS


def error_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ambacht-gateway: error: "), err
    return err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([], "--serial is required"),
        (["--serial", "/dev/ttyUSB0"], "--protocol is required"),
        (["--serial", "/dev/ttyUSB0", "--protocol", "dini"], "unknown protocol"),
        (["--serial", "/dev/ttyUSB0", "--protocol", "sma"], "--scale-id is required"),
        (["--serial", "/dev/ttyUSB0", "--protocol", "sma", "--scale-id", "a/b"], "topic level"),
        (["--serial", "nope://x", "--protocol", "sma", "--scale-id", "s"], "pyserial"),
        (["--serial", "/dev/x", "--protocol", "sma", "--scale-id", "s", "--broker", "http://h"],
         "mqtt://"),
        (["--serial", "/dev/x", "--protocol", "sma", "--scale-id", "s", "--min-kg", "-1"],
         "--min-kg"),
        (["--serial", "/dev/x", "--protocol", "sma", "--scale-id", "s", "--outbox",
          "/nonexistent/o.sqlite"], "does not exist"),
        (["--bogus"], "unrecognized arguments"),
        (["--sniff"], "--sniff needs --serial"),
        (["--sniff", "--serial", "nope://x"], "pyserial"),
    ],
)
def test_config_mistakes_are_one_line(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert words in error_of(argv, capsys)


def test_list_protocols_names_every_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--list-protocols"])
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == list(PROTOCOLS)
    assert list_protocols().count("\n") == len(PROTOCOLS) - 1


def test_defaults_come_from_the_protocol_and_overrides_win(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--serial", "loop://", "--protocol", "toledo-continuous", "--scale-id", "s1",
         "--broker", "mqtts://gw:se%2Fcret@broker.example:8884", "--baud", "4800",
         "--min-kg", "0.10", "--outbox", str(tmp_path / "o.sqlite"), "--line-ending", "cr"]
    )
    config = config_from(args)
    assert config.settings is not None
    assert (config.settings.baudrate, config.settings.bytesize, config.settings.parity) == (
        4800, 7, "E",
    )
    assert config.broker.tls and config.broker.password == "se/cret"
    assert "se/cret" not in str(config.broker)
    assert config.min_kg == Decimal("0.10") and config.centre == "demo"
    assert config.request_line_end == b"\r"


def test_help_explains_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for words in ("--serial", "--protocol", "--scale-id", "--broker", "--outbox", "examples:"):
        assert words in out
