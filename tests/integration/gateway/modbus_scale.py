"""A weighing indicator with a Modbus interface, played by pymodbus's own server (TCP on
loopback, or RTU on a serial line), its registers laid out as the make's manual says."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator, Sequence
from decimal import Decimal

from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from gateway.protocols.modbus import MAPS
from gateway.reading import Status
from gateway.scale_frames import ScaleState

BLOCK = 16  # registers the simulated indicator has: both makes' blocks fit

# The status word of each make for a state: (stable, negative, overload, underload) bits.
STATUS_BITS = {"dini-argeo": (0x04, 0x03, 0x10, 0x08), "laumas": (0x800, 0x180, 0x04, 0)}


def registers(make: str, state: ScaleState, decimals: int) -> list[int]:
    """The make's register block for what the scale shows (tare 0: gross = net)."""
    regmap = MAPS[make]
    stable, negative, over, under = STATUS_BITS[make]
    counts = int(abs(state.kg).scaleb(decimals))
    word = ((stable if state.stable else 0) | (negative if state.kg < 0 else 0)
            | (over if state.status == Status.OVERLOAD else 0)
            | (under if state.status == Status.UNDERLOAD else 0))
    block = [0] * regmap.count
    for offset in (regmap.gross, regmap.net):
        block[offset:offset + 2] = [counts >> 16, counts & 0xFFFF]
    block[regmap.status] = word
    return block


class ModbusScale:
    """What the indicator shows now; its registers are filled in at each request."""

    def __init__(self, make: str, decimals: int, device: int = 1) -> None:
        self.make, self.decimals = make, decimals
        self.state = ScaleState(Decimal(0).scaleb(-decimals), True)
        self.requests = 0
        self.device = SimDevice(device, simdata=[SimData(0, count=BLOCK,
                                                         datatype=DataType.REGISTERS)],
                                action=self._fill)

    async def _fill(self, function_code: int, start_address: int, address: int, count: int,
                    current: list[int], values: object) -> None:
        self.requests += 1
        first = MAPS[self.make].first - start_address
        block = registers(self.make, self.state, self.decimals)
        current[first:first + len(block)] = block

    def play(self, states: Sequence[ScaleState], rate_hz: float) -> None:
        """Show each state for one tick."""
        for state in states:
            self.state = state
            time.sleep(1 / rate_hz)


@contextlib.contextmanager
def serving(scale: ModbusScale, *, tcp_port: int | None = None,
            serial_path: str | None = None) -> Iterator[None]:
    """pymodbus's server for `scale`, on a TCP port or a serial line, in its own thread."""
    loop = asyncio.new_event_loop()
    made: list[ModbusTcpServer | ModbusSerialServer] = []

    async def serve() -> None:
        server: ModbusTcpServer | ModbusSerialServer
        if tcp_port is not None:
            server = ModbusTcpServer(scale.device, address=("127.0.0.1", tcp_port))
        else:
            server = ModbusSerialServer(scale.device, port=serial_path or "", baudrate=9600)
        made.append(server)
        await server.serve_forever()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not made and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # listening
        yield
    finally:
        stopping = made[0].shutdown()  # type: ignore[no-untyped-call]
        asyncio.run_coroutine_threadsafe(stopping, loop).result(10)
        thread.join(10)
        loop.close()
