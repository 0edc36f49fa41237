#!/usr/bin/python3
"""Issue 15's 360Giving benchmark: a generated package of N grants (each with a recipient, one of
20 funders, planned dates, a programme, a beneficiary location with a point and a geoCode, an
award with its date and an amount disbursed, which gives each grant one finding: a disbursement
has no date of its own), read by grantfolio (io::read_360giving through grantfolio_bench_read)
and, as the baseline in the same run, by Python's json.load (parse_float=Decimal) extracting the
same fields. Goals as for IATI: >= 50 MB/s; >= 5x the baseline; time per grant flat from 1,000 to
1,000,000; peak memory <= 3x the file. Usage: bench_giving360.py BENCH_BINARY [largest]"""
import json
import sys
import time
from decimal import Decimal

import reader_bench


def grant(i):
    return {
        "id": f"360G-bench-{i}", "title": f"Grant {i}", "description": f"Grant {i} pays for things.",
        "currency": "GBP", "amountAwarded": Decimal(f"{1000 + i % 9973}.{i % 100:02d}"),
        "amountDisbursed": Decimal(f"{500 + i % 997}.50"), "awardDate": f"20{10 + i % 12}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        "plannedDates": [{"startDate": f"20{10 + i % 12}-01-01", "endDate": f"20{11 + i % 12}-12-31"}],
        "recipientOrganization": [{"id": f"GB-CHC-{100000 + i % 5000}", "name": f"Charity {i % 5000}"}],
        "fundingOrganization": [{"id": f"GB-GOR-F{i % 20}", "name": f"Funder {i % 20}"}],
        "grantProgramme": [{"code": f"P{i % 7}", "title": f"Programme {i % 7}"}],
        "beneficiaryLocation": [{"name": f"Ward {i % 300}", "geoCode": f"E0{5000000 + i % 300}", "geoCodeType": "WD",
                                 "latitude": Decimal(f"51.{i % 1000:03d}"), "longitude": Decimal(f"-0.{i % 1000:03d}")}],
    }


def write_corpus(path, n):
    with open(path, "w") as f:
        f.write('{"grants": [\n')
        for i in range(n):
            text = json.dumps(grant(i), default=str)
            # Decimals as JSON numbers, written as their text (default=str quoted them).
            for key in ("amountAwarded", "amountDisbursed", "latitude", "longitude"):
                text = text.replace(f'"{key}": "', f'"{key}": ', 1)
                at = text.index(f'"{key}": ') + len(key) + 4
                end = text.index('"', at)
                text = text[:end] + text[end + 1:]
            f.write(text + (",\n" if i + 1 < n else "\n"))
        f.write("]}\n")


def json_baseline(path):
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        package = json.load(f, parse_float=Decimal)
    grants = transactions = 0
    for g in package["grants"]:
        d = {"id": g.get("id"), "title": g.get("title"), "currency": g.get("currency"), "awarded": g.get("amountAwarded"),
             "disbursed": g.get("amountDisbursed"), "award_date": g.get("awardDate"),
             "dates": [(x.get("startDate"), x.get("endDate")) for x in g.get("plannedDates", [])],
             "recipient": [(x.get("id"), x.get("name")) for x in g.get("recipientOrganization", [])],
             "funders": [(x.get("id"), x.get("name")) for x in g.get("fundingOrganization", [])],
             "programme": [x.get("title") or x.get("code") for x in g.get("grantProgramme", [])],
             "locations": [(x.get("name"), x.get("geoCode"), x.get("geoCodeType"), x.get("latitude"), x.get("longitude"))
                           for x in g.get("beneficiaryLocation", [])]}
        transactions += (d["award_date"] is not None and d["awarded"] is not None) + (d["disbursed"] is not None)
        grants += 1
    return time.perf_counter() - t0, grants, transactions


def main():
    largest = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= largest]
    reader_bench.run(sys.argv[1], sizes, write_corpus, json_baseline, "json.load", "grants")


if __name__ == "__main__":
    main()
