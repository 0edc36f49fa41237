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


def test_a_rate_table_shows_what_it_holds():
    import numpy as np
    import pandas as pd

    imf = rates.imf_annual()
    assert repr(imf) == "RateTable(10,607 rates, 173 pairs, 1940-01-01..2024-12-31)" and len(imf) == 10607
    assert repr(rates.RateTable()) == "RateTable(empty)"
    html = imf._repr_html_()
    assert "10,607 rates" in html and "sources: IMF annual average" in html and "to_frame()" in html
    df = imf.to_frame()
    assert len(df) == len(imf) and df.columns.tolist() == ["base", "quote", "rate", "valid_from", "valid_to", "source"]
    row = df[(df["quote"] == "ALL") & (df["valid_from"] == date(2006, 1, 1))].iloc[0]
    assert row["rate"] == Decimal("98.10") or str(row["rate"]).startswith("98.1")
    c = imf.explain(Money("1000", "EUR"), "ALL", on="2006-05-10")
    assert "chain" in c._repr_html_() and "123178.48" in c._repr_html_()
    # A float32 column is read through its own shortest text, not its widening to a double.
    frame = pd.DataFrame({"base": ["EUR"], "quote": ["USD"], "rate": np.array([1.1], dtype="float32"),
                          "valid_from": ["2006-01-01"], "valid_to": [None]})
    assert rates.RateTable.from_frame(frame).rates[0]["rate"] == Decimal("1.1")


def test_a_policy_has_one_spelling():
    with pytest.raises(grantfolio.InvalidArgument, match="did you mean 'last-known'"):
        rates.imf_annual().convert(Money("1", "USD"), "ALL", on="2030-01-01", missing="last_known")


def test_a_generated_programme_takes_integer_counts():
    import numpy as np

    assert len(grantfolio.synthetic.program(grants=np.int64(3), transactions=5).grants) == 3
    with pytest.raises(TypeError):
        grantfolio.synthetic.program(grants=1.5)
