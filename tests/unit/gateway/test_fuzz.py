"""Random bytes never crash a parser and never become a weighing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.protocols import PROTOCOLS
from gateway.reading import Reading
from gateway.weighing import StabilityWindow, WeighingRule

NAMES = sorted(PROTOCOLS)


@settings(max_examples=300, deadline=None)
@given(
    protocol=st.sampled_from(NAMES),
    chunks=st.lists(st.binary(max_size=64), max_size=20),
)
def test_random_bytes_never_crash_nor_weigh(protocol: str, chunks: list[bytes]) -> None:
    parser = PROTOCOLS[protocol].make_parser("kg")
    rule = WeighingRule()
    window = StabilityWindow(window_s=0.0)
    for i, chunk in enumerate(chunks):
        for parsed in parser.feed(chunk):
            if isinstance(parsed, Reading):
                reading = parsed
                if PROTOCOLS[protocol].no_stability_marker:
                    reading = window.observe(float(i), parsed)
                assert not rule.decide(reading), (protocol, chunks)


@settings(max_examples=200, deadline=None)
@given(
    protocol=st.sampled_from(NAMES),
    noise=st.lists(
        st.sampled_from([b"\r", b"\n", b"\x02", b"\x03", b"=", b" ", b"S", b"ST,GS,", b"kg",
                         b".", b"-", b"0", b"1", b"9", b"?", b"\xff", b"0" * 6]),
        max_size=60,
    ),
)
def test_frame_like_noise_never_crashes(protocol: str, noise: list[bytes]) -> None:
    parser = PROTOCOLS[protocol].make_parser("kg")
    data = b"".join(noise)
    parser.feed(data)
    parser.feed(data[::-1])
