"""Modbus indicators: Modbus RTU on a serial line, Modbus TCP through `socket://host:502`.

pymodbus does the Modbus part (the request PDU, RTU's CRC and TCP's MBAP header, decoding
the reply and exception replies) with its framers, which work on bytes and do no I/O. So
the request goes out and the reply comes in over the gateway's own link like any polled
protocol's, and stability, the weighing rule, the outbox and the status work unchanged.

Register maps, as the makers' manuals number them (3xxxx: input registers, read with
function 04; 4xxxx: holding registers, function 03). Weights are 32 bits, high word first,
"without decimal point" and without sign; sign and state are in a status register.

* `dini-argeo`: Dini Argeo DGT1S and DGT4X weight transmitters (quick start guides
  TECH_MAN_ENG_DGT1S_QSG §19 and QSG_ENG_DGT4X §16.1 "Modbus registers"): 30001-30002
  gross, 30003-30004 net, 30005 status: bit 0 net negative, 1 gross negative, 2 stable,
  3 underload, 4 overload, 5 tare, 6 preset tare, 7 unloaded.
* `laumas`: Laumas TLU, TLB4 and LCB transmitters ("List of available registers" in their
  Modbus-RTU manuals, e.g. TLB4_protocols_manual_EN rev. 1.03): 40007 status, 40008-40009
  gross, 40010-40011 net; status bits 0 load cell error, 1 A/D converter malfunction, 2
  maximum weight exceeded by 9 divisions, 3 gross above 110 % of full scale, 4 gross and
  5 net beyond ±999999, 7 gross negative, 8 net negative, 11 stable.

The decimal point is set in the indicator and is in no register of either map (Laumas'
40014 "divisions and units" is not decoded: the manuals found do not give its coding), so
`--modbus-decimals` is required; the unit is the indicator's (`--unit`, kg by default).
`--modbus-device` is the unit id (the RS-485 address; 1 out of the box). Framing: RTU on a
serial port, and also through a serial-to-Ethernet converter (`socket://`, `--modbus-framing
rtu`); TCP (MBAP) for an indicator with its own Ethernet port, the default for `socket://`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pymodbus.exceptions import ModbusIOException
from pymodbus.framer import FramerRTU, FramerSocket
from pymodbus.pdu import DecodePDU, ModbusPDU
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersRequest,
    ReadInputRegistersRequest,
)

from gateway.protocols.base import ProtocolSpec, SerialSettings
from gateway.reading import Parsed, Rejected, Status, fault_reading, weight_reading

NAME = "modbus"
TCP_TRANSACTION = 1  # one request at a time: the reply's transaction id is not needed
MAX_REPLY_BYTES = 64  # a reply of 5 registers is 15 bytes (RTU) or 19 (TCP): more is noise
FRAMINGS = ("rtu", "tcp")


@dataclass(frozen=True, slots=True)
class State:
    """What an indicator's status register says."""

    stable: bool
    gross_negative: bool
    net_negative: bool
    fault: tuple[Status, str] | None = None


def _dini(word: int) -> State:
    fault = ((Status.OVERLOAD, "overload") if word & 0x10
             else (Status.UNDERLOAD, "underload") if word & 0x08 else None)
    return State(bool(word & 0x04), bool(word & 0x02), bool(word & 0x01), fault)


_LAUMAS_ERRORS = ((0x01, "load cell error"), (0x02, "A/D converter malfunction"))


def _laumas(word: int) -> State:
    fault = next(((Status.ERROR, text) for bit, text in _LAUMAS_ERRORS if word & bit), None)
    if fault is None and word & 0x3C:  # bits 2-5: past the maximum or beyond the digits
        fault = (Status.OVERLOAD, "overload")
    return State(bool(word & 0x800), bool(word & 0x80), bool(word & 0x100), fault)


@dataclass(frozen=True, slots=True)
class RegisterMap:
    """Where one make keeps its weights and state: a block of registers read at once."""

    name: str
    function: int  # 3: holding registers, 4: input registers
    first: int  # protocol address (0-based) of the block's first register
    count: int
    gross: int  # offsets in the block: the high word of each 32-bit weight
    net: int
    status: int
    state: Callable[[int], State]


MAPS = {
    "dini-argeo": RegisterMap("dini-argeo", 4, 0, 5, gross=0, net=2, status=4, state=_dini),
    "laumas": RegisterMap("laumas", 3, 6, 5, gross=1, net=3, status=0, state=_laumas),
}


