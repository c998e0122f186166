"""The serial port, through pyserial's `serial_for_url`: device paths, by-id links, socket://, loop://."""

from __future__ import annotations

import contextlib
import errno
import os
import termios
from dataclasses import replace

import serial

from gateway.protocols.base import SerialSettings

# Short reads keep the loop responsive (polls, acks, status) while costing next to no
# CPU: the read blocks in select() until bytes arrive or this passes.
READ_TIMEOUT_S = 0.05
READ_CHUNK = 4096


class LinkError(Exception):
    """The port cannot be used right now (missing, busy, lost); worth retrying."""


def check_url(url: str) -> None:
    """ValueError if pyserial does not understand the URL at all (a configuration mistake)."""
    serial.serial_for_url(url, do_not_open=True)


def _explain(url: str, exc: BaseException) -> str:
    err = getattr(exc, "errno", None)
    text = str(exc)
    if err == errno.ENOENT or "No such file" in text:
        return f"serial port {url} not found (unplugged?)"
    if err in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in text or "busy" in text:
        return f"serial port {url} is held by another process"
    if err == errno.EACCES or "Permission denied" in text:
        return f"no permission to open {url} (is the user in the dialout group?)"
    if "Connection refused" in text:
        return f"nothing listens at {url}"
    return f"serial port {url}: {text}"


def _is_pty(url: str) -> bool:
    return os.path.realpath(url).startswith("/dev/pts/")


class SerialLink:
    """One serial connection; reopened by the gateway after it is lost."""

    def __init__(
        self, url: str, settings: SerialSettings, read_timeout_s: float = READ_TIMEOUT_S
    ) -> None:
        self.url = url
        self._settings = settings
        self._read_timeout_s = read_timeout_s
        self._port: serial.SerialBase | None = None

    @property
    def is_open(self) -> bool:
        """Whether the port is open."""
        return self._port is not None

    def open(self) -> None:
        """Open the port with the protocol's settings; LinkError when it cannot be opened."""
        try:
            self._open(self._settings)
        except LinkError:
            if not _is_pty(self.url):
                raise
            # A pseudo-terminal (simulator, socat) carries no parity bits, and some kernels
            # refuse 7-bit settings on it after a first open: 8N1 reads the same bytes.
            self._open(replace(self._settings, bytesize=8, parity="N"))

    def _open(self, settings: SerialSettings) -> None:
        try:
            port = serial.serial_for_url(
                self.url,
                do_not_open=True,
                baudrate=settings.baudrate,
                bytesize=settings.bytesize,
                parity=settings.parity,
                stopbits=settings.stopbits,
                timeout=self._read_timeout_s,
                write_timeout=1.0,
            )
            if hasattr(port, "exclusive"):
                port.exclusive = True  # two readers on one port would each get half the bytes
            port.open()
        except (serial.SerialException, OSError) as exc:
            raise LinkError(_explain(self.url, exc)) from exc
        except termios.error as exc:  # the driver refused these line settings
            raise LinkError(
                f"serial port {self.url} refused {settings.baudrate} {settings.bytesize}"
                f"{settings.parity}{settings.stopbits:g}: {exc}"
            ) from exc
        self._port = port

    def read(self) -> bytes:
        """Whatever arrived, waiting at most the read timeout; LinkError when the port is gone."""
        port = self._port
        if port is None:
            raise LinkError(f"serial port {self.url} is not open")
        try:
            return bytes(port.read(max(1, min(port.in_waiting, READ_CHUNK))))
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise LinkError(f"serial port {self.url} lost: {exc}") from exc

    def write(self, data: bytes) -> None:
        """Send a request to the scale; LinkError when the port is gone."""
        port = self._port
        if port is None:
            raise LinkError(f"serial port {self.url} is not open")
        try:
            port.write(data)
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise LinkError(f"serial port {self.url} lost: {exc}") from exc

    def close(self) -> None:
        """Close the port if open."""
        if self._port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                self._port.close()
            self._port = None
