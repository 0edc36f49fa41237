#!/usr/bin/python3
"""Baseline for bench_archive: pandas to_pickle / read_pickle of the grants table (a CSV file) and
of the transactions table built from the raw column files bench_archive writes beside it: grant
(int32), kind and currency (categorical), value_date (datetime64), amount as coefficient (int64)
and scale (int8) so that it stays exact, note (object) — the same information the archive holds.

Prints one JSON line: {"rows", "transactions", "bytes", "save_s", "load_s"} (best of 3 runs each).
"""
import json
import os
import sys
import tempfile
import time

import numpy as np
import pandas as pd

KINDS = ["commitment", "disbursement", "expenditure", "refund"]


def transactions(folder):
    col = lambda name, dtype: np.fromfile(os.path.join(folder, name), dtype=dtype)  # noqa: E731
    grant = col("grant.u4", np.uint32).astype(np.int32)
    n = len(grant)
    note = np.full(n, "", dtype=object)
    notes = pd.read_csv(os.path.join(folder, "notes.csv"), dtype={"row": np.int64, "note": str}, keep_default_na=False)
    note[notes["row"].to_numpy()] = notes["note"].to_numpy()
    codes = col("currency.u2", np.uint16)
    used = np.unique(codes)
    return pd.DataFrame({
        "grant": grant,
        "kind": pd.Categorical.from_codes(col("kind.u1", np.uint8).astype(np.int8), categories=KINDS),
        "value_date": col("day.i4", np.int32).astype("int64").astype("datetime64[D]").astype("datetime64[s]"),
        "coefficient": col("coefficient.i8", np.int64),
        "scale": col("scale.i1", np.int8),
        "currency": pd.Categorical.from_codes(np.searchsorted(used, codes), categories=[f"c{u}" for u in used]),
        "note": note,
    })


def main():
    frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    for col in ("planned_start", "planned_end", "actual_start", "actual_end"):
        frame[col] = pd.to_datetime(frame[col].replace("", None))
    frame["phase"] = frame["phase"].astype("int64")
    frame["transactions"] = frame["transactions"].astype("int64")
    frame["closed_early"] = frame["closed_early"] == "true"
    tx = transactions(sys.argv[2]) if len(sys.argv) > 2 else pd.DataFrame()
    folder = tempfile.mkdtemp()
    paths = [os.path.join(folder, "grants.pkl"), os.path.join(folder, "transactions.pkl")]
    save = load = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        frame.to_pickle(paths[0])
        tx.to_pickle(paths[1])
        t1 = time.perf_counter()
        back, back_tx = pd.read_pickle(paths[0]), pd.read_pickle(paths[1])
        t2 = time.perf_counter()
        save, load = min(save, t1 - t0), min(load, t2 - t1)
    assert len(back) == len(frame) and len(back_tx) == len(tx)
    print(json.dumps({"rows": len(frame), "transactions": len(tx), "bytes": sum(os.path.getsize(p) for p in paths),
                      "save_s": save, "load_s": load}))
    for p in paths:
        os.remove(p)


if __name__ == "__main__":
    main()
