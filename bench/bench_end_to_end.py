#!/usr/bin/python3
"""Benchmark 5 of issue 7, end to end through the CLI: generate and save 1,000,000 grants with
10,000,000 transactions (`grantfolio synth`), then, in a fresh process, load the archive, convert
every disbursement to USD at its value date (daily rates 1995-2028 in 5 currencies, weekends and 3%
of days missing, last-known policy) and sum per grant (`grantfolio totals`). Each step runs under
/usr/bin/time -v, which gives its wall time and peak memory. Goal: load + convert + aggregate under
5 s, peak under 2 GiB. Usage: bench_end_to_end.py CLI [grants] [transactions]"""
import os
import random
import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta


def timed(argv):
    r = subprocess.run(["/usr/bin/time", "-v"] + argv, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed: {r.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return seconds, peak_kb / 1024 / 1024, r.stdout


def write_rates(path):
    rng = random.Random(5)
    level = {"EUR": 0.8, "GBP": 0.6, "ALL": 100.0, "CHF": 1.2, "JPY": 110.0}
    rows = 0
    with open(path, "w") as f:
        f.write("base,quote,rate,valid_from,valid_to,source\n")
        for code, v in level.items():
            d = date(1995, 1, 1)
            while d <= date(2028, 12, 31):
                v *= 1 + rng.uniform(-0.004, 0.004)
                if d.weekday() < 5 and rng.random() > 0.03:
                    f.write(f"USD,{code},{v:.6f},{d},{d},synthetic\n")
                    rows += 1
                d += timedelta(days=1)
    return rows


def main():
    cli = sys.argv[1]
    grants = sys.argv[2] if len(sys.argv) > 2 else "1000000"
    transactions = sys.argv[3] if len(sys.argv) > 3 else "10000000"
    folder = tempfile.mkdtemp(prefix="grantfolio-e2e-")
    archive, rates = os.path.join(folder, "p.bin"), os.path.join(folder, "daily.csv")
    n_rates = write_rates(rates)
    gen = timed([cli, "synth", "--grants", grants, "--transactions", transactions, "--seed", "42", "-o", archive])
    size = os.path.getsize(archive) / 1e6
    run = timed([cli, "totals", archive, "--rates", rates, "--to", "USD", "--by", "grant", "--missing", "last-known",
                 "--format", "csv"])
    groups = run[2].count("\n") - 1
    # The same load alone, to tell the conversion's share.
    load = timed([cli, "validate", archive, "--format", "json"]) if os.environ.get("GRANTFOLIO_E2E_VALIDATE") else None
    print(f"end to end: {int(grants):,} grants, {int(transactions):,} transactions, {n_rates:,} daily rates")
    print(f"  {'generate + save (grantfolio synth)':50} {gen[0]:7.2f} s   peak {gen[1]:5.2f} GiB   archive {size:.0f} MB")
    print(f"  {'load + convert + aggregate (grantfolio totals)':50} {run[0]:7.2f} s   peak {run[1]:5.2f} GiB   "
          f"{groups:,} grant totals; goals < 5 s: {'met' if run[0] < 5 else 'NOT met'}, "
          f"< 2 GiB: {'met' if run[1] < 2 else 'NOT met'}")
    if load:
        print(f"  {'load + validate (grantfolio validate)':50} {load[0]:7.2f} s   peak {load[1]:5.2f} GiB")
    for p in (archive, rates):
        os.remove(p)
    os.rmdir(folder)


if __name__ == "__main__":
    main()
