"""Bulk conversion of numpy columns and converted totals straight from the transaction store."""
import os
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import grantfolio
from grantfolio import Money, RateTable, rates


@pytest.fixture(scope="module")
def table():
    # Daily EUR and ALL per USD over 2005, every seventh day missing; GBP only through EUR.
    t = RateTable()
    rng = np.random.default_rng(1)
    day = date(2005, 1, 1)
    while day.year == 2005:
        if day.toordinal() % 7:
            t.add("USD", "EUR", Decimal("0.8") + Decimal(int(rng.integers(0, 10**6))) / 10**8, day, day, "test")
            t.add("USD", "ALL", Decimal("98") + Decimal(int(rng.integers(0, 10**6))) / 10**6, day, day, "test")
            t.add("EUR", "GBP", Decimal("0.68") + Decimal(int(rng.integers(0, 10**6))) / 10**8, day, day, "test")
        day += timedelta(days=1)
    return t


def rows(n, seed):
    rng = np.random.default_rng(seed)
    amounts = rng.integers(-10**9, 10**10, n)
    codes = rng.choice(np.array(["USD", "EUR", "ALL", "GBP"]), n)
    days = np.datetime64("2005-01-01") + rng.integers(0, 400, n).astype("timedelta64[D]")
    return amounts, codes, days


def one_by_one(t, amounts, codes, days, to, missing):
    out = []
    for a, c, d in zip(amounts.tolist(), codes.tolist(), days.astype(object)):
        m = Money(Decimal(a).scaleb(-2), c)  # these currencies have two decimals
        out.append(int(t.convert(m, to, on=d, missing=missing).amount.scaleb(2)))
    return out


@pytest.mark.parametrize("to", ["USD", "ALL", "GBP"])
def test_each_element_equals_one_by_one(table, to):
    amounts, codes, days = rows(3000, 2)
    bulk = table.convert_many(amounts, codes, days, to=to, missing="last-known")
    assert bulk.dtype == np.int64
    assert bulk.tolist() == one_by_one(table, amounts, codes, days, to, "last-known")


def test_inputs_in_every_usual_form(table):
    amounts, codes, days = rows(500, 3)
    want = table.convert_many(amounts, codes, days, to="USD", missing="last-known")
    for c in (codes.astype(object), list(codes), pd.Series(codes), pd.Categorical(codes),
              pd.Series(codes, dtype="category"), codes.astype("S3")):
        assert table.convert_many(amounts, c, days, to="USD", missing="last-known").tolist() == want.tolist()
    as_ns = days.astype("datetime64[ns]")
    assert table.convert_many(amounts, codes, as_ns, to="USD", missing="last-known").tolist() == want.tolist()
    assert table.convert_many(list(amounts), codes, [str(d) for d in days], to="USD", missing="last-known").tolist() == want.tolist()


def test_the_policy_shows(table):
    amounts, codes, days = rows(2000, 4)
    values, methods, counts = table.convert_many(amounts, codes, days, to="USD", missing="last-known", details=True)
    assert counts["last-known"] > 0 and counts["identity"] > 0 and counts["inverse"] > 0 and counts["chain"] > 0
    assert sum(counts.values()) == len(values)
    assert counts["last-known"] == int((methods == rates.METHODS.index("last-known")).sum())


def test_bad_input_is_refused_with_its_place(table):
    amounts, codes, days = rows(10, 5)
    with pytest.raises(TypeError, match="floats are not money"):
        table.convert_many(amounts.astype(float), codes, days, to="USD")
    bad = codes.copy().astype(object)
    bad[4] = "XYZ"
    with pytest.raises(grantfolio.UnknownCurrency, match="element 4: 'XYZ'"):
        table.convert_many(amounts, bad, days, to="USD")
    nat = days.copy()
    nat[3] = np.datetime64("NaT")
    with pytest.raises(grantfolio.InvalidArgument, match="row 3: the value date is missing"):
        table.convert_many(amounts, codes, nat, to="USD", missing="last-known")
    # The first failing row is the one named, whatever fails there: under 'raise', row 1 has no rate.
    with pytest.raises(grantfolio.MissingRate, match="row 1: no exchange rate"):
        table.convert_many(amounts, codes, nat, to="USD")
    with pytest.raises(ValueError, match="as many"):
        table.convert_many(amounts[:5], codes, days, to="USD")
    sunday = np.array(["2005-01-02"], dtype="datetime64[D]")  # 2005-01-02 has ordinal % 7 == 0: no rate
    with pytest.raises(grantfolio.MissingRate, match=r"row 0: no exchange rate EUR→USD on 2005-01-02"):
        table.convert_many(np.array([100]), np.array(["EUR"]), sunday, to="USD")
    with pytest.raises(grantfolio.OverflowError, match="row 0"):
        table.convert_many(np.array([2**62]), np.array(["USD"]), sunday, to="ALL", missing="last-known")
    with pytest.raises(grantfolio.InvalidArgument, match="maximum rate age applies to the last-known policy only"):
        table.convert_many(amounts, codes, days, to="USD", max_age=3)


