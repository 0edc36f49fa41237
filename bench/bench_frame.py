#!/usr/bin/python3
"""to_frame() of a generated programme of 1,000,000 grants, beside its baseline measured in the same
run: building the same DataFrame straight from its numpy columns (object, categorical, datetime64).
Goals (issue 5): under 1 s, and at most 1.5x the baseline. Best of 3.

The baseline is handed the frame's own columns, Python objects included. A second line measures
what only making those objects costs by the fastest route numpy and CPython offer (fixed-width
unicode arrays to object, map(Decimal, texts)): a floor that any frame holding str and Decimal
per row pays, whoever builds it."""
import sys
import time
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

import grantfolio


def best(f, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return min(times), result


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    p = grantfolio.synthetic.program(grants=n, transactions=0, seed=42)
    ours, df = best(lambda: p.to_frame(as_of=date(2010, 1, 1)))
    columns = {c: (df[c].array if str(df[c].dtype) == "category" else df[c].to_numpy()) for c in df.columns}
    base, _ = best(lambda: pd.DataFrame(columns))
    ids, titles = np.array(df["id"].tolist()), np.array(df["title"].tolist())
    amounts = [str(a) for a in df["award_amount"] if a is not None]
    objects, _ = best(lambda: (ids.astype(object), titles.astype(object), list(map(Decimal, amounts))))
    print(f"to_frame of {len(df):,} grants ({df.shape[1]} columns)")
    print(f"  {'baseline: pd.DataFrame from the numpy columns':60} {base:8.3f} s")
    print(f"  {'floor of its objects: 2 str columns + Decimal, numpy/CPython':60} {objects:8.3f} s   "
          f"(baseline + floor: {base + objects:.3f} s)")
    print(f"  {'grantfolio Program.to_frame()':60} {ours:8.3f} s   ({ours / base:.1f}x the baseline, "
          f"{ours / (base + objects):.1f}x baseline + floor; goals < 1 s: {'met' if ours < 1 else 'NOT met'}, "
          f"<= 1.5x: {'met' if ours <= 1.5 * base else 'NOT met'})")


if __name__ == "__main__":
    main()
