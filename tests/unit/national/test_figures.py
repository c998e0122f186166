"""What adds up over centres and months (pure): flows summed, stock of the last month,
ratios recomputed, medians and targets left out, people as person-months."""

from national.domain import figures
from national.domain.documents import Header, header, months
from tests.support.national import document


def test_flows_add_levels_take_the_last_month_and_ratios_are_recomputed() -> None:
    jan = figures.flatten(document("a", "2025-01", sold_kg=10.0, recycled_kg=90.0,
                                   disposed_kg=0.0, stock_kg=7.0))
    feb = figures.flatten(document("a", "2025-02", sold_kg=90.0, recycled_kg=10.0,
                                   disposed_kg=0.0, stock_kg=3.0))
    rows = [("2025-01", p, v) for p, v in jan.items()] + [
        ("2025-02", p, v) for p, v in feb.items()]
    got = figures.tree(figures.add(rows, "2025-02"))
    assert got["outflow"]["sold"]["kg"] == 100
    assert got["stock"]["ready_for_sale"]["kg"] == 3  # February's, not 10
    assert got["reuse_rate"] == 0.5  # 100 / 200
    assert figures.ratios({"outflow/sold/kg": 1, "outflow/recycled/kg": 3})["reuse_rate"] == 0.25
    assert got["people"]["volunteer"]["person_months"] == 6
    assert "lead_time_days" not in got and "targets" not in got


def test_keys_with_slashes_survive_the_round_trip() -> None:
    flat = figures.flatten({"repairs": {"barriers": {"a/b~c": 2}}})
    assert figures.tree(flat)["repairs"]["barriers"] == {"a/b~c": 2}


def test_a_running_month_is_taken_but_not_complete() -> None:
    head = header(document("a", "2025-02", to_day=14))
    assert head == Header("a", "2025-02", 1, True, head.to, "ambacht.monitor/v2")
    assert not head.complete and header(document("a", "2025-02")).complete
    assert months("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