def test_summed_per_key_in_one_pass(table):
    amounts, codes, days = rows(200_000, 8)  # enough rows to be split over threads
    keys = np.random.default_rng(9).integers(0, 1000, len(amounts))
    each = table.convert_many(amounts, codes, days, to="ALL", missing="last-known")
    want = rates.sum_by(keys, each, size=1200)
    for threads in (1, 2):
        got = table.convert_many(amounts, codes, days, to="ALL", missing="last-known", by=keys, groups=1200, threads=threads)
        assert got.tolist() == want.tolist()
    with pytest.raises(grantfolio.InvalidArgument, match="key 5 lies outside 0..4"):
        table.convert_many(amounts[:10], codes[:10], days[:10], to="ALL", missing="last-known", by=np.arange(10), groups=5)


def test_sum_by_is_exact_and_refuses_overflow():
    keys = np.array([2, 0, 2, 1])
    assert rates.sum_by(keys, np.array([2**53, 1, 1, 5])).tolist() == [1, 5, 2**53 + 1]
    assert rates.sum_by(np.array([0]), np.array([7]), size=3).tolist() == [7, 0, 0]
    with pytest.raises(grantfolio.OverflowError, match="row 1: the sum of group 0 does not fit in 64-bit integers"):
        rates.sum_by(np.array([0, 0]), np.array([2**62, 2**62]))
    with pytest.raises(grantfolio.InvalidArgument, match=r"row 0: key -1 is negative \(keys count from 0\)"):
        rates.sum_by(np.array([-1]), np.array([1]))


def test_converted_totals_from_the_store():
    p = grantfolio.synthetic.program(grants=200, transactions=3000, seed=9)
    tx = p.transactions_frame()
    # Yearly rates per USD for every currency used, every fourth year missing (last-known fills it).
    years = [y for y in range(1990, 2031) if y % 4]
    frame = pd.DataFrame([
        {"base": "USD", "quote": c, "rate": Decimal(100 + y) / 7, "valid_from": date(y, 1, 1), "valid_to": date(y, 12, 31)}
        for c in tx["currency"].cat.categories if c != "USD" for y in years])
    frame["rate"] = frame["rate"].map(lambda r: round(r, 6))
    imf = RateTable.from_frame(frame)
    usable = tx[(tx["kind"] == "disbursement")]
    by_grant = p.converted_totals(imf, to="USD", by="grant", missing="last-known")
    assert by_grant["total"].map(type).eq(Decimal).all() and (by_grant["currency"] == "USD").all()
    assert by_grant["transactions"].sum() == len(usable)
    assert sum(by_grant.attrs["methods"].values()) == len(usable)
    # The same sums one transaction at a time.
    want = {}
    for g, a, c, d in zip(usable["grant"], usable["amount"], usable["currency"], usable["value_date"]):
        m = imf.convert(Money(a, c), "USD", on=d.date(), missing="last-known")
        want[g] = want.get(g, Decimal(0)) + m.amount
    assert dict(zip(by_grant["grant"], by_grant["total"])) == want
    by_year = p.converted_totals(imf, to="USD", by="year", missing="last-known")
    assert by_year["total"].sum() == by_grant["total"].sum()
    assert by_year["year"].dtype == "int64" and list(by_year["year"]) == sorted(by_year["year"])
    # US federal fiscal years: October to December count in the next year's.
    by_fy = p.converted_totals(imf, to="USD", by="fiscal_year", missing="last-known")
    want_fy = {}
    for a, c, d in zip(usable["amount"], usable["currency"], usable["value_date"]):
        fy = d.year + (1 if d.month >= 10 else 0)
        want_fy[fy] = want_fy.get(fy, Decimal(0)) + imf.convert(Money(a, c), "USD", on=d.date(), missing="last-known").amount
    assert by_fy["fiscal_year"].dtype == "int64" and dict(zip(by_fy["fiscal_year"], by_fy["total"])) == want_fy
    by_phase = p.converted_totals(imf, to="USD", by="phase", missing="last-known")
    assert by_phase["phase"].dtype == "int64" and set(by_phase["phase"]) <= {ph.number for ph in p.phases}
    assert by_phase["total"].sum() == by_grant["total"].sum()
    # Weighted: a grant in several qarqe is split among them; the groups add up to the total exactly.
    weighted = p.converted_totals(imf, to="USD", by="qark", missing="last-known", split="weighted")
    assert weighted["total"].sum() == by_grant["total"].sum()
    assert weighted.attrs["split"]["mode"] == "weighted" and weighted.attrs["split"]["equally"] > 0
    full = p.converted_totals(imf, to="USD", by="qark", missing="last-known")
    assert full["total"].sum() > by_grant["total"].sum()
    # Qarqe by name, as coverage_frame names them, with the gazetteer id beside; the two groups that
    # are no qark have no id.
    by_qark = p.converted_totals(imf, to="USD", by="qark", missing="last-known")
    assert list(by_qark.columns) == ["qark", "qark_id", "total", "currency", "transactions"]
    named = by_qark[by_qark["qark_id"].notna()]
    assert set(named["qark"]) <= set(p.coverage_frame("qark")["area"])
    assert all(p.place(i).name == q for q, i in zip(named["qark"], named["qark_id"]))
    assert set(by_qark.loc[by_qark["qark_id"].isna(), "qark"]) <= {"nationwide", "unplaced"}
    with pytest.raises(grantfolio.InvalidArgument, match="cannot group by 'month'"):
        p.converted_totals(imf, by="month")


