"""Indicator protocols: one module per family, pure framing and parsing."""

from __future__ import annotations

from gateway.protocols import (
    auto,
    modbus,
    mt_sics,
    nci,
    ohaus,
    sartorius_sbi,
    sma,
    st_gs,
    toledo_8217,
    toledo_continuous,
    xk3190,
)
from gateway.protocols.base import Parser, ProtocolSpec, SerialSettings

# Order matters for recognition: on a tie the more specific (fixed-layout) format wins.
CANDIDATES: tuple[ProtocolSpec, ...] = (
    mt_sics.SPEC,
    toledo_continuous.SPEC,
    toledo_8217.SPEC,
    st_gs.SPEC,
    sartorius_sbi.SPEC,
    sma.SPEC,
    nci.SPEC,
    xk3190.SPEC,
    ohaus.SPEC,
)
PROTOCOLS: dict[str, ProtocolSpec] = {spec.name: spec for spec in CANDIDATES}
# The protocols a scale actually speaks; `auto` only stands for one of them.
CONCRETE: tuple[str, ...] = tuple(PROTOCOLS)
PROTOCOLS[auto.NAME] = auto.make_spec(CANDIDATES)
# Modbus is not among `auto`'s candidates: a binary request to an unknown address is no
# polite probe, and its register map and decimals must be given anyway.
PROTOCOLS[modbus.NAME] = modbus.SPEC

__all__ = ["CANDIDATES", "CONCRETE", "PROTOCOLS", "Parser", "ProtocolSpec", "SerialSettings"]
