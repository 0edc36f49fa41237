#!/usr/bin/python3
"""The memory bound of every reader, as docs/reliability.md states it, held under `prlimit --as`:
each reader reads a generated input of each kind within FACTOR x its size + 128 MiB of address
space; a JSON document too large for what the limit leaves is refused before its tree is built,
with a message (a 200 MB array under 2 GiB aborted the process). Peak resident memory is printed
beside each bound. Inputs are generated (seeded) in a temporary folder.
Usage: memory_bounds.py CLI SHARED_DATA"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

MiB = 1 << 20
CONSTANT = 128 * MiB
# Address space each reader may need, as a multiple of its input (docs/reliability.md).
FACTOR = {"listing": 3, "imf": 3, "binary": 3, "text": 3, "xml": 2, "json": 6, "iati": 6, "360giving": 14, "360giving-csv": 14, "rates": 2}

failures = []


def run_limited(cli, args, limit):
    r = subprocess.run(["prlimit", f"--as={limit}", "/usr/bin/time", "-f", "peak %M KB", cli] + args,
                       capture_output=True, text=True, timeout=600)
    peak = next((int(line.split()[1]) * 1024 for line in r.stderr.splitlines() if line.startswith("peak ")), 0)
    return r.returncode, r.stderr, peak


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + (f" ({detail})" if detail else ""))
    if not ok:
        failures.append(what)


def giving360_package(path, n, rng):
    grants = [{"id": f"360G-test-{i}", "title": f"Grant {i}", "description": "A grant " * rng.randint(1, 20),
               "currency": "GBP", "amountAwarded": rng.randint(100, 10 ** 6), "awardDate": "2014-06-05",
               "recipientOrganization": [{"id": f"GB-CHC-{rng.randint(1, 10 ** 6)}", "name": f"Charity {i}"}],
               "fundingOrganization": [{"id": "GB-CHC-1", "name": "A trust"}]} for i in range(n)]
    with open(path, "w") as f:
        json.dump({"grants": grants}, f)


def giving360_csv(path, n, rng):
    with open(path, "w") as f:
        f.write("Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
                "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n")
        for i in range(n):
            f.write(f"360G-test-{i},Grant {i},\"{'A grant ' * rng.randint(1, 20)}\",GBP,{rng.randint(100, 10 ** 6)},"
                    f"2014-06-05,GB-CHC-{rng.randint(1, 10 ** 6)},Charity {i},GB-CHC-1,A trust\n")


def rates_csv(path, n):
    with open(path, "w") as f:
        f.write("base,quote,rate,valid_from,valid_to\n")
        per = n // 4
        for c in ("EUR", "GBP", "ALL", "JPY"):
            for i in range(per):
                y, d = 1990 + i // 365, 1 + i % 365
                f.write(f"USD,{c},1.{i % 9973:04d},{y}-01-01,{y}-01-01\n" if d == 1 else "")
        # One rate a day for one pair: the many-rows case.
        import datetime
        day = datetime.date(1990, 1, 1)
        for i in range(n):
            f.write(f"USD,CHF,1.{i % 9973:04d},{day.isoformat()},{day.isoformat()}\n")
            day += datetime.timedelta(days=1)
            if day.year > 9000:
                break


def main():
    cli, shared = sys.argv[1], sys.argv[2]
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as work:
        base = os.path.join(work, "p.bin")
        subprocess.run([cli, "synth", "--grants", "5000", "--transactions", "50000", "--seed", "3", "-o", base], check=True)
        inputs = {"binary": base}
        for fmt, ext in (("text", "txt"), ("xml", "xml"), ("json", "json"), ("iati", "iati.xml")):
            inputs[fmt] = os.path.join(work, "p." + ext)
            subprocess.run([cli, "export", base, "--format", fmt, "-o", inputs[fmt]], check=True, capture_output=True)
        inputs["360giving"] = os.path.join(work, "p.360.json")
        giving360_package(inputs["360giving"], 20000, rng)
        inputs["360giving-csv"] = os.path.join(work, "p.360.csv")
        giving360_csv(inputs["360giving-csv"], 20000, rng)
        inputs["rates"] = os.path.join(work, "rates.csv")
        rates_csv(inputs["rates"], 400000)
        # The real listing, its grants a hundred times over (3.5 MB); the IMF table as shipped.
        here = os.path.dirname(os.path.abspath(__file__))
        listing = open(os.path.join(shared, "listings", "caaht-grants-2006-05-10.sq.txt"), encoding="utf-8").read()
        inputs["listing"] = os.path.join(work, "listing.txt")
        with open(inputs["listing"], "w", encoding="utf-8") as f:
            f.write(listing * 100)
        inputs["imf"] = os.path.join(here, "..", "..", "data", "rates", "imf-annual-average-per-usd.csv")
        _, _, baseline = run_limited(cli, ["report"], 1 << 32)  # the embedded programme: the constant part
        print(f"baseline: report on the embedded programme peaks at {baseline / MiB:.0f} MiB resident")
        for fmt, path in inputs.items():
            size = os.path.getsize(path)
            limit = FACTOR[fmt] * size + CONSTANT
            args = (["convert", "100", "USD", "CHF", "--on", "2000-06-01", "--rates", path] if fmt == "rates"
                    else ["convert", "100", "USD", "ALL", "--on", "2006-06-01", "--rates", path] if fmt == "imf"
                    else ["report", path])
            rc, err, peak = run_limited(cli, args, limit)
            check(f"{fmt}: {size / MiB:.1f} MiB read within {FACTOR[fmt]} x + 128 MiB = {limit / MiB:.0f} MiB of address space",
                  rc == 0, f"peak resident {peak / MiB:.0f} MiB: {(peak - baseline) / size:.1f} x the input above the baseline" if rc == 0 else err.strip()[:300])

        # One large array, 200 MB, under 2 GiB: refused before its tree is built, with the reason.
        big = os.path.join(work, "big.json")
        with open(big, "w") as f:
            f.write('{"format": "grantfolio-program", "version": 1, "grants": [')
            chunk = "1," * (1 << 20)
            for _ in range(100):
                f.write(chunk)
            f.write("1]}")
        rc, err, _ = run_limited(cli, ["report", big], 2 << 30)
        check("a 200 MB JSON array under a 2 GiB limit is refused, saying why", rc == 1 and "would take about" in err and
              "internal error" not in err, err.strip()[:300])
        # Too little room for an IATI tree: the reader says it ran out, not that the XML is malformed.
        rc, err, _ = run_limited(cli, ["report", inputs["iati"]], 2 * os.path.getsize(inputs["iati"]) + 64 * MiB)
        check("IATI with too little memory says it ran out, and where", rc == 1 and "out of memory while reading" in err and
              re.search(r"at line [0-9]+, column [0-9]+", err) is not None and
              "malformed" not in err, err.strip()[:300])
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
