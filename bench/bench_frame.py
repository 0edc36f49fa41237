#!/usr/bin/python3
"""to_frame() of a generated programme of 1,000,000 grants, beside two baselines measured in the same
run, both building the same DataFrame (same columns, dtypes and values; checked) with pandas' public
API. Goals (issues 5 and 7): under 1 s, and at most 1.5x the baseline. Best of 3 each.

A. pd.DataFrame from the frame's own columns, handed over ready: its str and Decimal objects, its
   Categoricals and datetime64[ns] arrays already made. This times only pandas assembling a frame.
B. pd.DataFrame from numpy's own column types: fixed-width unicode arrays for texts, datetime64[ns]
   for dates, integer codes and unicode categories for the categoricals (Categorical.from_codes),
   decimal texts for the amounts (numpy has no decimal type; Decimal made from each). pandas and
   CPython make the objects, as they would for anyone building this frame from numpy arrays.

A third line measures only making the frame's 2M str and 1M Decimal objects by the fastest route
numpy and CPython offer: what any frame holding str and Decimal per row pays, whoever builds it.
Baseline A does not include it, so no such frame can come within 1.5x of A (the objects alone
cost 3-4x A here); B does."""
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

    # A: the frame's own columns, objects included.
    columns = {c: (df[c].array if str(df[c].dtype) == "category" else df[c].to_numpy()) for c in df.columns}
    base, _ = best(lambda: pd.DataFrame(columns))

    # B: numpy's own column types.
    native = {}
    for c in df.columns:
        col = df[c]
        if str(col.dtype) == "category":
            native[c] = ("category", col.cat.codes.to_numpy(), np.array(col.cat.categories.tolist()))
        elif col.dtype == object and c in ("partners", "qarqe", "districts"):
            # numpy has no list type: codes into the distinct tuples, as a user would factorize them.
            codes, distinct = pd.factorize(col)
            native[c] = ("tuples", codes, list(distinct))
        elif col.dtype == object and c in ("award_amount", "award_currency"):
            native[c] = np.array(["" if a is None else str(a) for a in col])
        elif col.dtype == object:
            native[c] = np.array(col.tolist())
        else:
            native[c] = col.to_numpy()

    def from_native():
        data = {}
        for c, v in native.items():
            if isinstance(v, tuple) and v[0] == "category":
                categories = pd.Index(v[2].astype(object), dtype=object)  # object categories, as to_frame's
                data[c] = pd.Categorical.from_codes(v[1], dtype=pd.CategoricalDtype(categories))
            elif isinstance(v, tuple):  # each distinct tuple once, shared by reference
                distinct = np.empty(len(v[2]), dtype=object)
                for k, t in enumerate(v[2]):
                    distinct[k] = t
                data[c] = distinct[v[1]]
            elif c == "award_currency":  # None where there is no award
                currency = v.astype(object)
                currency[v == ""] = None
                data[c] = pd.Series(currency, dtype=object, copy=False)
            elif c == "award_amount":  # None where there is no text
                amount = np.full(len(v), None, dtype=object)
                given = v != ""
                texts = v[given].tolist()  # (fromiter: np.array(list) would probe each Decimal for nesting)
                amount[given] = np.fromiter(map(Decimal, texts), dtype=object, count=len(texts))
                data[c] = amount
            elif v.dtype.kind == "U":  # object, as to_frame gives (pandas 3 would infer its str dtype)
                data[c] = pd.Series(v.astype(object), dtype=object, copy=False)
            else:
                data[c] = v
        return pd.DataFrame(data)

    native_time, rebuilt = best(from_native)
    pd.testing.assert_frame_equal(rebuilt, df)  # the same frame, or the comparison means nothing

    ids, titles = native["id"], native["title"]
    amounts = [t for t in native["award_amount"].tolist() if t]
    objects, _ = best(lambda: (ids.astype(object), titles.astype(object), list(map(Decimal, amounts))))
    print(f"to_frame of {len(df):,} grants ({df.shape[1]} columns)")
    print(f"  {'baseline A: pd.DataFrame from the ready columns (objects made)':66} {base:8.3f} s")
    print(f"  {'baseline B: pd.DataFrame from numpy column types':66} {native_time:8.3f} s")
    print(f"  {'only making 2 str columns + Decimal (numpy/CPython)':66} {objects:8.3f} s   "
          f"({objects / base:.1f}x baseline A on its own)")
    print(f"  {'grantfolio Program.to_frame()':66} {ours:8.3f} s   "
          f"(goal < 1 s: {'met' if ours < 1 else 'NOT met'}; "
          f"{ours / base:.1f}x baseline A, <= 1.5x: {'met' if ours <= 1.5 * base else 'NOT met'}; "
          f"{ours / native_time:.2f}x baseline B, <= 1.5x: {'met' if ours <= 1.5 * native_time else 'NOT met'})")


if __name__ == "__main__":
    main()
