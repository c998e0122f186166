"""A serial wire between two UARTs set differently: what a receiver at its settings makes
of bytes sent at other settings, bit by bit. A pty carries bytes whatever its baud rate;
this puts the baud rate and the parity back, so that a wrong setting gives the garbage a
real line gives (framing and parity errors arrive as NUL, as Linux delivers them)."""

from __future__ import annotations

import termios

from gateway.protocols import SerialSettings
from gateway.simulator import FdPort

_SPEEDS = {getattr(termios, f"B{b}"): b for b in (1200, 2400, 4800, 9600, 19200, 38400,
                                                  57600, 115200)}


def _bits(byte: int, s: SerialSettings) -> list[int]:
    data = [(byte >> i) & 1 for i in range(s.bytesize)]
    parity = [] if s.parity == "N" else [(sum(data) + (s.parity == "O")) % 2]
    return [0, *data, *parity] + [1] * int(s.stopbits)


def carry(data: bytes, sent: SerialSettings, read: SerialSettings) -> bytes:
    """The bytes a UART at `read` receives from `data` sent back to back at `sent`."""
    line = [b for byte in data for b in _bits(byte, sent)]
    tx, rx = sent.baudrate, read.baudrate

    def level(t: float) -> int:
        index = int(t * tx)
        return line[index] if 0 <= index < len(line) else 1

    frame_bits = 1 + read.bytesize + (read.parity != "N") + 1
    out = bytearray()
    edge = 0  # bit index of the line where the receiver looks for the next start bit
    while edge < len(line):
        if line[edge] == 1 or (edge > 0 and line[edge - 1] == 0):
            edge += 1  # a start bit begins with a falling edge
            continue
        t0 = edge / tx
        samples = [level(t0 + (k + 0.5) / rx) for k in range(frame_bits)]
        data_bits = samples[1 : 1 + read.bytesize]
        value = sum(bit << i for i, bit in enumerate(data_bits))
        good = samples[0] == 0 and samples[-1] == 1
        if read.parity != "N":
            good = good and (sum(data_bits) + samples[1 + read.bytesize]
                             + (read.parity == "O")) % 2 == 0
        out.append(value if good else 0)
        edge = int((t0 + (frame_bits - 0.5) / rx) * tx) + 1
    return bytes(out)


def port_settings(fd: int) -> SerialSettings:
    """The line settings the other end of a pty set (Linux: the master sees the slave's)."""
    _, _, cflag, _, _, ospeed, _ = termios.tcgetattr(fd)
    size = 7 if cflag & termios.CSIZE == termios.CS7 else 8
    parity = "N" if not cflag & termios.PARENB else "O" if cflag & termios.PARODD else "E"
    return SerialSettings(_SPEEDS.get(ospeed, 0), size, parity, 2 if cflag & termios.CSTOPB else 1)


class WiredPort(FdPort):
    """The scale's end of a pty, as a UART at `settings`: both directions go through `carry`."""

    def __init__(self, fd: int, settings: SerialSettings) -> None:
        super().__init__(fd)
        self.settings = settings

    def write(self, data: bytes) -> object:
        """Send at the scale's settings; arrive as the port's settings read them."""
        return super().write(carry(data, self.settings, port_settings(self.fd)))

    def read_ready(self, timeout: float) -> bytes:
        """What the scale's UART made of the gateway's bytes."""
        data = super().read_ready(timeout)
        return carry(data, port_settings(self.fd), self.settings) if data else data

