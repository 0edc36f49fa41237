#!/usr/bin/env python3
"""The per-grant conversion benchmark (bench_convert.py's data: 10,000,000 transactions in 5
currencies over 1,000,000 grants, daily USD rates 2004-2010 with gaps, the last known rate for the
gaps) against the peers an analyst would pick today, all in the same run, on the current stack:

  * DuckDB: ASOF JOIN on (currency, date) + GROUP BY, in SQL over Arrow tables;
  * polars: join_asof(by="currency", strategy="backward") + group_by.

Both convert with binary floats and round each row, as their users would; grantfolio converts
exactly (convert_many with by=grant). Every grant's total is compared; where a peer disagrees,
exact one-by-one conversion of that grant decides. Goal (issue 17): grantfolio ahead of both,
exact where they are not. Best of 3 each. Usage: bench_peers.py [transactions] [grants]"""
import sys
import warnings

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

from bench_convert import CURRENCIES, MINOR, Dataset, best


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    grants = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    data = Dataset(n, grants)
    print(f"{n:,} transactions over {grants:,} grants, {len(CURRENCIES)} currencies, {len(data.quotes):,} daily "
          f"rates 2004-2010 with gaps; best of 3 (duckdb {duckdb.__version__}, polars {pl.__version__}, "
          f"pyarrow {pa.__version__})")

    def ours():
        return data.table.convert_many(data.amount, data.currency, data.day, to="USD", missing="last-known",
                                       by=data.grant, groups=grants)

    t_ours, total_ours = best(ours)

    # The peers' inputs, made once, outside the timings: Arrow tables of the transactions and of the
    # rates (USD at 1 on every rate day), and each currency's scale to cents.
    quotes = data.quotes
    usd_days = quotes["date"].unique()
    rates = pa.table({
        "currency": pa.array(list(quotes["currency"]) + ["USD"] * len(usd_days)),
        "date": pa.array(np.concatenate([quotes["date"].to_numpy(), usd_days]).astype("datetime64[D]")),
        "per_usd": pa.array(np.concatenate([quotes["per_usd"].to_numpy(), np.ones(len(usd_days))])),
        "scale": pa.array([10.0 ** (2 - MINOR[c]) for c in quotes["currency"]] + [1.0] * len(usd_days))})
    tx = pa.table({"grant": data.grant, "currency": pa.array(np.asarray(data.currency, dtype=object)),
                   "amount": data.amount, "date": pa.array(data.day)})

    con = duckdb.connect()
    con.register("tx", tx)
    con.register("rates", rates)
    sql = """SELECT t.grant, sum(round(t.amount * r.scale / r.per_usd))::BIGINT AS usd
             FROM tx t ASOF JOIN rates r ON t.currency = r.currency AND t.date >= r.date
             GROUP BY t.grant"""

    def with_duckdb():
        got = con.sql(sql).fetchnumpy()
        total = np.zeros(grants, dtype=np.int64)
        total[got["grant"]] = got["usd"]
        return total

    t_duck, total_duck = best(with_duckdb)

    ptx, prates = pl.from_arrow(tx), pl.from_arrow(rates).sort("date")

    # polars notes that it cannot check sortedness within groups; the rates are sorted by date.
    warnings.filterwarnings("ignore", message="Sortedness of columns cannot be checked")

    def with_polars():
        joined = ptx.sort("date").join_asof(prates, on="date", by="currency", strategy="backward")
        got = (joined.with_columns((pl.col("amount") * pl.col("scale") / pl.col("per_usd")).round(0).cast(pl.Int64).alias("usd"))
               .group_by("grant").agg(pl.col("usd").sum()))
        total = np.zeros(grants, dtype=np.int64)
        total[got["grant"].to_numpy()] = got["usd"].to_numpy()
        return total

    t_polars, total_polars = best(with_polars)

    print(f"  {'DuckDB ASOF JOIN + GROUP BY (floats)':58} {t_duck:8.3f} s")
    print(f"  {'polars join_asof + group_by (floats)':58} {t_polars:8.3f} s")
    print(f"  {'grantfolio convert_many(by=grant) (exact)':58} {t_ours:8.3f} s   "
          f"{t_duck / t_ours:.1f}x faster than DuckDB, {t_polars / t_ours:.1f}x faster than polars "
          f"(goal: ahead of both: {'met' if t_ours < min(t_duck, t_polars) else 'NOT met'})")
    for name, theirs in (("DuckDB", total_duck), ("polars", total_polars)):
        differ = np.flatnonzero(theirs != total_ours)
        decided = []
        for g in differ[:10]:
            exact = data.exact_total(g)
            decided.append("grantfolio" if exact == total_ours[g] else name if exact == theirs[g] else "neither")
        print(f"  {name}: totals agree for {grants - len(differ):,} of {grants:,} grants; largest difference "
              f"{int(np.abs(theirs - total_ours).max())} cents; exact one-by-one conversion of the first "
              f"{len(decided)} differing grants agrees with: {', '.join(decided) or '-'}")


if __name__ == "__main__":
    main()
