"""The weighing rule (CONTRACT §4) and the gateway's own stability window."""

from __future__ import annotations

from decimal import Decimal

from gateway.reading import Reading, Status, fault_reading, weight_reading
from gateway.weighing import StabilityWindow, WeighingRule


def kg(value: str, stable: bool = True) -> Reading:
    return weight_reading(Decimal(value), "kg", net=False, stable=stable, raw=value)


def weighings(rule: WeighingRule, values: list[Reading]) -> list[Decimal | None]:
    return [r.net_kg for r in values if rule.decide(r)]


def test_one_item_put_on_gives_one_weighing() -> None:
    seq = [kg("0.00"), kg("5.10", False), kg("12.34", False), kg("12.34"), kg("12.34"),
           kg("12.35"), kg("12.34"), kg("3.00", False), kg("0.00")]
    assert weighings(WeighingRule(), seq) == [Decimal("12.34")]


def test_back_to_zero_rearms_for_the_same_weight() -> None:
    seq = [kg("12.34"), kg("0.00"), kg("12.34")]
    assert weighings(WeighingRule(), seq) == [Decimal("12.34")] * 2


def test_a_move_of_five_divisions_is_a_new_weighing_four_is_not() -> None:
    rule = WeighingRule()
    assert weighings(rule, [kg("10.00"), kg("10.04"), kg("10.09")]) == [
        Decimal("10.00"), Decimal("10.09"),
    ]


def test_below_min_kg_unstable_overload_underload_never_weigh() -> None:
    rule = WeighingRule(Decimal("0.05"))
    seq = [kg("0.04"), kg("7.00", False), fault_reading(Status.OVERLOAD, "", ""),
           fault_reading(Status.UNDERLOAD, "", ""), fault_reading(Status.ERROR, "", "")]
    assert weighings(rule, seq) == []
    assert weighings(rule, [kg("0.05")]) == [Decimal("0.05")]


def test_an_overload_between_does_not_rearm() -> None:
    rule = WeighingRule()
    seq = [kg("20.00"), fault_reading(Status.OVERLOAD, "", ""), kg("20.00")]
    assert weighings(rule, seq) == [Decimal("20.00")]


def test_window_marks_stable_only_after_holding_still_long_enough() -> None:
    window = StabilityWindow(window_s=1.0)
    times = [0.0, 0.3, 0.6, 0.9, 1.0, 1.2]
    values = ["5.00", "5.01", "5.00", "5.01", "5.00", "5.00"]
    out = [window.observe(t, kg(v, False)) for t, v in zip(times, values, strict=True)]
    assert [r.stable for r in out] == [False, False, False, False, True, True]
    assert all(r.stable_by == "gateway" for r in out)


def test_window_restarts_when_the_weight_moves() -> None:
    window = StabilityWindow(window_s=1.0)
    window.observe(0.0, kg("5.00", False))
    window.observe(0.5, kg("5.00", False))
    assert not window.observe(1.1, kg("5.03", False)).stable  # 3 divisions: moving
    window.observe(1.5, kg("5.03", False))
    assert not window.observe(2.0, kg("5.03", False)).stable
    assert window.observe(2.2, kg("5.03", False)).stable
