#!/usr/bin/python3
"""The HTML report (grantfolio.report.html) of CAAHT and of a generated 10,000-grant programme,
beside two baselines measured in the same run. Goals (issue 20): CAAHT under 1 s, 10,000 grants
under 5 s. Times are of html() in a process that has imported grantfolio and matplotlib (best of
3); the first report of a process also pays matplotlib's font setup, printed apart.

A. The same programme's text report: `grantfolio report` (C++, the same figures, no charts), a
   process each run, so it includes starting the program and reading the embedded programme.
B. What `make demo` did before: the example notebook executed and rendered to HTML by nbconvert
   (one run; CAAHT only).

usage: bench_report.py BUILD_DIR   (PYTHONPATH=BUILD_DIR/python)"""
import os
import subprocess
import sys
import tempfile
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot  # noqa: E402,F401  (imported before timing, as in any session that plots)

import grantfolio  # noqa: E402


def best(f, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main(build):
    cli = f"{build}/bin/grantfolio"
    caaht = grantfolio.datasets.caaht_2006()
    t = time.perf_counter()
    grantfolio.report.html(caaht)
    first = time.perf_counter() - t
    html_caaht = best(lambda: grantfolio.report.html(caaht, lang="sq", currency="ALL"))
    text_caaht = best(lambda: subprocess.run([cli, "report", "--lang", "sq", "--currency", "ALL"], check=True, capture_output=True))
    big = grantfolio.synthetic.program(grants=10_000, transactions=0, seed=3)
    html_big = best(lambda: grantfolio.report.html(big))
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/big.json"
        with open(path, "w", encoding="utf-8") as f:
            f.write(big.to_json())
        text_big = best(lambda: subprocess.run([cli, "report", path], check=True, capture_output=True))
        t = time.perf_counter()
        env = dict(os.environ, PYTHONPATH=os.path.abspath(f"{build}/python"), MPLBACKEND="")  # the kernel runs elsewhere
        subprocess.run([sys.executable, "-m", "nbconvert", "--execute", "--to", "html", "--output-dir", tmp, "--output", "caaht",
                        "examples/notebooks/caaht.ipynb"], check=True, capture_output=True, env=env)
        notebook = time.perf_counter() - t
    print(f"report html, CAAHT:         {html_caaht:7.3f} s (goal < 1 s; first in a process {first:.3f} s)   "
          f"A text report {text_caaht:.3f} s   B notebook via nbconvert {notebook:.3f} s")
    print(f"report html, 10,000 grants: {html_big:7.3f} s (goal < 5 s)   A text report {text_big:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1])
