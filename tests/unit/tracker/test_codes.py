"""Item codes: what a volunteer types or a scanner sends resolves to exactly one code or none."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import codes


def test_new_code_is_valid_and_displayed_in_groups():
    code = codes.new_code(random.Random(1).getrandbits)
    assert codes.parse(code) == code
    shown = codes.display(code)
    assert len(shown) == 11 and shown[4] == "-" and shown[9] == "-"


@pytest.mark.parametrize("typed", ["{d}", "{d_lower}", "  {shown}  ", "{spaced}",
                                   "https://kringloop.example/i/{shown}",
                                   "http://127.0.0.1:8000/i/{d_lower}?src=label"])
def test_tolerant_input(typed):
    code = codes.new_code(random.Random(7).getrandbits)
    text = typed.format(d=code, d_lower=code.lower(), shown=codes.display(code),
                        spaced=" ".join(code))
    assert codes.parse(text) == code


def test_confusable_letters_read_as_digits():
    data = "1O0L1I00"  # what somebody copies from a label by hand
    canonical = "10011100"
    code = canonical + codes.check_symbol(canonical)
    assert codes.parse(data + code[-1]) == code


@given(st.integers(0, 2**40 - 1), st.integers(0, 8), st.sampled_from(codes.SYMBOLS))
def test_one_mistyped_symbol_is_always_caught(n, pos, wrong):
    code = codes.new_code(lambda bits: n)
    if code[pos] == wrong or (pos == 8 and wrong == code[8]):
        return
    typo = code[:pos] + wrong + code[pos + 1:]
    with pytest.raises(codes.InvalidCode):
        codes.parse(typo)


@given(st.integers(0, 2**40 - 1), st.integers(0, 7))
def test_swapped_neighbours_are_caught(n, pos):
    code = codes.new_code(lambda bits: n)
    if code[pos] == code[pos + 1]:
        return
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
    with pytest.raises(codes.InvalidCode):
        codes.parse(swapped)


@pytest.mark.parametrize("bad", ["", "ABC", "ABCD-EFGH-JK", "ABCD-EFGU-0", "!!!!!!!!!"])
def test_garbage_is_invalid(bad):
    with pytest.raises(codes.InvalidCode):
        codes.parse(bad)
