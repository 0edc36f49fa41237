#!/usr/bin/python3
"""The revision diff of two 100,000-grant snapshots (issue 19's goal: <= 1 s), beside a baseline
measured in the same run.

The snapshots: a generated programme of 100,000 grants and 1,000,000 transactions (seed 9), and its
later snapshot with 10,000 more transactions (the same grants; about 9,500 of them gain rows). Times
are best of 3, in a process that holds both programmes:

- grantfolio: Program.diff(later) — every grant matched by id and compared field by field, its rows
  by kind and currency, the money sums per kind and currency, returned as a dict.
- the CLI: `grantfolio diff A.bin B.bin` from two binary archives, a process each run, so it also
  reads both archives; `grantfolio totals A.bin` (reading one archive and one sum) is printed beside it.
- baseline, pandas: what an analyst holding the two programmes' frames (to_frame(),
  transactions_frame(); building them is not timed) would do for the same answer: merge the grants
  frames on id and compare each column, then the transactions summed per grant, kind and currency
  (exact minor units) in each and compared.

usage: bench_diff.py BUILD_DIR   (PYTHONPATH=BUILD_DIR/python)"""
import os
import subprocess
import sys
import tempfile
import time

import pandas as pd

import grantfolio


def best(f, runs=3):
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return min(times), result


def pandas_diff(fa, fb, ta, tb):
    """Grants changed (any column) and (grant, kind, currency) sums that differ, with pandas."""
    both = fa.merge(fb, on="id", how="outer", suffixes=("_a", "_b"), indicator=True)
    added = int((both["_merge"] == "right_only").sum())
    removed = int((both["_merge"] == "left_only").sum())
    common = both[both["_merge"] == "both"]
    changed = pd.Series(False, index=common.index)
    for c in fa.columns:
        if c == "id":
            continue
        a, b = common[c + "_a"], common[c + "_b"]
        changed |= ~((a == b) | (a.isna() & b.isna()))
    sa = ta.groupby(["grant", "kind", "currency"], observed=True)["minor_units"].agg(["sum", "count"])
    sb = tb.groupby(["grant", "kind", "currency"], observed=True)["minor_units"].agg(["sum", "count"])
    rows = sa.join(sb, how="outer", lsuffix="_a", rsuffix="_b")
    differ = rows[(rows["sum_a"] != rows["sum_b"]) | (rows["count_a"] != rows["count_b"])]
    changed_ids = set(common.loc[changed, "id"]) | set(differ.index.get_level_values("grant").astype(str))
    return added, removed, len(changed_ids)


def main(build):
    cli = f"{build}/bin/grantfolio"
    a = grantfolio.synthetic.program(100_000, 1_000_000, 9)
    b = grantfolio.synthetic.program(100_000, 1_010_000, 9)
    t, d = best(lambda: a.diff(b))
    print(f"grantfolio Program.diff, 100,000 grants: {t:.3f} s — {len(d['added'])} added, {len(d['removed'])} removed, "
          f"{len(d['changed'])} changed, {len(d['sums'])} sums differ (goal <= 1 s)")
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb = os.path.join(tmp, "a.bin"), os.path.join(tmp, "b.bin")
        a.save(pa)
        b.save(pb)
        tc, _ = best(lambda: subprocess.run([cli, "diff", pa, pb], check=True, capture_output=True))
        tl, _ = best(lambda: subprocess.run([cli, "totals", pa], check=True, capture_output=True))
    print(f"grantfolio diff A.bin B.bin (a process, reading both archives): {tc:.3f} s; reading one (totals A.bin): {tl:.3f} s")
    fa, fb = a.to_frame(), b.to_frame()
    ta, tb = a.transactions_frame(), b.transactions_frame()
    tp, (added, removed, changed) = best(lambda: pandas_diff(fa, fb, ta, tb))
    print(f"baseline pandas {pd.__version__} (frames built beforehand): {tp:.3f} s — {added} added, {removed} removed, "
          f"{changed} changed")
    if (added, removed) != (len(d["added"]), len(d["removed"])) or changed != len(d["changed"]):
        print(f"  the two disagree: grantfolio {len(d['changed'])} changed, pandas {changed}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build")
