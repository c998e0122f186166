"""Money and weight are exact; typos are refused with a reason."""

from decimal import Decimal

import pytest

from tracker.domain import values
from tracker.domain.errors import InvalidInput


@pytest.mark.parametrize("given,cents", [("0", 0), ("7.5", 750), (12.99, 1299), ("0.01", 1)])
def test_prices(given, cents):
    assert values.price_cents(given) == cents


@pytest.mark.parametrize("bad", ["-1", "1.001", "abc", "NaN", "Infinity", "1e9"])
def test_bad_prices(bad):
    with pytest.raises(InvalidInput):
        values.price_cents(bad)


@pytest.mark.parametrize("given,grams", [("12.345", 12345), (0.05, 50), (2000, 2_000_000)])
def test_weights(given, grams):
    assert values.weight_g(given) == grams
    assert values.kg(grams) == float(Decimal(str(given)))


@pytest.mark.parametrize("bad", ["0", "-2", "2000.001", "1.0001", "x"])
def test_bad_weights(bad):
    with pytest.raises(InvalidInput):
        values.weight_g(bad)
