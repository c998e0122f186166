"""`auto`: find the protocol by listening, and by asking in each polled protocol's words.

The recognition itself is `recognise.Recogniser`, which `ambacht-gateway --sniff` uses too.
"""

from __future__ import annotations

from collections.abc import Sequence

from gateway.protocols.base import ProtocolSpec, SerialSettings
from gateway.protocols.recognise import CONFIRMATIONS, Recogniser

NAME = "auto"
AutoParser = Recogniser  # the parser `auto` gives the gateway loop

__all__ = ["CONFIRMATIONS", "NAME", "AutoParser", "make_spec"]


def make_spec(candidates: Sequence[ProtocolSpec]) -> ProtocolSpec:
    """The `auto` protocol over the given candidates."""
    return ProtocolSpec(
        NAME,
        "recognise the protocol: probes the polled ones, listens for the pushed ones",
        SerialSettings(9600, 8, "N", 1),
        None,
        lambda unit: Recogniser(candidates, unit),
    )
