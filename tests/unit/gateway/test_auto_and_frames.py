"""`auto` recognises each protocol from what the scale sends; simulator frames parse back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.protocols import CONCRETE, PROTOCOLS, SerialSettings
from gateway.protocols.auto import AutoParser
from gateway.protocols.recognise import framing_of
from gateway.reading import Reading, Status
from gateway.scale_frames import ENCODERS, ScaleState
from gateway.simulator import scenario
from gateway.sniff import with_parity

STATES = [ScaleState(Decimal("12.34"), True), ScaleState(Decimal("3.50"), False),
          ScaleState(Decimal("0.00"), True), ScaleState(Decimal("-0.02"), True)]


def test_every_protocol_has_simulator_frames_and_no_frames_lack_a_protocol() -> None:
    # the parametrised tests below and in tests/integration run over CONCRETE: a protocol
    # without an encoder fails there by name instead of being left out of them
    assert sorted(ENCODERS) == sorted(CONCRETE)


@pytest.mark.parametrize("protocol", CONCRETE)
def test_simulator_frames_parse_back_to_the_same_state(protocol: str) -> None:
    parser = PROTOCOLS[protocol].make_parser("kg")
    parser.feed(ENCODERS[protocol](STATES[2]))  # the first frame of a connection is dropped
    for state in STATES:
        out = [p for p in parser.feed(ENCODERS[protocol](state)) if isinstance(p, Reading)]
        assert len(out) == 1
        reading = out[0]
        if reading.net_kg is not None:  # 8217 and NCI withhold the weight while moving
            assert reading.net_kg == state.kg
        if not PROTOCOLS[protocol].no_stability_marker:
            assert reading.stable == (state.stable and reading.net_kg is not None)
    for status in (Status.OVERLOAD, Status.UNDERLOAD):
        if protocol == "xk3190-a12e":
            continue  # its continuous frames have no way to say it
        replies = parser.feed(ENCODERS[protocol](ScaleState(Decimal(0), False, status)))
        assert [p.status for p in replies if isinstance(p, Reading)] == [status]


@pytest.mark.parametrize("protocol", CONCRETE)
def test_auto_recognises_each_protocol(protocol: str) -> None:
    parser = PROTOCOLS["auto"].make_parser("kg")
    assert isinstance(parser, AutoParser)
    stream = b"".join(ENCODERS[protocol](s) for s in scenario([Decimal("12.34")])[:40])
    out = parser.feed(stream)
    assert parser.chosen is not None and parser.chosen.name == protocol
    assert out and all(isinstance(p, Reading) for p in out)


def test_auto_polls_each_polled_protocol_in_turn_then_only_the_chosen_one() -> None:
    parser = PROTOCOLS["auto"].make_parser("kg")
    assert isinstance(parser, AutoParser)
    polled = {PROTOCOLS[n].poll for n in CONCRETE if PROTOCOLS[n].poll}  # not modbus
    assert {parser.poll() for _ in range(len(polled))} == polled
    parser.feed(ENCODERS["sma"](STATES[0]) * 3)
    assert {parser.poll() for _ in range(5)} == {PROTOCOLS["sma"].poll}


def test_auto_is_not_fooled_by_unknown_command_replies() -> None:
    parser = PROTOCOLS["auto"].make_parser("kg")
    assert isinstance(parser, AutoParser)
    parser.feed(b"\n?\r\x03" * 5)
    assert parser.chosen is None


def test_auto_says_what_it_settled_on_for_the_status_topic() -> None:
    parser = PROTOCOLS["auto"].make_parser("kg")
    assert isinstance(parser, AutoParser)
    settings = SerialSettings(4800, 8, "N", 1)
    assert parser.settled_on(settings) == "nothing recognised yet"
    parser.feed(b"\r\n01ST,GS,  12.345,Kg\r\n" * 3)
    assert parser.settled_on(settings) == "auto: st-gs at 4800 8N1, e.g. '01ST,GS,  12.345,Kg'"


@pytest.mark.parametrize(("bits", "parity"), [((7, "E", 1), "E"), ((7, "O", 1), "O")])
def test_the_parity_of_a_line_read_at_8n1_is_told_from_bit_7(bits: tuple[int, str, int],
                                                            parity: str) -> None:
    line = b"\x02012.34\r"
    on_the_wire = with_parity(line, parity)
    assert framing_of(on_the_wire) == bits
    assert framing_of(line) == (8, "N", 1)
    assert framing_of(on_the_wire + line) is None  # mixed: noise, not a setting
