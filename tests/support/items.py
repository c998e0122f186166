"""Item test helpers: one change per action of the item state machine (CONTRACT §1)."""

from __future__ import annotations

from collections.abc import Callable

from tracker.domain import items
from tracker.domain.events import ItemFact

# Each action with valid arguments, so that only the item's state decides whether it is allowed.
ACTIONS: dict[str, Callable[[items.Item], ItemFact]] = {
    "inspect sellable": lambda i: items.inspect(i, "sellable", 500),
    "inspect needs_repair": lambda i: items.inspect(i, "needs_repair"),
    "inspect unusable": lambda i: items.inspect(i, "unusable", stream="recycle"),
    "repair fixed": lambda i: items.repair(i, "fixed", 900),
    "repair repairable": lambda i: items.repair(i, "repairable"),
    "repair end_of_life": lambda i: items.repair(i, "end_of_life", stream="residual",
                                                 barrier="Spare parts not available"),
    "price": lambda i: items.reprice(i, 300),
    "sell": lambda i: items.sell(i, "s1"),
    "return": lambda i: items.return_item(i),
    "upcycle": lambda i: items.upcycle_input(i, "NEWCODE00"),
    "give away": lambda i: items.give_away(i, "o1", "school"),
    "transfer": lambda i: items.transfer(i, "o2", "winkel", "winkel-2"),
}
