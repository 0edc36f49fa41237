from datetime import date
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import grantfolio  # noqa: E402


@pytest.fixture(scope="module")
def caaht():
    return grantfolio.datasets.caaht_2006()


def test_to_frame(caaht):
    df = caaht.to_frame()
    assert len(df) == 24
    for col in ("id", "phase", "title", "grantee", "planned_start", "planned_end", "actual_end", "status",
                "qarqe", "districts", "award_amount", "award_currency"):
        assert col in df.columns
    row = df.set_index("id").loc["G15"]
    assert row["actual_end"] == pd.Timestamp("2006-02-28") and row["status"] == "closed-early"
    assert df.set_index("id").loc["G09", "qarqe"] == "Fier; Vlorë"
    assert df.set_index("id").loc["G01", "qarqe"] == "(nationwide)"
    assert (df["status"] == "active").sum() == 18  # as of the revision date, 2006-05-10
    assert (caaht.to_frame(as_of=date(2006, 1, 15))["status"] == "active").sum() == 21
    assert df["award_amount"].isna().all()
    assert df.groupby("phase").size().to_dict() == {1: 5, 2: 7, 3: 12}


def test_amounts_stay_decimal():
    p = grantfolio.synthetic.program(grants=30, transactions=100, seed=2)
    df = p.to_frame(as_of=date(2010, 1, 1))
    amounts = df["award_amount"].dropna()
    assert len(amounts) > 0 and all(isinstance(a, Decimal) for a in amounts)
    tx = p.transactions_frame()
    assert len(tx) == 100 and all(isinstance(a, Decimal) for a in tx["amount"])
    assert set(tx["kind"]) <= {"commitment", "disbursement", "expenditure", "refund"}


def test_coverage_and_timeline(caaht):
    d = caaht.coverage_frame("district")
    assert len(d) == 36
    assert sorted(d.loc[~d["covered"], "area"]) == sorted(
        ["Kuçovë", "Skrapar", "Bulqizë", "Mat", "Peqin", "Mallakastër", "Kolonjë", "Kurbin", "Kavajë"])
    assert d.attrs["nationwide"] == ["G01", "G02", "G10"] and d.attrs["above_level"] == ["G04"]
    q = caaht.coverage_frame("qark")
    assert len(q) == 12 and q["covered"].all()
    t = caaht.timeline_frame()
    assert t.iloc[0]["month"] == pd.Timestamp("2005-02-01") and t.iloc[0]["active"] == 1
    assert t.set_index("month").loc["2006-01-01", "active"] == 21


def test_plots(caaht):
    ax = caaht.plot_timeline()
    assert len(ax.get_yticklabels()) == 24
    ax2 = caaht.plot_coverage(level="district")
    assert "nationwide" in ax2.get_title()
