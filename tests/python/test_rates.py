from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

import grantfolio
from grantfolio import Money, rates


def test_imf_table_and_provenance():
    imf = rates.imf_annual()
    c = imf.explain(Money("2097624", "USD"), "ALL", on=date(2006, 5, 10))
    assert c.result == Money("205783998.27", "ALL")
    assert c.method == "direct"
    assert c.factor == "98.10337709126985"
    [leg] = c.rates
    assert leg["rate"] == Decimal("98.10337709126985")
    assert leg["valid_from"] == date(2006, 1, 1) and leg["valid_to"] == date(2006, 12, 31)
    assert "Albania (AL)" in leg["source"]
    chain = imf.explain(Money("1000", "EUR"), "ALL", on=date(2006, 5, 10))
    assert chain.method == "chain" and len(chain.rates) == 2 and chain.rates[0]["inverted"]


def test_policies():
    imf = rates.imf_annual()
    with pytest.raises(grantfolio.MissingRate, match="2030-01-01"):
        imf.convert(Money("1", "USD"), "ALL", on=date(2030, 1, 1))
    assert imf.explain(Money("1", "USD"), "ALL", on=date(2025, 3, 1), missing="last-known").method == "last-known"
    with pytest.raises(LookupError):
        imf.convert(Money("1", "USD"), "ALL", on=date(2025, 3, 1), missing="last-known", max_age=30)
    with pytest.raises(ValueError, match="policy"):
        imf.convert(Money("1", "USD"), "ALL", on=date(2006, 1, 1), missing="guess")


def test_from_frame_reads_floats_through_repr():
    df = pd.DataFrame({
        "base": ["USD", "USD"], "quote": ["ALL", "EUR"], "rate": [98.1, 0.1 + 0.2],
        "valid_from": [date(2006, 1, 1), pd.Timestamp("2006-01-01")], "valid_to": [date(2006, 12, 31), None],
        "source": ["test", None],
    })
    t = rates.RateTable.from_frame(df)
    assert len(t) == 2
    assert t.rates[0]["rate"] == Decimal("98.1")
    assert t.rates[1]["rate"] == Decimal("0.30000000000000004")  # repr of 0.1 + 0.2, exactly that
    assert t.rates[1]["valid_to"] is None
    assert t.convert(Money("10", "USD"), "ALL", on=date(2006, 6, 1)) == Money("981.00", "ALL")
    with pytest.raises(ValueError, match="missing columns"):
        rates.RateTable.from_frame(pd.DataFrame({"base": ["USD"]}))
    with pytest.raises(ValueError, match="row 0"):
        rates.RateTable.from_frame(df.assign(rate=[-1.0, 1.0]))


def test_from_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("base,quote,rate,valid_from,valid_to,source\nUSD,GBP,1.5,2006-01-01,2006-12-31,x\n")
    t = rates.RateTable.from_csv(str(path))
    assert t.convert(Money("100", "USD"), "GBP", on=date(2006, 5, 10)) == Money("150.00", "GBP")
    path.write_text("base,quote,rate,valid_from,valid_to,source\nUSD,GBP,abc,2006-01-01,,x\n")
    with pytest.raises(grantfolio.ParseError, match="r.csv:2: field 'rate'"):
        rates.RateTable.from_csv(str(path))


def test_parse_errors_say_where(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("base,quote,rate,valid_from,valid_to,source\nUSD,GBP,1.5,2006-01-01,,x\nUSD,EUR,-1,2006-01-01,,y\n")
    with pytest.raises(grantfolio.ParseError) as info:
        rates.RateTable.from_csv(str(path))
    assert info.value.line == 3 and info.value.field == "rate" and info.value.file.endswith("r.csv")
    assert isinstance(info.value, ValueError)
