#!/usr/bin/python3
"""Writes the hostile cases of the reliability issue into tests/fuzz/regressions/, where the fuzzers
start from them and the test suite replays them (fuzz.replay_*, also under ASan). Each is small and
named for what it tries. Usage: make_hostile_seeds.py CLI (the grantfolio binary, for the archives)."""
import os
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
TRAILER = b"\ngrantfolio-crc32 "


def write(target, name, data):
    folder = os.path.join(ROOT, "regressions", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def seal(body):
    return body + TRAILER + b"%08x\n" % zlib.crc32(body)


def main():
    cli = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        small = os.path.join(work, "small.xml")
        subprocess.run([cli, "synth", "--grants", "2", "--transactions", "3", "--seed", "5", "--format", "xml", "-o", small],
                       check=True)
        data = open(small, "rb").read()
        body = data[:data.rfind(TRAILER)]
        write("archive", "hostile-xml-no-end-tag", seal(body[:body.rfind(b"</boost_serialization>")]))
        write("archive", "hostile-xml-junk-after-end", seal(body + b"<junk"))
        write("archive", "hostile-xml-not-utf8", seal(body.replace(b"<name>", b"<name>\xff", 1)))
    grant = ('{"id": "G1", "phase": %s, "title": "t", "grantee": null, "partners": [], "sites": [], '
             '"planned_start": null, "planned_end": null, "award": null, "tags": [], "target_groups": [], "transactions": []}')
    doc = ('{"format": "grantfolio-program", "version": %s, "program": {"id": "P", "names": [], "donor": null, '
           '"implementer": null, "totals": [], "phases": []}, "organizations": [], "places": [], "grants": [%s]}')
    write("json", "hostile-phase-past-32-bits", doc % ("1", grant % "4294967297"))
    write("json", "hostile-version-2-64-minus-1", doc % ("18446744073709551615", ""))
    write("json", "hostile-version-zero", doc % ("0", ""))
    write("json", "hostile-version-1e400", doc % ("1e400", ""))
    write("json", "hostile-duplicate-key", doc.replace('"version": %s', '"version": 1, "version": %s') % ("2", ""))
    write("json", "hostile-one-large-array", '{"format": "grantfolio-program", "version": 1, "grants": [' + "1," * 5000 + "1]}")
    write("giving360", "hostile-duplicate-key",
          '{"grants": [{"id": "360G-a", "id": "360G-b", "title": "t", "currency": "GBP", "amountAwarded": 1}]}')
    write("giving360", "hostile-not-utf8.csv", b"Identifier,Title,Currency,Amount Awarded\n360G-1,\xff,GBP,1\n")
    write("giving360", "hostile-duplicate-column.csv", "Identifier,Title,Currency,Amount Awarded,Amount Awarded\n360G-1,t,GBP,10,20\n")
    activity = ('<?xml version="1.0"?>\n<iati-activities version="2.03"><iati-activity default-currency="%s">'
                '<iati-identifier>X-1</iati-identifier><title><narrative>%s</narrative></title>'
                '<transaction><transaction-type code="3"/><transaction-date iso-date="%s"/>'
                '<value value-date="%s">%s</value></transaction></iati-activity></iati-activities>\n')
    write("iati", "hostile-date-with-garbage", activity % ("USD", "t", "2006-05-10garbage", "2006-05-10garbage", "10"))
    write("iati", "hostile-amount-exponent", activity % ("USD", "t", "2006-05-10", "2006-05-10", "1e2"))
    write("iati", "hostile-currency-xxx", activity % ("XXX", "t", "2006-05-10", "2006-05-10", "10"))
    write("iati", "hostile-not-utf8", (activity % ("USD", "@", "2006-05-10", "2006-05-10", "10")).encode().replace(b"@", b"\xc3("))
    write("iati", "hostile-control-character", activity % ("USD", "&#1;", "2006-05-10", "2006-05-10", "10"))
    write("rates", "hostile-inverse-contradiction",
          "base,quote,rate,valid_from,valid_to\nUSD,GBP,1.5,2006-01-01,2006-12-31\nGBP,USD,0.5,2006-06-01,2007-12-31\n")
    write("rates", "hostile-duplicate-column", "base,quote,rate,rate,valid_from\nUSD,GBP,1.5,2,2006-01-01\n")
    write("source", "hostile-json-mentions-iati",
          '{"format": "grantfolio-program", "version": 1, "program": {"id": "<iati-activity>"}}')
    write("source", "hostile-360giving-mentions-grantfolio", '{"grants": [{"id": "grantfolio-program"}]}')


if __name__ == "__main__":
    main()