def request(regmap: RegisterMap, device: int, framing: str) -> bytes:
    """The read request for the map's block, framed for RTU or TCP."""
    kind = ReadInputRegistersRequest if regmap.function == 4 else ReadHoldingRegistersRequest
    pdu = kind(dev_id=device, transaction_id=TCP_TRANSACTION, address=regmap.first,
               count=regmap.count)
    return _framer(framing).buildFrame(pdu)


def _framer(framing: str) -> FramerRTU | FramerSocket:
    decoder = DecodePDU(is_server=False)
    return FramerSocket(decoder) if framing == "tcp" else FramerRTU(decoder)


def registers_to_reading(regmap: RegisterMap, registers: list[int], decimals: int,
                         unit: str) -> Parsed:
    """One block of registers as a reading, weights with exactly `decimals` digits."""
    raw = f"{regmap.name} " + " ".join(f"{r:04X}" for r in registers)
    state = regmap.state(registers[regmap.status])
    if state.fault is not None:
        return fault_reading(state.fault[0], raw, state.fault[1])

    def weight(offset: int, negative: bool) -> Decimal:
        value = Decimal(registers[offset] << 16 | registers[offset + 1]).scaleb(-decimals)
        return -value if negative and value else value

    gross = weight(regmap.gross, state.gross_negative)
    net = weight(regmap.net, state.net_negative)
    return weight_reading(net, unit, net=True, stable=state.stable, raw=raw, tare=gross - net)


class ModbusParser:
    """Pure: reply bytes in any chunking in, one reading (or rejection) per reply out."""

    def __init__(self, regmap: RegisterMap, device: int, decimals: int, framing: str,
                 unit: str) -> None:
        self._map, self._device, self._decimals, self._unit = regmap, device, decimals, unit
        self._framer = _framer(framing)
        self._buf = bytearray()
        # a reply of the map's block: RTU address, function, count, registers, CRC; TCP's
        # MBAP header (7) instead of address and CRC
        self._reply_bytes = 2 * regmap.count + (9 if framing == "tcp" else 5)

    def feed(self, data: bytes) -> list[Parsed]:
        """Readings for each complete reply, rejections for what is not one."""
        self._buf += data
        out: list[Parsed] = []
        while self._buf:
            used, pdu = self._frame(bytes(self._buf))
            if not used:
                used = self._garbage()
                if not used:
                    break  # a reply still arriving
            raw = bytes(self._buf[:used]).hex(" ")
            del self._buf[:used]
            out.append(self._reading(pdu) if pdu is not None
                       else Rejected(raw, "not a Modbus reply of this device (CRC, framing)"))
        return out

    def _frame(self, data: bytes) -> tuple[int, ModbusPDU | None]:
        try:
            used, pdu = self._framer.handleFrame(data, self._device, 0)
        except ModbusIOException:
            return len(data), None
        return used, pdu

    def _garbage(self) -> int:
        """How many bytes in front of the buffer are no reply (0: wait for more). Some
        pymodbus versions wait on a reply with a wrong CRC instead of dropping it: the
        next reply behind it is found here."""
        if len(self._buf) > MAX_REPLY_BYTES:
            return len(self._buf)
        if len(self._buf) < self._reply_bytes:
            return 0
        data = bytes(self._buf)
        return next((skip for skip in range(1, len(data)) if self._frame(data[skip:])[0]), 0)

    def _reading(self, pdu: ModbusPDU) -> Parsed:
        if pdu.isError():
            code = getattr(pdu, "exception_code", 0)
            return fault_reading(Status.ERROR, f"exception {code}",
                                 f"Modbus exception {code}: check --modbus-map and "
                                 "--modbus-device")
        registers = list(pdu.registers)
        if pdu.function_code != self._map.function or len(registers) != self._map.count:
            return Rejected(str(registers), "a Modbus reply to another request")
        return registers_to_reading(self._map, registers, self._decimals, self._unit)


def make_spec(map_name: str = "dini-argeo", device: int = 1, decimals: int = 0,
              framing: str = "rtu") -> ProtocolSpec:
    """The `modbus` protocol for one indicator: its register map, address and decimals."""
    regmap = MAPS[map_name]
    return ProtocolSpec(
        NAME,
        f"Modbus RTU or TCP indicators, polled; register maps: {', '.join(MAPS)} "
        "(--modbus-map, --modbus-device, --modbus-decimals)",
        SerialSettings(9600, 8, "N", 1),
        request(regmap, device, framing),
        lambda unit: ModbusParser(regmap, device, decimals, framing, unit),
        unitless=True,
    )


SPEC = make_spec()
