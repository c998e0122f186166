"""Each protocol against the manuals' own example frames, in any chunking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.protocols import CONCRETE, PROTOCOLS
from gateway.protocols.toledo_continuous import checksum
from gateway.reading import KG_PER_LB, Parsed, Reading, Rejected, Status

# Line protocols without a start byte drop the first line of a connection (it may be the
# tail of a frame); a terminator first tells the parser the stream is at a boundary.
PRIMER = {"mt-sics": b"\r\n", "st-gs": b"\r\n", "sartorius-sbi": b"\r\n", "ohaus": b"\r\n",
          "nci": b"\x03"}


def readings(protocol: str, data: bytes, unit: str = "kg") -> list[Parsed]:
    return PROTOCOLS[protocol].make_parser(unit).feed(PRIMER.get(protocol, b"") + data)


def one(protocol: str, data: bytes, unit: str = "kg") -> Reading:
    out = readings(protocol, data, unit)
    assert len(out) == 1, out
    assert isinstance(out[0], Reading), out[0]
    return out[0]


def toledo(swa: int, swb: int, swc: int, weight: str, tare: str = "000000") -> bytes:
    body = bytes([0x02, swa, swb, swc]) + (weight + tare).encode() + b"\r"
    return body + bytes([checksum(body)])


# -- MT-SICS -----------------------------------------------------------------------------


def test_mt_sics_stable_reply_keeps_the_scales_digits() -> None:
    r = one("mt-sics", b"S S     12.340 kg\r\n")
    assert (r.net_kg, r.gross_kg, r.tare_kg, r.stable) == (
        Decimal("12.340"), Decimal("12.340"), Decimal("0.000"), True,
    )
    assert str(r.net_kg) == "12.340" and r.raw == "S S     12.340 kg"
    assert r.division_kg == Decimal("0.001")


def test_mt_sics_dynamic_grams_and_pounds_convert_exactly() -> None:
    r = one("mt-sics", b"S D    1234.5 g\r\n")
    assert (r.net_kg, r.stable) == (Decimal("1.2345"), False)
    assert one("mt-sics", b"S S      2.00 lb\r\n").net_kg == Decimal("2.00") * KG_PER_LB


@pytest.mark.parametrize(
    ("line", "status"),
    [(b"S +\r\n", Status.OVERLOAD), (b"S -\r\n", Status.UNDERLOAD), (b"ES\r\n", Status.ERROR),
     (b"EL\r\n", Status.ERROR), (b"ET\r\n", Status.ERROR), (b"S I\r\n", Status.ERROR)],
)
def test_mt_sics_fault_replies(line: bytes, status: Status) -> None:
    r = one("mt-sics", line)
    assert r.status == status and r.net_kg is None and not r.stable


def test_mt_sics_counting_unit_is_refused() -> None:
    r = one("mt-sics", b"S S        12 PCS\r\n")
    assert r.status == Status.ERROR and r.net_kg is None


# -- Toledo continuous -------------------------------------------------------------------


def test_toledo_continuous_decimal_position_and_tare_from_status_words() -> None:
    # SWA 0x2C: bit 5, increment x1, code 4 = XXXX.XX; SWB 0x31: net, kg
    r = one("toledo-continuous", toledo(0x2C, 0x31, 0x20, "001234", "000150"))
    assert (r.net_kg, r.tare_kg, r.gross_kg, r.stable) == (
        Decimal("12.34"), Decimal("1.50"), Decimal("13.84"), True,
    )


def test_toledo_continuous_increment_of_five_sets_the_division() -> None:
    r = one("toledo-continuous", toledo(0x20 | 0x18 | 3, 0x30, 0x20, "012345"))
    assert r.net_kg == Decimal("1234.5") and r.division_kg == Decimal("0.5")


def test_toledo_continuous_motion_sign_and_pounds() -> None:
    r = one("toledo-continuous", toledo(0x2C, 0x20 | 0x08 | 0x02, 0x20, "000050"))
    assert r.net_kg == Decimal("-0.50") * KG_PER_LB and not r.stable


@pytest.mark.parametrize(("swb", "status"), [(0x34, Status.OVERLOAD), (0x36, Status.UNDERLOAD)])
def test_toledo_continuous_out_of_range(swb: int, status: Status) -> None:
    assert one("toledo-continuous", toledo(0x2C, swb, 0x20, "999999")).status == status


def test_toledo_continuous_bad_checksum_is_rejected() -> None:
    frame = bytearray(toledo(0x2C, 0x30, 0x20, "001234"))
    frame[-1] ^= 0x01
    out = readings("toledo-continuous", bytes(frame) * 3)
    assert out and all(isinstance(p, Rejected) for p in out)


def test_toledo_continuous_parity_bits_are_ignored() -> None:
    plain = toledo(0x2C, 0x30, 0x20, "001234")
    frame = bytes(b | 0x80 if bin(b).count("1") % 2 else b for b in plain)  # even parity
    assert one("toledo-continuous", frame).net_kg == Decimal("12.34")


def test_toledo_continuous_stream_starting_mid_frame_resynchronises() -> None:
    frame = toledo(0x2C, 0x30, 0x20, "001234")
    out = readings("toledo-continuous", frame[7:] + frame + frame)
    good = [p for p in out if isinstance(p, Reading)]
    assert [r.net_kg for r in good] == [Decimal("12.34")] * 2


# -- Toledo 8217 -------------------------------------------------------------------------


def test_toledo_8217_weight_and_status_replies() -> None:
    assert one("toledo-8217", b"\x02012.34\r").net_kg == Decimal("12.34")
    assert one("toledo-8217", b"\x02012.34\r", unit="lb").net_kg == Decimal("12.34") * KG_PER_LB
    moving = one("toledo-8217", b"\x02?a\r")
    assert moving.status == Status.OK and moving.net_kg is None and not moving.stable
    assert one("toledo-8217", b"\x02?b\r").status == Status.OVERLOAD
    assert one("toledo-8217", b"\x02?d\r").status == Status.UNDERLOAD


# -- ST,GS family ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "net", "stable"),
    [
        (b"ST,GS,+0012.34kg\r\n", "12.34", True),
        (b"US,GS,+0012.30kg\r\n", "12.30", False),
        (b"ST,NT,+001.234kg\r\n", "1.234", True),
        (b"ST,GS  +  12.34 kg\r\n", "12.34", True),  # spaces instead of commas
        (b"ST,GS,-  0.50kg\r\n", "-0.50", True),
        (b"ST,GS,   1234 g\r\n", "1.234", True),
        (b"ST,+00012.34  kg\r\n", "12.34", True),  # A&D: no mode field
        (b"ST,GW,   12.34,kg\r\n", "12.34", True),
        (b"ST,GS,+0001.50 t\r\n", "1501.50"[:0] + "1500", True),
    ],
)
def test_st_gs_variants(line: bytes, net: str, stable: bool) -> None:
    r = one("st-gs", line)
    assert r.net_kg == Decimal(net) and r.stable is stable


@pytest.mark.parametrize(
    ("line", "status"),
    [(b"OL,GS,+9999.99kg\r\n", Status.OVERLOAD), (b"OL,GS\r\n", Status.OVERLOAD),
     (b"UL,GS,  -----kg\r\n", Status.UNDERLOAD), (b"QT,GS,     25pcs\r\n", Status.ERROR),
     (b"ST,GS,    25 pcs\r\n", Status.ERROR)],
)
def test_st_gs_faults_and_counting(line: bytes, status: Status) -> None:
    assert one("st-gs", line).status == status


def test_st_gs_net_line_has_no_invented_gross() -> None:
    r = one("st-gs", b"ST,NT,+0012.34kg\r\n")
    assert r.gross_kg is None and r.tare_kg is None and r.net_kg == Decimal("12.34")


# -- Sartorius SBI -----------------------------------------------------------------------


def test_sartorius_16_character_line_and_blank_unit_while_unstable() -> None:
    stable = one("sartorius-sbi", b"+   1255.7 g  \r\n")
    assert stable.net_kg == Decimal("1.2557") and stable.stable
    moving = one("sartorius-sbi", b"+    12.30    \r\n")
    assert moving.net_kg == Decimal("12.30") and not moving.stable


def test_sartorius_22_character_line_with_id_code() -> None:
    r = one("sartorius-sbi", b"N     -     0.52 kg \r\n")
    assert r.net_kg == Decimal("-0.52") and r.stable and r.gross_kg is None


@pytest.mark.parametrize(
    ("line", "status"),
    [(b"        H     \r\n", Status.OVERLOAD), (b"       LL     \r\n", Status.UNDERLOAD),
     (b"Stat     Err 101    \r\n", Status.ERROR)],
)
def test_sartorius_special_codes(line: bytes, status: Status) -> None:
    assert one("sartorius-sbi", line).status == status


# -- OHAUS -------------------------------------------------------------------------------


def test_ohaus_lines() -> None:
    assert one("ohaus", b"     12.345 kg    G\r\n").net_kg == Decimal("12.345")
    moving = one("ohaus", b"     12.30 kg  ?  G\r\n")
    assert not moving.stable
    net = one("ohaus", b"-     0.020 kg    NET\r\n")
    assert net.net_kg == Decimal("-0.020") and net.gross_kg is None
    assert one("ohaus", b"   192.21 g\r\n").net_kg == Decimal("0.19221")
    assert one("ohaus", b"  -OL-\r\n").status == Status.OVERLOAD
    assert one("ohaus", b"  -UL-\r\n").status == Status.UNDERLOAD
    assert one("ohaus", b"Err 8.4\r\n"[:0] + b"Err 8\r\n").status == Status.ERROR


# -- SMA ---------------------------------------------------------------------------------


def test_sma_manual_examples() -> None:
    assert one("sma", b"\n 1G      5.025lb \r").net_kg == Decimal("5.025") * KG_PER_LB
    r = one("sma", b"\n 1GM      7.650kg \r")
    assert r.net_kg == Decimal("7.650") and not r.stable
    zero = one("sma", b"\nZ1G       0.000kg \r")
    assert zero.net_kg == Decimal("0.000") and zero.stable
    assert one("sma", b"\nO1G      9.999kg \r").status == Status.OVERLOAD
    assert one("sma", b"\nU1G     -9.999kg \r").status == Status.UNDERLOAD
    assert one("sma", b"\nE1G  ----------kg \r").status == Status.ERROR
    assert one("sma", b"\n?\r").status == Status.ERROR


# -- NCI ---------------------------------------------------------------------------------


def test_nci_weight_status_and_faults() -> None:
    r = one("nci", b"\n  12.34kg\r\n00\r\x03")
    assert r.net_kg == Decimal("12.34") and r.stable
    assert not one("nci", b"\n  12.30lb\r\n10\r\x03").stable
    assert one("nci", b"\n  0.213 KG\r\nS00\r\x03").net_kg == Decimal("0.213")  # OHAUS style
    assert one("nci", b"\n02\r\x03").status == Status.OVERLOAD
    assert one("nci", b"\n01\r\x03").status == Status.UNDERLOAD
    assert one("nci", b"\n04\r\x03").status == Status.ERROR
    moving = one("nci", b"\n10\r\x03")
    assert moving.net_kg is None and moving.status == Status.OK


def test_nci_third_status_byte_marks_net() -> None:
    r = one("nci", b"\n   1.00kg\r\n0@4\r\x03"[:0] + b"\n   1.00kg\r\n0p4\r\x03")
    assert r.gross_kg is None and r.net_kg == Decimal("1.00")


def test_nci_malformed_status_bytes_are_rejected() -> None:
    assert isinstance(readings("nci", b"\n  12.34kg\r\nzz\r\x03")[0], Rejected)


# -- XK3190-A12E -------------------------------------------------------------------------


def test_xk3190_reversed_digits_from_the_manual() -> None:
    assert one("xk3190-a12e", b"=000.3000").net_kg == Decimal("3.000")
    r = one("xk3190-a12e", b"=00.1000-")
    assert r.net_kg == Decimal("-1.00") and not r.stable
    stream = b"0.3000=000.3000=000.3000=00.1000-"
    assert [p.net_kg for p in readings("xk3190-a12e", stream) if isinstance(p, Reading)] == [
        Decimal("3.000"), Decimal("3.000"), Decimal("-1.00"),
    ]


# -- chunking, for every protocol --------------------------------------------------------

SAMPLES = {
    "mt-sics": b"S S     12.340 kg\r\nS D      3.500 kg\r\n",
    "toledo-continuous": toledo(0x2C, 0x30, 0x20, "001234") + toledo(0x2C, 0x38, 0x20, "000350"),
    "toledo-8217": b"\x02012.34\r\x02?a\r",
    "st-gs": b"ST,GS,+0012.34kg\r\nUS,GS,+0003.50kg\r\n",
    "sartorius-sbi": b"+    12.34 kg \r\n+     3.50    \r\n",
    "ohaus": b"    12.34 kg      G\r\n     3.50 kg    ? G\r\n",
    "sma": b"\n 1G      12.340kg \r\n 1GM      3.500kg \r",
    "nci": b"\n  12.34kg\r\n00\r\x03\n   3.50kg\r\n10\r\x03",
    "xk3190-a12e": b"=43.21000=05.30000",
}


SAMPLE_WEIGHTS = (Decimal("12.34"), Decimal("3.50"))


def _summary(out: list[Parsed]) -> list[tuple[object, ...]]:
    return [(p.net_kg, p.stable, p.status) for p in out if isinstance(p, Reading)]


@pytest.mark.parametrize("protocol", CONCRETE)
def test_any_chunking_gives_the_same_readings(protocol: str) -> None:
    data = PRIMER.get(protocol, b"") + SAMPLES[protocol]
    whole = _summary(PROTOCOLS[protocol].make_parser("kg").feed(data))
    assert len(whole) == 2
    for cut in range(1, len(data)):
        parser = PROTOCOLS[protocol].make_parser("kg")
        assert _summary(parser.feed(data[:cut]) + parser.feed(data[cut:])) == whole, cut
    parser = PROTOCOLS[protocol].make_parser("kg")
    bytewise = [p for b in data for p in parser.feed(bytes([b]))]
    assert _summary(bytewise) == whole


@pytest.mark.parametrize("protocol", CONCRETE)
def test_a_stream_starting_mid_frame_never_gives_a_wrong_reading(protocol: str) -> None:
    data = SAMPLES[protocol]
    first_len = len(data) // 2
    for start in range(1, first_len):
        out = _summary(PROTOCOLS[protocol].make_parser("kg").feed(data[start:] + data))
        assert out[-2:] == _summary(readings(protocol, data)), start
        for net, _stable, _status in out[:-2]:
            assert net in (None, *SAMPLE_WEIGHTS)


@pytest.mark.parametrize("protocol", sorted(PRIMER))
def test_the_first_line_of_a_connection_is_not_trusted(protocol: str) -> None:
    parser = PROTOCOLS[protocol].make_parser("kg")
    first = parser.feed(SAMPLES[protocol])
    assert isinstance(first[0], Rejected) and "mid-frame" in first[0].reason
    assert len(_summary(first)) == 1  # the second line is read


@pytest.mark.parametrize("protocol", ["mt-sics", "st-gs", "sartorius-sbi", "ohaus"])
@pytest.mark.parametrize("end", [b"\r", b"\n", b"\r\n"])
def test_line_protocols_read_cr_lf_or_crlf(protocol: str, end: bytes) -> None:
    data = SAMPLES[protocol].replace(b"\r\n", end)
    parser = PROTOCOLS[protocol].make_parser("kg")
    out = [p for b in end + data for p in parser.feed(bytes([b]))]
    assert _summary(out) == _summary(readings(protocol, SAMPLES[protocol]))
    assert not [p for p in out if isinstance(p, Rejected)]
