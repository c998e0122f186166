"""Whether the system clock is synchronised (NTP), for the payload's `clock_synced`."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

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
