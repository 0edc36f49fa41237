from datetime import date, datetime
from decimal import Decimal

import pytest

import grantfolio
from grantfolio import Money, rates


def test_allocation():
    parts = Money("100.00", "USD").allocate([1, 1, 1])
    assert [p.amount for p in parts] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert Money("1.5", "USD").minor_units == 150


def test_money_is_exact_and_refuses_floats():
    m = Money("2097624", "USD")
    assert m.amount == Decimal("2097624")
    assert m.currency == "USD"
    assert Money(Decimal("0.1"), "USD") + Money(Decimal("0.2"), "USD") == Money("0.3", "USD")
    assert Money(5, "JPY").amount == Decimal(5)
    with pytest.raises(TypeError, match="not exact"):
        Money(0.1, "USD")
    assert repr(Money("1.50", "USD")) == "Money('1.50', 'USD')"


def test_mixing_currencies_raises():
    with pytest.raises(grantfolio.CurrencyMismatch):
        Money("1", "USD") + Money("1", "ALL")
    with pytest.raises(ValueError):  # every grantfolio error is also the built-in that fits
        Money("1", "USD") - Money("1", "ALL")


def test_unknown_currency_is_a_lookup_error():
    with pytest.raises(LookupError, match="XYZ"):
        Money("1", "XYZ")


def test_imf_conversion_of_the_caaht_total():
    lek = rates.imf_annual().convert(Money("2097624", "USD"), "ALL", on=date(2006, 5, 10))
    assert lek == Money("205783998.27", "ALL")
    assert lek.amount == Decimal("205783998.27")


def test_missing_rate_names_pair_and_date():
    with pytest.raises(grantfolio.MissingRate, match="USD→ALL on 2030-01-01"):
        rates.imf_annual().convert(Money("1", "USD"), "ALL", on=date(2030, 1, 1))
    assert rates.imf_annual().convert(Money("1", "USD"), "ALL", on=date(2030, 1, 1), missing="last-known").currency == "ALL"


def test_dates_are_datetime_dates():
    with pytest.raises(TypeError):
        rates.imf_annual().convert(Money("1", "USD"), "ALL", on="2006-05-10")
    with pytest.raises(TypeError):
        rates.imf_annual().convert(Money("1", "USD"), "ALL", on=datetime(2006, 5, 10))
