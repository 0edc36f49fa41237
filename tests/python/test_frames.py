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


def _edited_caaht(tmp_path, edit):
    """CAAHT through its grantfolio JSON, edited as a dict, read back."""
    import json

    j = json.loads(grantfolio.datasets.caaht_2006().to_json())
    edit(j)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(j, ensure_ascii=False), encoding="utf-8")
    return grantfolio.read(path)


def _same_as_public_constructors(series):
    """A categorical column equals what pandas' public, checking constructors give."""
    cat = series.array
    assert cat.categories.is_unique
    rebuilt = pd.Categorical.from_codes(cat.codes, dtype=pd.CategoricalDtype(list(cat.categories)))
    assert rebuilt.codes.dtype == cat.codes.dtype and rebuilt.equals(cat)


def test_to_frame_texts_dates_and_categories_at_the_edges(tmp_path):
    titles = {"G01": "Ελληνικά και 中文 🙂", "G02": "Çelësi i Shqipërisë", "G03": "plain ascii"}

    def edit(j):
        for g in j["grants"]:
            g["title"] = titles.get(g["id"], g["title"])
            if g["id"] == "G02":
                g["planned_end"] = "2300-01-31"  # beyond datetime64[ns]
        # two grantees that share a name (distinct organisations)
        j["organizations"][1]["name"] = j["organizations"][0]["name"]
        for g in j["grants"]:
            if g["grantee"]["id"] == j["organizations"][1]["id"]:
                g["grantee"]["name"] = j["organizations"][0]["name"]
        # a gazetteer with more districts than a 64-bit mask holds
        j["places"] += [{"id": f"D-X{k}", "level": "district", "name": f"X{k}", "definite": f"X{k}", "genitive": f"X{k}",
                         "parent": "Q-BERAT", "code": None, "aliases": []} for k in range(70)]
        for g in j["grants"]:
            if g["id"] == "G03":
                g["sites"] = [dict(g["sites"][0], name=f"X{k}", level="district", place_id=f"D-X{k}", as_written=f"X{k}",
                                   district=f"X{k}", qark="Berat", note=None) for k in (65, 3, 65)]

    p = _edited_caaht(tmp_path, edit)
    df = p.to_frame().set_index("id")
    for gid, title in titles.items():
        assert df.loc[gid, "title"] == title
    # a column with a date out of datetime64[ns]'s range holds datetime.date objects instead
    assert df.loc["G02", "planned_end"] == date(2300, 1, 31) and df.loc["G01", "planned_end"] == date(2006, 7, 31)
    assert str(df["planned_start"].dtype) == "datetime64[ns]"
    # grantees by name: one category for the two organisations; their ids stay apart
    orgs = p.organizations
    shared = [g for g in p.grants if g.grantee in (orgs[0].id, orgs[1].id)]
    assert len({df.loc[g.id, "grantee"] for g in shared}) == 1
    assert {df.loc[g.id, "grantee_id"] for g in shared} == {g.grantee for g in shared}
    assert df.loc["G03", "districts"] == "X3; X65" and df.loc["G03", "qarqe"] == "Berat"
    for col in ("grantee", "grantee_id", "status", "qarqe", "districts", "award_currency"):
        _same_as_public_constructors(df[col])


def test_to_frame_threads_agree():
    p = grantfolio.synthetic.program(grants=70_000, transactions=0, seed=5)  # enough grants to be split
    one = p.to_frame(as_of=date(2010, 1, 1), threads=1)
    two = p.to_frame(as_of=date(2010, 1, 1), threads=2)
    pd.testing.assert_frame_equal(one, two)
    for col in ("grantee", "qarqe", "districts"):
        _same_as_public_constructors(one[col])
