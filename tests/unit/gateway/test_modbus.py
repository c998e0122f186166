"""The `modbus` protocol's pure part: replies as pymodbus frames them, read per register map."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pymodbus.framer import FramerRTU, FramerSocket
from pymodbus.pdu import DecodePDU, ExceptionResponse
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersResponse,
    ReadInputRegistersResponse,
)

from gateway.cli import build_parser, config_from
from gateway.protocols import PROTOCOLS, modbus
from gateway.reading import Reading, Rejected, Status


def reply(make: str, registers: list[int], framing: str = "rtu", device: int = 1) -> bytes:
    """What the indicator sends back, framed by pymodbus's server side."""
    kind = ReadInputRegistersResponse if modbus.MAPS[make].function == 4 else (
        ReadHoldingRegistersResponse)
    pdu = kind(dev_id=device, transaction_id=modbus.TCP_TRANSACTION, registers=registers)
    framer = FramerSocket if framing == "tcp" else FramerRTU
    return framer(DecodePDU(is_server=True)).buildFrame(pdu)


def read(make: str, data: bytes, decimals: int = 2, framing: str = "rtu") -> list[object]:
    parser = modbus.make_spec(make, 1, decimals, framing).make_parser("kg")
    return [r for i in range(0, len(data), 3) for r in parser.feed(data[i:i + 3])]


@pytest.mark.parametrize("framing", modbus.FRAMINGS)
def test_dini_argeo_gross_net_sign_and_stability(framing: str) -> None:
    # gross 15.00, net -2.66 (tared 17.66 on a lighter load), stable: status bits 0 and 2
    [reading] = read("dini-argeo", reply("dini-argeo", [0, 1500, 0, 266, 0x05], framing),
                     framing=framing)
    assert isinstance(reading, Reading) and reading.stable
    assert (reading.gross_kg, reading.net_kg, reading.tare_kg) == (
        Decimal("15.00"), Decimal("-2.66"), Decimal("17.66"))


def test_laumas_map_and_its_faults() -> None:
    [ok] = read("laumas", reply("laumas", [0x800, 0, 1234, 0, 1234]), decimals=1)
    assert isinstance(ok, Reading) and ok.stable and ok.net_kg == Decimal("123.4")
    [moving] = read("laumas", reply("laumas", [0, 0, 1234, 0, 1234]), decimals=1)
    assert isinstance(moving, Reading) and not moving.stable
    [over] = read("laumas", reply("laumas", [0x808, 0, 9999, 0, 9999]))
    [cell] = read("laumas", reply("laumas", [0x801, 0, 0, 0, 0]))
    assert isinstance(over, Reading) and over.status == Status.OVERLOAD
    assert isinstance(cell, Reading) and cell.status == Status.ERROR
    assert cell.detail == "load cell error"


def test_big_weights_use_both_words() -> None:
    [reading] = read("dini-argeo", reply("dini-argeo", [1, 0x86A0, 1, 0x86A0, 0x04]), 0)
    assert isinstance(reading, Reading) and reading.net_kg == Decimal(100_000)


def test_a_flipped_bit_noise_and_another_devices_reply_give_no_reading() -> None:
    good = reply("dini-argeo", [0, 1234, 0, 1234, 0x04])
    frame = bytearray(good)
    frame[4] ^= 0x01  # reported (at the latest with the next poll's reply), never read
    assert [type(r) for r in read("dini-argeo", bytes(frame) + good)] == [Rejected, Reading]
    assert all(isinstance(r, Rejected) for r in read("dini-argeo", bytes(range(40, 120))))
    other = reply("dini-argeo", [0, 1234, 0, 1234, 0x04], device=7)
    assert not [r for r in read("dini-argeo", other) if isinstance(r, Reading)]


def test_a_reply_cut_in_two_is_one_reading_once_complete() -> None:
    parser = modbus.make_spec("dini-argeo", 1, 2).make_parser("kg")
    frame = reply("dini-argeo", [0, 1234, 0, 1234, 0x04])
    assert parser.feed(frame[:7]) == []
    [reading] = parser.feed(frame[7:])
    assert isinstance(reading, Reading) and reading.net_kg == Decimal("12.34")


def test_an_exception_reply_says_what_to_check() -> None:
    pdu = ExceptionResponse(0x04, 2, device_id=1)  # illegal data address: another make's map
    [reading] = read("dini-argeo", FramerRTU(DecodePDU(is_server=True)).buildFrame(pdu))
    assert isinstance(reading, Reading) and reading.status == Status.ERROR
    assert "--modbus-map" in reading.detail


def test_the_request_is_the_maps_block() -> None:
    assert modbus.make_spec("dini-argeo", 1).poll == bytes.fromhex("010400000005 3009")
    laumas = modbus.make_spec("laumas", 3, framing="tcp").poll
    assert laumas == bytes.fromhex("0001 0000 0006 03 03 0006 0005")  # MBAP, 40007 on


def test_the_command_line_builds_the_indicators_spec(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--protocol", "modbus", "--scale-id", "mb-1", "--modbus-map", "laumas"]
    config = config_from(build_parser().parse_args(
        [*base, "--serial", "socket://10.0.0.9:502", "--modbus-decimals", "1"]))
    assert config.protocol.poll == modbus.make_spec("laumas", 1, 1, "tcp").poll
    rtu = config_from(build_parser().parse_args(
        [*base, "--serial", "socket://10.0.0.9:4001", "--modbus-decimals", "1",
         "--modbus-framing", "rtu", "--modbus-device", "12"]))
    assert rtu.protocol.poll == modbus.make_spec("laumas", 12, 1, "rtu").poll
    with pytest.raises(SystemExit) as exit_:
        config_from(build_parser().parse_args([*base, "--serial", "/dev/ttyUSB0"]))
    assert exit_.value.code == 2 and "--modbus-decimals" in capsys.readouterr().err
    assert "modbus" in PROTOCOLS
