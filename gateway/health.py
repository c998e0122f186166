"""What the retained `.../status` topic should say, from what the link has seen. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# A scale that is polled several times a second and has not answered for this long is
# off, unplugged on its side, or set to another protocol: long enough to ride out a
# busy reply (zeroing takes ~1 s), short enough that the intake desk notices quickly.
NO_ANSWER_S = 3.0
# Several rejected frames in a row and not one reading: the bytes arrive but make no
# sense, which is what a wrong baud rate, parity or protocol looks like.
GARBAGE_FRAMES = 5

ONLINE = "online"
ERROR = "error"
AUTO_UNRECOGNISED = ("auto: no known protocol recognised yet (check --baud, parity; "
                     "ambacht-gateway --sniff --serial PORT finds them)")


class Condition(Enum):
    """What the status is about; decisions are made on this, the detail text is for people."""

    OUTBOX_FULL = "outbox_full"
    PORT_PROBLEM = "port_problem"
    GARBAGE = "garbage"
    SCALE_ERROR = "scale_error"
    NO_ANSWER = "no_answer"
    READING = "reading"


# While `auto` is still listening, a quiet line and a line with readings of no protocol it
# has confirmed look alike from here: both mean "not recognised yet", which says what to fix.
_UNRECOGNISED_WHEN_DETECTING = frozenset({Condition.NO_ANSWER, Condition.READING})


@dataclass
class Health:
    """Tracks the link and the scale; `verdict` gives (state, detail)."""

    baud: int
    no_answer_s: float = NO_ANSWER_S
    _port_problem: str | None = "port not opened yet"
    _since: float = 0.0  # when the port was opened
    _last_reading: float | None = None
    _rejected_in_row: int = 0
    _outbox_full: bool = False
    _scale_detail: str = ""
    _scale_error: str | None = None

    def port_opened(self, at: float) -> None:
        """The serial port is open (again)."""
        self._port_problem = None
        self._since = at
        self._last_reading = None
        self._rejected_in_row = 0

    def port_failed(self, detail: str) -> None:
        """The port cannot be opened or was lost."""
        self._port_problem = detail

    def reading(self, at: float, detail: str = "", scale_error: str | None = None) -> None:
        """A frame made sense; `scale_error` when the scale itself reports an error."""
        self._last_reading = at
        self._rejected_in_row = 0
        self._scale_detail = detail
        self._scale_error = scale_error

    def rejected(self) -> None:
        """A frame made no sense."""
        self._rejected_in_row += 1

    def outbox_full(self, full: bool) -> None:
        """The outbox reached its bound (new weighings are being refused)."""
        self._outbox_full = full

    def condition(self, at: float) -> Condition:
        """The most urgent thing the status should be about, first match wins."""
        if self._outbox_full:
            return Condition.OUTBOX_FULL
        if self._port_problem is not None:
            return Condition.PORT_PROBLEM
        if self._rejected_in_row >= GARBAGE_FRAMES:
            return Condition.GARBAGE
        if self._scale_error is not None:
            return Condition.SCALE_ERROR
        silent_since = self._last_reading if self._last_reading is not None else self._since
        if at - silent_since > self.no_answer_s:
            return Condition.NO_ANSWER
        return Condition.READING

    def verdict(self, at: float, *, detecting: bool = False) -> tuple[str, str]:
        """The status state and its human-readable reason; `detecting`: `auto` has not chosen."""
        condition = self.condition(at)
        if detecting and condition in _UNRECOGNISED_WHEN_DETECTING:
            return ERROR, AUTO_UNRECOGNISED
        return self._describe(condition)

    def _describe(self, condition: Condition) -> tuple[str, str]:
        match condition:  # mypy names a condition that is added without words here
            case Condition.OUTBOX_FULL:
                return ERROR, (
                    "outbox full: new weighings are refused until the tracker acknowledges"
                )
            case Condition.PORT_PROBLEM:
                return ERROR, self._port_problem or "port not opened yet"
            case Condition.GARBAGE:
                return ERROR, (
                    f"garbage on the serial line at {self.baud} baud: "
                    "check --baud, parity and --protocol (ambacht-gateway --sniff --serial "
                    "PORT finds them)"
                )
            case Condition.SCALE_ERROR:
                return ERROR, f"the scale reports: {self._scale_error}"
            case Condition.NO_ANSWER:
                return ERROR, (
                    "no answer from the scale: is it switched on and set to this protocol?"
                )
            case Condition.READING:
                return ONLINE, self._scale_detail or "reading the scale"
