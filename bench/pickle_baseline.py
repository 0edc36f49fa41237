#!/usr/bin/python3
"""Baseline for bench_archive: pandas to_pickle / read_pickle of the grants table in a CSV file.

Prints one JSON line: {"rows", "bytes", "save_s", "load_s"} (best of 3 runs each).
"""
import json
import os
import sys
import tempfile
import time

import pandas as pd


def main():
    frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    for col in ("planned_start", "planned_end", "actual_start", "actual_end"):
        frame[col] = pd.to_datetime(frame[col].replace("", None))
    frame["phase"] = frame["phase"].astype("int64")
    frame["transactions"] = frame["transactions"].astype("int64")
    frame["closed_early"] = frame["closed_early"] == "true"
    path = os.path.join(tempfile.mkdtemp(), "grants.pkl")
    save = load = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        frame.to_pickle(path)
        t1 = time.perf_counter()
        back = pd.read_pickle(path)
        t2 = time.perf_counter()
        save, load = min(save, t1 - t0), min(load, t2 - t1)
    assert len(back) == len(frame)
    print(json.dumps({"rows": len(frame), "bytes": os.path.getsize(path), "save_s": save, "load_s": load}))
    os.remove(path)


if __name__ == "__main__":
    main()
