"""What an analyst's typed code does with grantfolio; `mypy --strict` checks it against the stubs on the
current stack (tests/python/run_stack.sh), and it runs as a plain script there too."""
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

import grantfolio
from grantfolio import Money, rates


def caaht_in_lek(on: date | str | pd.Timestamp) -> Money:
    imf: grantfolio.RateTable = rates.imf_annual()
    total: Money = sum((g.award for g in grantfolio.datasets.caaht_2006().grants if g.award), Money(0, "USD"))
    return imf.convert(total, "ALL", on=on)


def main() -> None:
    p: grantfolio.Program = grantfolio.datasets.caaht_2006()
    frame: pd.DataFrame = p.to_frame(as_of="2006-01-15")
    coverage: pd.DataFrame = p.coverage_frame("qark")
    assert len(frame) == 24 and len(coverage) > 0
    share: Decimal = Money("5", "USD") / Money("20", "USD")
    third: Money = Money("10", "USD") / 3
    assert share == Decimal("0.25") and third == Money("3.33", "USD")
    lek = caaht_in_lek(pd.Timestamp("2006-05-10"))
    assert isinstance(lek, Money)
    cents: np.ndarray = rates.imf_annual().convert_many(
        np.array([100, 200]), np.array(["USD", "USD"]), np.array(["2006-05-10"] * 2, dtype="datetime64[D]"), to="ALL")
    assert cents.tolist() == [9810, 19621]
    values, methods, counts = rates.imf_annual().convert_many(
        np.array([100]), ["USD"], np.array(["2006-05-10"], dtype="datetime64[D]"), to="ALL", details=True)
    assert counts["direct"] == 1
    ax: Axes = p.plot_timeline(as_of=np.datetime64("2006-01-15"))
    assert ax is not None
    day: date = grantfolio.as_date("2006-01-15T09:00:00")
    assert day == date(2006, 1, 15)
    text: str = grantfolio.format_money(Money("2097624", "USD"), locale="en_US")
    assert text == "$2,097,624.00"


if __name__ == "__main__":
    main()