def test_converted_totals_by_what_the_grants_state():
    shared = os.environ.get("GRANTFOLIO_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    p = grantfolio.read(os.path.join(shared, "360giving", "grantnav-test-mixed-currency.json"))
    table = RateTable.from_frame(pd.DataFrame([{"base": "USD", "quote": "GBP", "rate": Decimal("0.8"),
                                                "valid_from": date(1990, 1, 1), "valid_to": date(2030, 12, 31)}]))
    by_funder = p.converted_totals(table, to="GBP", by="funder", kind="commitment")
    assert list(by_funder.columns) == ["funder", "funder_name", "total", "currency", "transactions"]
    # Each grant's own funders: every commitment is counted once per funder it names.
    names = {o.id: o.name for o in p.organizations}
    assert all(names[f] == n for f, n in zip(by_funder["funder"], by_funder["funder_name"]))
    funders_of = {g.id: [x.org for x in g.participants if x.role == "funding"] for g in p.grants}
    assert by_funder["transactions"].sum() == sum(len(funders_of[g.id]) or 1 for g in p.grants for t in p.transactions_of(g.id)
                                                  if t.kind == "commitment")
    by_recipient = p.converted_totals(table, to="GBP", by="recipient", kind="commitment")
    assert by_recipient["total"].sum() == p.converted_totals(table, to="GBP", kind="commitment")["total"].sum()


def test_sum_by_in_threads_matches_one_thread_and_names_the_row():
    rng = np.random.default_rng(11)
    keys = rng.integers(0, 5000, 300_000)  # enough rows to be split over threads
    values = rng.integers(-10**12, 10**12, len(keys))
    one = rates.sum_by(keys, values, size=5000, threads=1)
    assert (rates.sum_by(keys, values, size=5000, threads=2) == one).all()
    exact = [0] * 5000
    for k, v in zip(keys.tolist(), values.tolist()):
        exact[k] += v
    assert one.tolist() == exact
    bad = keys.copy()
    bad[250_000] = 7000
    with pytest.raises(grantfolio.InvalidArgument, match="row 250000: key 7000 lies outside 0..4999"):
        rates.sum_by(bad, values, size=5000, threads=2)


def test_burn_frame_is_spending_against_time():
    p = grantfolio.synthetic.program(grants=60, transactions=900, seed=4)
    tx = p.transactions_frame()
    years = range(1990, 2031)
    frame = pd.DataFrame([
        {"base": "USD", "quote": c, "rate": round(Decimal(100 + y) / 7, 6), "valid_from": date(y, 1, 1), "valid_to": date(y, 12, 31)}
        for c in tx["currency"].cat.categories if c != "USD" for y in years])
    table = RateTable.from_frame(frame)
    as_of = tx["value_date"].sort_values().iloc[len(tx) // 2].date()
    burn = p.burn_frame(as_of=str(as_of), rates=table)  # any date-like
    assert list(burn.columns) == ["grant", "award", "currency", "spent", "spent_share", "time_share", "gap", "note"]
    assert list(burn["grant"]) == [g.id for g in p.grants]
    # Spent: disbursements, expenditures and reimbursements up to the date, refunds deducted, each
    # converted to the award's currency at its value date; computed here one transaction at a time.
    only = p.burn_frame(as_of=as_of, rates=table, kinds="disbursement").set_index("grant")
    checked = differ = 0
    for row in burn.itertuples():
        g = p.grant(row.grant)
        if g.award is None:
            assert row.note == "no award" and row.spent is None and np.isnan(row.gap)
            continue
        if row.note is not None:
            continue
        want = disbursed = Decimal(0)
        for t in p.transactions_of(row.grant):
            if t.value_date > as_of or t.kind not in ("disbursement", "expenditure", "reimbursement", "refund"):
                continue
            m = t.amount if t.amount.currency == row.currency else table.convert(t.amount, row.currency, on=t.value_date)
            want += -m.amount if t.kind == "refund" else m.amount
            if t.kind in ("disbursement", "refund"):
                disbursed += -m.amount if t.kind == "refund" else m.amount
        assert row.spent == want, row.grant
        assert only.loc[row.grant, "spent"] == disbursed, row.grant
        differ += want != disbursed
        assert row.award == g.award.amount
        assert 0 <= row.time_share <= 1 and abs(row.gap - (row.spent_share - row.time_share)) < 2e-6
        checked += 1
    assert checked > 10 and differ > 0  # expenditures counted by default, not when only disbursements are asked for
    # Without rates, a grant with spending in another currency says why it has no figure.
    bare = p.burn_frame(as_of=as_of)
    assert bare["note"].dropna().str.contains("give a rate table").any()
