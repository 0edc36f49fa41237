from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_every_date_like_is_a_date():
    imf = rates.imf_annual()
    usd = Money("2097624", "USD")
    want = Money("205783998.27", "ALL")
    for on in (date(2006, 5, 10), datetime(2006, 5, 10, 23, 59), pd.Timestamp("2006-05-10 08:00"),
               pd.Timestamp("2006-05-10", tz="Europe/Tirane"), np.datetime64("2006-05-10"),
               np.datetime64("2006-05-10T17:30:00.123", "ns"), "2006-05-10", "2006-05-10T09:00:00"):
        assert imf.convert(usd, "ALL", on=on) == want, on
    assert grantfolio.as_date(pd.Timestamp("2006-01-15 23:59")) == date(2006, 1, 15)


def test_what_is_not_a_date_says_so():
    imf = rates.imf_annual()
    usd = Money("1", "USD")
    with pytest.raises(ValueError, match="NaT"):
        imf.convert(usd, "ALL", on=pd.NaT)
    with pytest.raises(ValueError, match="NaT"):
        imf.convert(usd, "ALL", on=np.datetime64("NaT"))
    with pytest.raises(grantfolio.ParseError, match="'2006-02-30'"):
        imf.convert(usd, "ALL", on="2006-02-30")
    with pytest.raises(grantfolio.ParseError, match="date-time"):
        imf.convert(usd, "ALL", on="2006-05-10Tnoon")
    with pytest.raises(TypeError, match="numpy.datetime64 or ISO text"):
        imf.convert(usd, "ALL", on=20060510)
    with pytest.raises(TypeError, match="NoneType"):
        imf.convert(usd, "ALL", on=None)


def test_money_follows_the_decimal_protocol():
    a, b = Money("10", "USD"), Money("2.50", "USD")
    assert a >= b and b <= a and a > b and not a <= b and a != b
    assert sum([a, b]) == Money("12.50", "USD")  # 0 + Money is the Money
    assert sum([]) == 0 and sum([a]) is not None
    assert abs(-a) == a and +a == a and -(-a) == a
    assert bool(Money(0, "USD")) is False and bool(Money("0.00", "USD")) is False and bool(b)
    assert a * 3 == 3 * a == Money("30", "USD")
    assert a * Decimal("0.5") == Money("5.0", "USD")
    assert a * np.int64(2) == Money("20", "USD")
    assert a / 3 == Money("3.33", "USD")  # rounded once, half-even, to the minor unit
    assert Money("0.05", "USD") / 2 == Money("0.02", "USD")  # 0.025 -> 0.02 (half-even)
    assert Money("0.05", "USD").divide(2, rounding="half-up") == Money("0.03", "USD")
    assert a.divide(3, rounding="up") == Money("3.34", "USD")
    assert a / b == Decimal(4) and isinstance(a / b, Decimal)
    assert round(Money("1.005", "USD")) == Money("1.00", "USD")
    assert round(Money("1.23456", "USD"), 3) == Money("1.235", "USD")
    assert format(Money("2097624", "USD"), ",.2f") == "2,097,624.00 USD"
    assert f"{Money('2097624.5', 'USD'):>14,.2f}" == "  2,097,624.50 USD"
    assert format(b, "") == str(b) == "2.50 USD"
    assert hash(Money("2.5", "USD")) == hash(b)
    with pytest.raises(ValueError, match="by zero"):
        a / 0
    with pytest.raises(grantfolio.InvalidArgument, match="no minor unit"):
        Money("1", "XAU") / 3
    assert Money("1", "XAU").divide(3, scale=4) == Money("0.3333", "XAU")
    with pytest.raises(grantfolio.CurrencyMismatch):
        Money("1", "USD") < Money("1", "EUR")
    assert Money("1", "USD") != Money("1", "EUR")


def test_foreign_types_are_not_implemented_and_floats_and_bools_say_why():
    a = Money("10", "USD")
    assert a != 10 and not (a == 10) and a != "10 USD"
    for op in (lambda: a < 5, lambda: a >= 5, lambda: a + 5, lambda: a - 5, lambda: 5 - a, lambda: a * "2",
               lambda: a / "2", lambda: a + Decimal(1)):
        with pytest.raises(TypeError, match="not supported|unsupported|can't multiply"):
            op()
    with pytest.raises(TypeError, match="not exact"):
        a * 0.5
    with pytest.raises(TypeError, match="not exact"):
        a / np.float64(2)
    with pytest.raises(TypeError, match="True and False are not amounts"):
        Money(True, "USD")
    with pytest.raises(TypeError, match="not by bool"):
        a * True
    with pytest.raises(TypeError, match="float32.*not exact"):
        Money(np.float32(1.5), "USD")
    assert Money(np.int64(5), "USD") == Money(5, "USD") and Money(np.uint8(7), "JPY").amount == 7


def test_money_is_parsed_with_digit_grouping_and_formatted_for_a_locale():
    assert Money.parse("2,097,624", "USD", format="english") == Money("2097624", "USD")
    assert Money.parse("209.762.381", "ALL", format="albanian") == Money("209762381", "ALL")
    assert Money.parse("2097624.50", "USD") == Money("2097624.5", "USD")
    with pytest.raises(grantfolio.ParseError):
        Money.parse("2,09,7624", "USD", format="english")
    with pytest.raises(grantfolio.InvalidArgument, match="plain, english or albanian"):
        Money.parse("1", "USD", format="german")
    assert grantfolio.format_money(Money("2097624", "USD"), locale="en_US") == "$2,097,624.00"
    assert grantfolio.format_money(Money("209762381", "ALL"), locale="sq_AL", fraction_digits=0) == \
        "209\u00a0762\u00a0381\u00a0Lekë"
    assert grantfolio.format_money(Money("2097624.125", "USD"), locale="en-US") == "$2,097,624.125"  # no digit lost
    with pytest.raises(grantfolio.InvalidArgument, match="'xx_YY'"):
        grantfolio.format_money(Money("1", "USD"), locale="xx_YY")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False), max_size=20))
def test_money_agrees_with_decimal(amounts):
    ms = [Money(x, "USD") for x in amounts]
    assert sum(ms, Money(0, "USD")).amount == sum(amounts, Decimal(0))
    assert sorted(ms) == [Money(x, "USD") for x in sorted(amounts)]
    for m, x in zip(ms, amounts):
        assert abs(m).amount == abs(x) and (-m).amount == -x and bool(m) == bool(x)
        assert round(m * 3 / 7).amount == (x * 3 / 7).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)