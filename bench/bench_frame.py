#!/usr/bin/python3
"""to_frame() of a generated programme of 1,000,000 grants, beside its baseline measured in the same
run: building the same DataFrame straight from its numpy columns (object, categorical, datetime64).
Goals (issue 5): under 1 s, and at most 1.5x the baseline. Best of 3."""
import sys
import time
from datetime import date

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
    print(f"to_frame of {len(df):,} grants ({df.shape[1]} columns)")
    print(f"  {'baseline: pd.DataFrame from the numpy columns':52} {base:8.3f} s")
    print(f"  {'grantfolio Program.to_frame()':52} {ours:8.3f} s   ({ours / base:.1f}x the baseline; "
          f"goals < 1 s: {'met' if ours < 1 else 'NOT met'}, <= 1.5x: {'met' if ours <= 1.5 * base else 'NOT met'})")


if __name__ == "__main__":
    main()
