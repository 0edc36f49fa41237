#!/usr/bin/python3
"""Derives data/rates/imf-annual-average-per-usd.csv from the IMF file in ../shared/data/rates/.

The published file repeats a currency once per country that uses it. Most repeats agree (the euro,
up to float noise), but some do not, and grantfolio's loader refuses disagreeing rows (it names them).
For those (currency, year) groups this script keeps the rows of the currency's issuing area and sets
the others aside, listing each one in imf-annual-average-per-usd.set-aside.csv with the reason:

- USD rows for Ecuador, El Salvador and Haiti carry their former national currencies (sucre, colón,
  gourde) per dollar under the code USD: USD per USD is 1.
- EUR 2021-2022: Andorra, Kosovo and Montenegro differ from the Euro Area (U2) series.
- XOF, XAF, XCD: member countries differ from the union series (7A WAEMU, 5X CEMAC, 5Y ECCU).
- DKK (Greenland, Faroes), FRF (overseas departments), ZAR (Lesotho, Namibia), NLG (Netherlands
  Antilles guilder under NLG), YDD (Yemen Arab Republic): the issuer's own series is kept.

Usage: /usr/bin/python3 tools/data/derive_imf_rates.py [SOURCE] [OUT_DIR]
"""
import csv
import pathlib
import sys
from collections import defaultdict
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared/data/rates/imf-annual-average-per-usd.csv"
OUT = ROOT / "data/rates"
ISSUER = {
    "USD": "US", "EUR": "U2", "XOF": "7A", "XAF": "5X", "XCD": "5Y", "DKK": "DK",
    "FRF": "FR", "ZAR": "ZA", "NLG": "NL", "YDD": "1C_459",
}
TOLERANCE = Decimal("1e-9")


def agree(a, b):
    return abs(a - b) <= TOLERANCE * max(a, b)


def main():
    source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    out_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    with source.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    col = {name: i for i, name in enumerate(header)}
    groups = defaultdict(list)
    for n, row in enumerate(rows):
        groups[(row[col["Currency"]], row[col["Date"]])].append(n)
    drop = {}
    for (cur, day), members in groups.items():
        values = [Decimal(rows[n][col["Rate"]]) for n in members]
        if all(agree(values[0], v) for v in values):
            continue
        issuer = ISSUER.get(cur)
        ref = [n for n in members if rows[n][col["Country code"]] == issuer]
        if not ref:
            sys.exit(f"{cur} {day}: rows disagree and no row of the issuer ({issuer}) is there to keep")
        keep = Decimal(rows[ref[0]][col["Rate"]])
        for n in members:
            if not agree(keep, Decimal(rows[n][col["Rate"]])):
                drop[n] = f"disagrees with the {cur} issuer series ({issuer}: {rows[ref[0]][col['Rate']]})"
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "imf-annual-average-per-usd.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(row for n, row in enumerate(rows) if n not in drop)
    with (out_dir / "imf-annual-average-per-usd.set-aside.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source_line"] + header + ["reason"])
        for n in sorted(drop):
            w.writerow([n + 2] + rows[n] + [drop[n]])
    print(f"{len(rows) - len(drop)} rows kept, {len(drop)} set aside", file=sys.stderr)


if __name__ == "__main__":
    main()
