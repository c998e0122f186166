"""The gateway's sense of time: wall clock, monotonic clock, sleeping, and NTP sync."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import time
from typing import Protocol

TIME_ERROR = 5  # adjtimex(2): "clock not synchronized"


class _Timex(ctypes.Structure):
    # struct timex is 208 bytes on 64-bit Linux; room to spare because the kernel writes it
    # back. Only `modes` (the first field) is set here.
    _fields_ = [("modes", ctypes.c_uint), ("_rest", ctypes.c_byte * 1020)]


def clock_synced() -> bool:
    """True when the kernel says the clock is synchronised; False when unknown."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        timex = _Timex()
        timex.modes = 0  # read only: never changes the clock
        state = int(libc.adjtimex(ctypes.byref(timex)))
    except (OSError, AttributeError):
        return False
    return 0 <= state < TIME_ERROR


class Clock(Protocol):
    """What the gateway loop asks of time; the tests pass one they move by hand."""

    def wall(self) -> float:
        """Seconds since the epoch, for the payloads' `at`."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps, for every interval and timeout."""
        ...

    def synced(self) -> bool:
        """Whether the wall clock is synchronised (the payloads' `clock_synced`)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait, when there is nothing to read."""
        ...


class SystemClock:
    """The machine's clocks."""

    def wall(self) -> float:
        """`time.time()`."""
        return time.time()

    def monotonic(self) -> float:
        """`time.monotonic()`."""
        return time.monotonic()

    def synced(self) -> bool:
        """What the kernel says (`clock_synced`)."""
        return clock_synced()

    def sleep(self, seconds: float) -> None:
        """`time.sleep()`."""
        time.sleep(seconds)
