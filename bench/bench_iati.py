#!/usr/bin/python3
"""Issue 15's IATI benchmark: a generated corpus of N activities (each with two sectors with
percentages, a recipient country, a location, two budgets, 10 transactions and one finding: a
transaction without value-date), read by grantfolio (io::read_iati through grantfolio_bench_read)
and, as the baseline in the same run, by Python's lxml.etree.iterparse (Debian's python3-lxml)
extracting the same fields (identifier, title, dates, participating organisations, sectors,
countries, locations, budgets and transactions with their dates, currencies and Decimal amounts).
Goals: >= 50 MB/s; >= 5x the baseline; time per activity flat from 1,000 to 100,000; peak memory
<= 3x the file. Usage: bench_iati.py BENCH_BINARY [largest]"""
import sys
import time
from decimal import Decimal

import reader_bench


def activity(i):
    tx = []
    for k in range(10):
        day = f"2012-{(k % 12) + 1:02d}-{(i + k) % 28 + 1:02d}"
        vd = "" if k == 9 else f' value-date="{day}"'  # the finding: no value-date (the transaction date stands for it)
        tx.append(f'<transaction><transaction-type code="{3 if k % 3 else 2}"/><transaction-date iso-date="{day}"/>'
                  f'<value currency="{"EUR" if k % 2 else "USD"}"{vd}>{1000 + i % 997 + k}.{k}5</value>'
                  f'<description><narrative>Payment {k} of activity {i}</narrative></description></transaction>')
    return (f'<iati-activity default-currency="USD" xml:lang="en"><iati-identifier>XM-BENCH-{i}</iati-identifier>'
            f'<reporting-org ref="XM-BENCH" type="10"><narrative>Bench Ministry</narrative></reporting-org>'
            f'<title><narrative>Activity {i}</narrative></title><description type="1"><narrative>Activity {i} does things.</narrative></description>'
            f'<participating-org ref="XM-BENCH" role="1" type="10"><narrative>Bench Ministry</narrative></participating-org>'
            f'<participating-org ref="XM-NGO-{i % 50}" role="4" type="22"><narrative>NGO {i % 50}</narrative></participating-org>'
            f'<activity-status code="2"/><activity-date iso-date="2012-01-01" type="1"/><activity-date iso-date="2013-12-31" type="3"/>'
            f'<recipient-country code="AL" percentage="100"/>'
            f'<location ref="L{i}"><name><narrative>Place {i % 36}</narrative></name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>41.3 19.8</pos></point></location>'
            f'<sector vocabulary="1" code="15160" percentage="60"/><sector vocabulary="1" code="13020" percentage="40"/>'
            f'<budget type="1" status="1"><period-start iso-date="2012-01-01"/><period-end iso-date="2012-12-31"/><value value-date="2012-01-01">50000</value></budget>'
            f'<budget type="1" status="1"><period-start iso-date="2013-01-01"/><period-end iso-date="2013-12-31"/><value value-date="2013-01-01">40000</value></budget>'
            + "".join(tx) + '</iati-activity>\n')


def write_corpus(path, n):
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        for i in range(n):
            f.write(activity(i))
        f.write("</iati-activities>\n")


def lxml_baseline(path):
    from lxml import etree
    t0 = time.perf_counter()
    activities = 0
    transactions = 0
    for _, a in etree.iterparse(path, tag="iati-activity"):
        d = {"id": a.findtext("iati-identifier"), "title": a.findtext("title/narrative"),
             "default_currency": a.get("default-currency"),
             "dates": [(x.get("type"), x.get("iso-date")) for x in a.iterfind("activity-date")],
             "orgs": [(x.get("ref"), x.get("role"), x.get("type"), x.findtext("narrative")) for x in a.iterfind("participating-org")],
             "sectors": [(x.get("vocabulary"), x.get("code"), x.get("percentage")) for x in a.iterfind("sector")],
             "countries": [(x.get("code"), x.get("percentage")) for x in a.iterfind("recipient-country")],
             "locations": [(x.get("ref"), x.findtext("name/narrative")) for x in a.iterfind("location")],
             "budgets": [], "transactions": []}
        for b in a.iterfind("budget"):
            v = b.find("value")
            d["budgets"].append((b.get("type"), b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"),
                                 Decimal(v.text), v.get("currency") or d["default_currency"], v.get("value-date")))
        for t in a.iterfind("transaction"):
            v = t.find("value")
            when = t.find("transaction-date").get("iso-date")
            d["transactions"].append((t.find("transaction-type").get("code"), when, Decimal(v.text),
                                      v.get("currency") or d["default_currency"], v.get("value-date") or when,
                                      t.findtext("description/narrative")))
        transactions += len(d["transactions"]) + len(d["budgets"])
        activities += 1
        a.clear()
        while a.getprevious() is not None:
            del a.getparent()[0]
    return time.perf_counter() - t0, activities, transactions


def main():
    largest = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    sizes = [n for n in (1_000, 10_000, 100_000) if n <= largest]
    reader_bench.run(sys.argv[1], sizes, write_corpus, lxml_baseline, "lxml", "activities")


if __name__ == "__main__":
    main()
