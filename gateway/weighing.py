"""The weighing rule of CONTRACT §4, and stability for scales that send no stable marker. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gateway.reading import Reading, Status

DEFAULT_MIN_KG = Decimal("0.05")
# "moved by at least 5 scale divisions" (CONTRACT §4): a second item added on top of the
# first is a new weighing; a reading that creeps by a division or two is not.
MOVE_DIVISIONS = 5
# XK3190: the weight must stay within one division for this long before it counts as
# stable. One second is what the indicators themselves use for their motion band.
STABILITY_WINDOW_S = 1.0
STABILITY_BAND_DIVISIONS = 1
STABILITY_MIN_SAMPLES = 3  # a window with one or two readings says nothing about motion


@dataclass
class WeighingRule:
    """Decides which readings become weighings."""

    min_kg: Decimal = DEFAULT_MIN_KG
    _last_kg: Decimal | None = None  # net of the last weighing, None when re-armed by zero

    def decide(self, reading: Reading) -> bool:
        """True when this reading is a new weighing; updates the rule's memory."""
        net = reading.net_kg
        if reading.status != Status.OK or net is None:
            return False
        if abs(net) < self.min_kg:
            self._last_kg = None  # back to (near) zero: the next load is a new weighing
            return False
        if not reading.stable:
            return False
        if self._last_kg is not None:
            division = reading.division_kg or Decimal(0)
            if abs(net - self._last_kg) < MOVE_DIVISIONS * division or division == 0:
                return False
        self._last_kg = net
        return True


@dataclass
class StabilityWindow:
    """Marks readings stable once the weight has stayed within a band for a whole window."""

    window_s: float = STABILITY_WINDOW_S
    band_divisions: int = STABILITY_BAND_DIVISIONS
    _since: float | None = None
    _low: Decimal = Decimal(0)
    _high: Decimal = Decimal(0)
    _count: int = 0

    def observe(self, at: float, reading: Reading) -> Reading:
        """The reading, with `stable` decided by the gateway (`stable_by="gateway"`)."""
        net = reading.net_kg
        if reading.status != Status.OK or net is None:
            self._since = None
            return reading.with_stability(False, "gateway")
        band = (reading.division_kg or Decimal(0)) * self.band_divisions
        if self._since is not None and max(self._high, net) - min(self._low, net) <= band:
            self._low, self._high = min(self._low, net), max(self._high, net)
            self._count += 1
        else:
            self._since, self._low, self._high, self._count = at, net, net, 1
        stable = self._count >= STABILITY_MIN_SAMPLES and at - self._since >= self.window_s
        return reading.with_stability(stable, "gateway")
